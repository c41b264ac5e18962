"""Column-wise cleaning: each distinct raw value goes through its type's cleaner once per block."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from crossroute.model.values.dates import PartialDate, clean_date
from crossroute.model.values.errors import InvalidValue
from crossroute.model.values.phones import clean_phone
from crossroute.model.values.registry import cleaner_for

Cleaner = Callable[[str], Any]


@dataclass(slots=True)
class CleanedColumn:
    """Cleaned values (None where empty or invalid; lists where a cell held several) and row -> reason."""

    values: list[Any]
    errors: dict[int, str] = field(default_factory=dict)


def cleaner(type_name: str, *, region: str | None, formats: Sequence[str], past_only: bool) -> Cleaner:
    """The cleaner for a value type with the context it needs (phone region, date formats)."""
    if type_name == "phone":
        return partial(clean_phone, region=region)
    if type_name == "date":
        return partial(
            clean_date, formats=tuple(formats) or None, not_after=dt.date.today() if past_only else None
        )
    return cleaner_for(type_name)


def clean_column(values: Sequence[Any], clean: Cleaner) -> CleanedColumn:
    """Clean every cell of a column; a cell may be one value or a list of values."""
    cache: dict[str, Any] = {}
    out: list[Any] = []
    errors: dict[int, str] = {}
    for index, cell in enumerate(values):
        if isinstance(cell, list):
            cleaned_list = []
            for item in cell:
                value = _cached(cache, clean, item)
                if isinstance(value, InvalidValue):
                    errors[index] = str(value)
                elif value is not None:
                    cleaned_list.append(value)
            out.append(cleaned_list or None)
            continue
        if not cell:
            out.append(None)
            continue
        value = _cached(cache, clean, cell)
        if isinstance(value, InvalidValue):
            errors[index] = str(value)
            value = None
        out.append(value)
    return CleanedColumn(out, errors)


def _cached(cache: dict[str, Any], clean: Cleaner, raw: str) -> Any:
    try:
        return cache[raw]
    except KeyError:
        pass
    try:
        value = clean(raw)
    except InvalidValue as error:
        value = error
    cache[raw] = value
    return value


def as_text(value: Any) -> str | None:
    """The stored text of a cleaned value (dates as YYYY[-MM[-DD]], numbers without trailing .0)."""
    if value is None:
        return None
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
