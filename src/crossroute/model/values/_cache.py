"""A memo for cleaners that remembers failures as well as results.

`functools.lru_cache` does not cache exceptions, so a value that fails cleaning (the same "kurde"
in a nationality column, the same "31/02/1990" in a million rows) would be re-parsed on every row.
The memo stores the failure's reason and raises a fresh `InvalidValue` each time, so tracebacks do
not pile up on one shared exception object.
"""

import functools
from collections.abc import Callable
from typing import Final, ParamSpec, TypeVar, cast

from crossroute.model.values.errors import InvalidValue

P = ParamSpec("P")
T = TypeVar("T")


class _Failure:
    """The reason a cached call raised `InvalidValue`."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason: Final = reason


def memo_cleaner(maxsize: int) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Memoise a pure cleaner (hashable arguments), including the `InvalidValue` it raises."""

    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        call = cast(Callable[..., T], func)

        @functools.lru_cache(maxsize=maxsize)
        def outcome(*args: object, **kwargs: object) -> T | _Failure:
            try:
                return call(*args, **kwargs)
            except InvalidValue as error:
                return _Failure(str(error))

        remembered = cast(Callable[..., T | _Failure], outcome)

        @functools.wraps(func)
        def cleaner(*args: P.args, **kwargs: P.kwargs) -> T:
            result = remembered(*args, **kwargs)
            if isinstance(result, _Failure):
                raise InvalidValue(result.reason)
            return result

        return cleaner

    return decorate
