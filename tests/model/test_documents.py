import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values.documents import clean_document_number, ocr_key


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ab 123-456", "AB123456"),
        ("BA1234567", "BA1234567"),  # Albanian passport
        ("12AB34567", "12AB34567"),  # French passport
        ("C01X00T47", "C01X00T47"),  # German passport
        ("EH.123.456", "EH123456"),
        ("T22/000129", "T22000129"),
        ("353456789012345", "353456789012345"),  # an IMEI is an identifier too
    ],
)
def test_clean_document_number(raw: str, clean: str) -> None:
    assert clean_document_number(raw) == clean


def test_blank_is_none() -> None:
    assert clean_document_number(" - ") is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("AB1", "3 characters, not 4 to 20"),
        ("A" * 21, "21 characters"),
        ("AB#1234", "only letters A-Z and digits"),
        ("АВ123456", "only letters A-Z and digits"),  # Cyrillic look-alikes
    ],
)
def test_invalid_document_number(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_document_number(raw)


def test_ocr_key_folds_look_alike_characters() -> None:
    assert ocr_key("BOIL5SZG") == "80115526"
    assert ocr_key("AB0I23") == ocr_key("A80123")
    assert ocr_key("ab0i23") == "A80123"
    assert ocr_key("X12345") == "X12345"  # digits and other letters unchanged
