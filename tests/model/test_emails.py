import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values.emails import clean_email


@pytest.mark.parametrize(
    ("raw", "email"),
    [
        (" Ali.K@Example.COM ", "ali.k@example.com"),
        ("mailto:gezim.cela@gmail.com", "gezim.cela@gmail.com"),
        ("<besnik_88@hotmail.fr>", "besnik_88@hotmail.fr"),
        ("kawa+boats@proton.me", "kawa+boats@proton.me"),
    ],
)
def test_clean_email(raw: str, email: str) -> None:
    assert clean_email(raw) == email


def test_blank_is_none() -> None:
    assert clean_email("   ") is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("ali.k.example.com", "exactly one '@'"),
        ("ali@k@example.com", "exactly one '@'"),
        ("@example.com", "no name before '@'"),
        ("ali k@example.com", "contains spaces"),
        ("ali@localhost", "not like 'example.com'"),
        ("ali@example..com", "not like 'example.com'"),
    ],
)
def test_invalid_email(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_email(raw)
