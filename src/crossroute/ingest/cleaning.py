"""Column-wise cleaning: each distinct raw value goes through its type's cleaner once per block."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from crossroute.model.values.dates import PartialDate, clean_date
from crossroute.model.values.errors import InvalidValue
from crossroute.model.values.phones import clean_phone
from crossroute.model.values.registry import cleaner_for

Cleaner = Callable[[str], Any]
_PARTIAL_DATE = re.compile(r"\d{4}|\d{4}-\d{1,2}|\d{1,2}\s*[./-]\s*\d{4}")


@dataclass(slots=True)
class CleanedColumn:
    """Cleaned values (None where empty or invalid; lists where a cell held several) and row -> reason."""

    values: list[Any]
    errors: dict[int, str] = field(default_factory=dict)


def cleaner(
    type_name: str, *, region: str | None, formats: Sequence[str], past_only: bool
) -> Cleaner:
    """The cleaner for a value type with the context it needs (phone region, date formats)."""
    if type_name == "phone":
        return partial(clean_phone, region=region)
    if type_name == "date":
        not_after = dt.date.today() if past_only else None
        if formats:
            return partial(_date_in_formats, formats=tuple(formats), not_after=not_after)
        return partial(clean_date, not_after=not_after)
    return cleaner_for(type_name)


def _date_in_formats(
    raw: str, *, formats: tuple[str, ...], not_after: dt.date | None
) -> PartialDate | None:
    """A date in one of the mapping's formats; only a bare year or month-and-year may differ from them."""
    text = raw.strip()
    if text and not _PARTIAL_DATE.fullmatch(text) and not any(_matches(text, f) for f in formats):
        raise InvalidValue(f"date {raw!r} does not match the format {' or '.join(formats)}")
    return clean_date(text, formats, not_after=not_after)


def _matches(text: str, pattern: str) -> bool:
    try:
        dt.datetime.strptime(text, pattern)
    except ValueError:
        return False
    return True


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


def clean_column_by_region(
    values: Sequence[Any], regions: Sequence[str | None], formats: Sequence[str]
) -> CleanedColumn:
    """Clean phone numbers, each with its own row's default region (the supplying agency's country)."""
    by_region: dict[str | None, list[int]] = {}
    for index, region in enumerate(regions):
        by_region.setdefault(region, []).append(index)
    out: list[Any] = [None] * len(values)
    errors: dict[int, str] = {}
    for region, rows in by_region.items():
        part = clean_column(
            [values[i] for i in rows],
            cleaner("phone", region=region, formats=formats, past_only=False),
        )
        for local, index in enumerate(rows):
            out[index] = part.values[local]
        errors.update({rows[local]: reason for local, reason in part.errors.items()})
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
