import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values.genders import clean_gender


@pytest.mark.parametrize(
    ("raw", "gender"),
    [
        ("M", "male"),
        ("m", "male"),
        ("H", "male"),  # homme
        ("male", "male"),
        ("Homme", "male"),
        ("masculin", "male"),
        ("männlich", "male"),
        ("man", "male"),  # English and Dutch
        ("mashkull", "male"),
        ("F", "female"),
        ("f", "female"),
        ("W", "female"),  # weiblich
        ("V", "female"),  # vrouw
        ("female", "female"),
        ("femme", "female"),
        ("FÉMININ", "female"),
        ("weiblich", "female"),
        ("vrouw", "female"),
        ("femër", "female"),
        ("femer", "female"),
        ("X", "other"),
        ("other", "other"),
        ("divers", "other"),
        ("non-binary", "other"),
    ],
)
def test_clean_gender(raw: str, gender: str) -> None:
    assert clean_gender(raw) == gender


def test_blank_is_none() -> None:
    assert clean_gender(" ") is None


@pytest.mark.parametrize("raw", ["U", "unknown", "?", "MF", "non"])
def test_unknown_gender_is_invalid(raw: str) -> None:
    with pytest.raises(InvalidValue, match="not understood"):
        clean_gender(raw)
