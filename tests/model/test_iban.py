import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values.iban import clean_iban


@pytest.mark.parametrize(
    ("raw", "compact"),
    [
        ("GB82WEST12345698765432", "GB82WEST12345698765432"),
        ("gb82 west 1234 5698 7654 32", "GB82WEST12345698765432"),
        ("AL47 2121 1009 0000 0002 3569 8741", "AL47212110090000000235698741"),
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("IBAN: DE89-3704-0044-0532-0130-00", "DE89370400440532013000"),
        ("BE68 5390 0754 7034", "BE68539007547034"),
        ("NL91ABNA0417164300", "NL91ABNA0417164300"),
        ("FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"),
    ],
)
def test_clean_iban(raw: str, compact: str) -> None:
    assert clean_iban(raw) == compact


def test_blank_is_none() -> None:
    assert clean_iban("") is None
    assert clean_iban("   ") is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("DE88370400440532013000", "check digits should be 89"),
        ("GB00WEST12345698765432", "check digits should be 82"),
        ("DE8937040044053201300", "wrong length for DE"),
        ("XX89370400440532013000", "unknown country code 'XX'"),
        ("GB82WEST1234569876543X", "BBAN structure"),
        ("GB82", "expected a country code"),
        ("---", "no letters or digits"),
    ],
)
def test_invalid_iban(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_iban(raw)
