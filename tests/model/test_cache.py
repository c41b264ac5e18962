import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values._cache import memo_cleaner


def test_results_and_failures_are_remembered() -> None:
    calls: list[str] = []

    @memo_cleaner(maxsize=8)
    def clean(raw: str) -> str:
        calls.append(raw)
        if raw == "bad":
            raise InvalidValue("bad value")
        return raw.upper()

    assert clean("ok") == "OK"
    assert clean("ok") == "OK"
    errors = []
    for _ in range(3):
        with pytest.raises(InvalidValue, match="bad value") as caught:
            clean("bad")
        errors.append(caught.value)
    assert calls == ["ok", "bad"]
    assert errors[0] is not errors[1]  # a fresh exception each time: no growing traceback


def test_other_errors_are_not_swallowed() -> None:
    @memo_cleaner(maxsize=8)
    def clean(raw: str) -> str:
        raise KeyError(raw)

    with pytest.raises(KeyError):
        clean("x")


def test_wraps_keeps_name_and_doc() -> None:
    @memo_cleaner(maxsize=8)
    def clean_thing(raw: str) -> str:
        """Clean a thing."""
        return raw

    assert clean_thing.__name__ == "clean_thing"
    assert clean_thing.__doc__ == "Clean a thing."
