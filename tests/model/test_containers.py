import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values.containers import clean_container_number, container_check_digit


@pytest.mark.parametrize(
    ("first10", "digit"),
    [
        ("CSQU305438", 3),  # the ISO 6346 standard's own example
        ("MSCU123456", 6),
        ("TGHU889901", 3),
        ("MAEU000000", 8),
        ("MSKU907032", 3),
        ("HLXU000005", 0),  # sum modulo 11 is 10, which counts as 0
    ],
)
def test_container_check_digit(first10: str, digit: int) -> None:
    assert container_check_digit(first10) == digit


def test_check_digit_rejects_malformed_input() -> None:
    with pytest.raises(InvalidValue):
        container_check_digit("CSQU30543")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("CSQU3054383", "CSQU3054383"),
        ("csqu 305438 3", "CSQU3054383"),
        ("MSCU 123456-6", "MSCU1234566"),
        ("TGHU.889901.3", "TGHU8899013"),
        ("ABCJ1234563", "ABCJ1234563"),  # J: detachable freight equipment
    ],
)
def test_clean_container_number(raw: str, clean: str) -> None:
    assert container_check_digit(clean[:10]) == int(clean[10])
    assert clean_container_number(raw) == clean


def test_blank_is_none() -> None:
    assert clean_container_number("  ") is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("MSCU1234565", "MSCU1234565: check digit should be 6"),
        ("CSQU3054384", "check digit should be 3"),
        ("MSCU123456", "check digit missing \\(would be 6\\)"),
        ("MSCX1234566", "category letter 'X' should be U, J or Z"),
        ("MSC1234566", "expected 4 letters"),
        ("12345678901", "expected 4 letters"),
    ],
)
def test_invalid_container_number(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_container_number(raw)
