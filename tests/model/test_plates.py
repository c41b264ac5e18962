import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values.plates import clean_plate


@pytest.mark.parametrize(
    ("raw", "plate"),
    [
        ("AB-123-CD", "AB123CD"),  # France
        ("ab 123 cd", "AB123CD"),
        ("LV68 ABC", "LV68ABC"),  # UK
        ("B-MW 1234", "BMW1234"),  # Germany
        ("1-ABC-123", "1ABC123"),  # Belgium
        ("TR 123 AB", "TR123AB"),  # Albania
        ("А123ВС 77", "A123BC77"),  # Cyrillic look-alikes read as Latin
        ("ЕКХ 123", "EKX123"),  # not "EKKH123", as transliteration reads HA
        ("Ö-12", "O12"),
    ],
)
def test_clean_plate(raw: str, plate: str) -> None:
    assert clean_plate(raw) == plate


def test_blank_is_none() -> None:
    assert clean_plate("  ") is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("X", "1 characters, not 2 to 10"),
        ("GB 12 ABC 3456 789", "14 characters"),
        ("--", "no letters or digits"),
    ],
)
def test_invalid_plate(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_plate(raw)
