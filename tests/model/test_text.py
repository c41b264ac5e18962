import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values.text import clean_handle, clean_number, clean_string, clean_url


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  rue  de la\tPaix\n 12 ", "rue de la Paix 12"),
        ("Grande-Synthe\u00a0camp", "Grande-Synthe camp"),
        ("Gravelines\u200b", "Gravelines"),
        ("Caf\u0065\u0301 du Port", "Café du Port"),
        ("\ufeffDunkerque", "Dunkerque"),
        ("", None),
        (" \t ", None),
    ],
)
def test_clean_string(raw: str, clean: str | None) -> None:
    assert clean_string(raw) == clean


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("12", 12.0),
        ("-3", -3.0),
        ("1.5", 1.5),
        ("1.234", 1.234),  # a lone dot is a decimal point
        ("12,50", 12.5),  # a lone comma followed by other than 3 digits is a decimal comma
        ("0,123", 0.123),
        ("50,9513", 50.9513),  # a latitude written the French way
        ("1234,567", 1234.567),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567.0),
        ("1,234,567", 1234567.0),
        ("1.234.567,89", 1234567.89),
        ("12 000", 12000.0),
        ("12\u00a0000,50", 12000.5),
        ("1'250", 1250.0),
        ("\u22123,5", -3.5),
        ("+46", 46.0),
        ("1e3", 1000.0),
        (".5", 0.5),
    ],
)
def test_clean_number(raw: str, number: float) -> None:
    assert clean_number(raw) == number


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1,234", "ambiguous"),
        ("12,500", "ambiguous"),
        ("1,2,3", "thousands groups must have three digits"),
        ("1.23.456", "thousands groups must have three digits"),
        ("1,234,5.6", "thousands groups"),
        ("12 kg", "not a number"),
        ("€ 500", "not a number"),
        ("nan", "not a number"),
        ("inf", "not a number"),
    ],
)
def test_invalid_number(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_number(raw)


def test_blank_number_is_none() -> None:
    assert clean_number("  ") is None


@pytest.mark.parametrize(
    ("raw", "handle"),
    [
        ("@Calais_Crossings", "calais_crossings"),
        ("calais.crossings", "calais.crossings"),
        ("t.me/xyz_boats", "xyz_boats"),
        ("https://t.me/xyz_boats", "xyz_boats"),
        ("https://t.me/s/xyz_boats", "xyz_boats"),
        ("https://www.instagram.com/uk.travel.agent/", "uk.travel.agent"),
        ("https://www.tiktok.com/@uk_trip/video/7312345678", "uk_trip"),
        ("facebook.com/profile.php?id=100012345678", "100012345678"),
        ("https://m.facebook.com/besnik.k?ref=share", "besnik.k"),
        ("https://x.com/Someone", "someone"),
    ],
)
def test_clean_handle(raw: str, handle: str) -> None:
    assert clean_handle(raw) == handle


@pytest.mark.parametrize("raw", ["two words", "@bad/handle!", "facebook.com/profile.php"])
def test_invalid_handle(raw: str) -> None:
    with pytest.raises(InvalidValue):
        clean_handle(raw)


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("https://Example.COM/Path?q=1", "https://example.com/Path?q=1"),
        ("HTTP://example.com", "http://example.com/"),
        ("www.example.com/advert/123", "https://www.example.com/advert/123"),
        ("t.me/xyz_boats", "https://t.me/xyz_boats"),
        ("https://user@Example.com/x", "https://user@Example.com/x"),
    ],
)
def test_clean_url(raw: str, url: str) -> None:
    assert clean_url(raw) == url


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("not a url", "contains spaces"),
        ("javascript:alert(1)", "not a web address"),
        ("mailto://someone@example.com", "scheme 'mailto'"),
        ("https://localhost/x", "no host name"),
        ("https://[::1", "Invalid IPv6"),
    ],
)
def test_invalid_url(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_url(raw)
