import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values.vessels import clean_imo, clean_mmsi


@pytest.mark.parametrize(
    ("raw", "imo"),
    [
        ("IMO 9074729", "9074729"),
        ("9074729", "9074729"),
        ("imo:9074729", "9074729"),
        ("IMO No. 9321483", "9321483"),
        (" 9176187 ", "9176187"),
    ],
)
def test_clean_imo(raw: str, imo: str) -> None:
    assert clean_imo(raw) == imo


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("IMO 9074728", "check digit should be 9"),
        ("907472", "expected 7 digits"),
        ("IMO 90747290", "expected 7 digits"),
        ("IMO 907472X", "expected 7 digits"),
    ],
)
def test_invalid_imo(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_imo(raw)


@pytest.mark.parametrize(
    ("raw", "mmsi"),
    [
        ("235123456", "235123456"),  # UK MID 235
        ("MMSI 205 123 456", "205123456"),  # Belgium
        ("mmsi: 244-123-456", "244123456"),  # Netherlands
        ("725000123", "725000123"),  # Chile
    ],
)
def test_clean_mmsi(raw: str, mmsi: str) -> None:
    assert clean_mmsi(raw) == mmsi


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("002320001", "starts with 2 to 7"),  # coast station
        ("970123456", "starts with 2 to 7"),  # AIS-SART
        ("23512345", "expected 9 digits"),
    ],
)
def test_invalid_mmsi(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_mmsi(raw)


def test_blank_is_none() -> None:
    assert clean_imo(" ") is None
    assert clean_imo("IMO") is None
    assert clean_mmsi("") is None
