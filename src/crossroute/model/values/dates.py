"""Dates, kept at the precision they were given: "1990", "1990-04" or "1990-04-03" (as in FtM).

Officers write dates day-first (03/04/1990, 3.4.1990, 3 avril 1990, 3. April 1990, 3 prill 1990),
machines write ISO (1990-04-03, 19900403, 1990-04-03T10:00:00Z). A US month-first date is read as
such only when it cannot be day-first (04/13/1990), unless the source says order="mdy".
"""

import calendar
import datetime
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from crossroute.model.values._cache import memo_cleaner
from crossroute.model.values._fold import fold
from crossroute.model.values.errors import InvalidValue

Precision = Literal["year", "month", "day"]
Order = Literal["dmy", "mdy"]

_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})" + _TIME + r")?)?")
_YEAR_FIRST = re.compile(r"(\d{4})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{1,2})\.?" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})\.?" + _TIME)
_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{4})")
_DAY_MONTH_NAME = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th|er|\.)?\s*(?:de\s+|-)?([^\W\d_]+)\.?\s*(?:de\s+|-)?,?\s*(\d{4}|\d{2})"
)
_MONTH_NAME_DAY = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_MONTH_NAME_YEAR = re.compile(r"([^\W\d_]+)\.?\s*(?:de\s+|-)?(\d{4})")

# Month names and abbreviations in English, French, German, Dutch and Albanian, as folded by
# `fold` (lower case, no diacritics): "février" -> "fevrier", "nëntor" -> "nentor".
_MONTH_NAMES = (
    "january jan janvier janv januar janner jaen januari janar",
    "february feb fevrier fev fevr februar februari shkurt shk",
    "march mar mars marz maerz mrz maart mrt",
    "april apr avril avr prill pri",
    "may mai mei maj",
    "june jun juin juni qershor qer",
    "july jul juillet juil juli korrik kor",
    "august aug aout augustus gusht gus",
    "september sep sept septembre shtator sht",
    "october oct octobre oktober okt tetor tet",
    "november nov novembre nentor nen",
    "december dec decembre dez dezember dhjetor dhj",
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day; `text` is "YYYY", "YYYY-MM" or "YYYY-MM-DD".

    `default_jan1` marks a full date on 1 January, which asylum registrations often use when the
    real date of birth is unknown: resolution should weigh it like a year.
    """

    text: str
    precision: Precision
    default_jan1: bool


@functools.lru_cache(maxsize=1)
def _months() -> Mapping[str, int]:
    return {name: month for month, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}


def clean_date(
    raw: str,
    formats: Sequence[str] | None = None,
    *,
    order: Order = "dmy",
    not_after: datetime.date | None = None,
    not_before: datetime.date | None = datetime.date(1900, 1, 1),
) -> PartialDate | None:
    """Return the date in `raw` at the precision given, or None for a blank value.

    `formats` (strptime patterns) are tried first; a declared day-month order then holds for the
    other numeric shapes too ("04/13/1990" is rejected under "%d/%m/%Y"). Impossible dates
    (31/02/1990, month 13) and dates after `not_after` or before `not_before` raise InvalidValue.
    A two-digit year is put in the latest century that keeps the date from being in the future
    (after `not_after`, or today).
    """
    patterns = (formats,) if isinstance(formats, str) else tuple(formats or ())
    return _clean_date(raw, patterns, order, not_after, not_before)


@memo_cleaner(maxsize=100_000)
def _clean_date(
    raw: str,
    formats: tuple[str, ...],
    order: Order,
    not_after: datetime.date | None,
    not_before: datetime.date | None,
) -> PartialDate | None:
    text = " ".join(raw.split())
    if not text:
        return None
    limit = not_after or datetime.date.today()
    # A declared format also fixes the order of day and month in the other numeric shapes.
    strict = _declared_order(formats)
    year, month, day = _from_formats(text, formats) or _parse(text, strict or order, bool(strict))
    if year < 100:
        year = _pivot(year, month or 1, day or 1, limit)
    return _checked(text, year, month, day, not_after, not_before)


def _from_formats(text: str, formats: tuple[str, ...]) -> tuple[int, int, int] | None:
    for pattern in formats:
        try:
            parsed = datetime.datetime.strptime(text, pattern)
        except ValueError:
            continue
        has_day = any(code in pattern for code in ("%d", "%-d", "%j", "%x", "%c"))
        has_month = has_day or any(code in pattern for code in ("%m", "%-m", "%b", "%B"))
        return parsed.year, parsed.month if has_month else 0, parsed.day if has_day else 0
    return None


def _declared_order(formats: tuple[str, ...]) -> Order | None:
    """The order ("dmy" or "mdy") of the first format with day and month before the year."""
    for pattern in formats:
        month, day = pattern.find("%m"), pattern.find("%d")
        year = max(pattern.find("%Y"), pattern.find("%y"))
        if month >= 0 and day >= 0 and year > max(month, day):
            return "mdy" if month < day else "dmy"
    return None


def _parse(text: str, order: Order, strict: bool = False) -> tuple[int, int, int]:
    """(year, month, day) with 0 for an unknown month or day; a two-digit year is left below 100."""
    if match := _ISO.fullmatch(text) or _YEAR_FIRST.fullmatch(text):
        year_text, month_text, day_text = match.groups()
        return _year_first(int(year_text), int(month_text or 0), int(day_text or 0), strict)
    if match := _COMPACT.fullmatch(text):
        year, month, day = (int(group) for group in match.groups())
        if 1 <= month <= 12 or not 1 <= year % 100 <= 12:
            return _year_first(year, month, day, strict)
        first, second, year = year // 100, year % 100, month * 100 + day  # DDMMYYYY
        return (year, *_day_month(first, second, order, strict, text))
    if match := _NUMERIC.fullmatch(text):
        first_text, _, second_text, year_text = match.groups()
        return (int(year_text), *_day_month(int(first_text), int(second_text), order, strict, text))
    if match := _MONTH_YEAR.fullmatch(text):
        return int(match.group(2)), int(match.group(1)), 0
    if match := _DAY_MONTH_NAME.fullmatch(text):
        day_text, name, year_text = match.groups()
        return int(year_text), _month(name, text), int(day_text)
    if match := _MONTH_NAME_DAY.fullmatch(text):
        name, day_text, year_text = match.groups()
        return int(year_text), _month(name, text), int(day_text)
    if match := _MONTH_NAME_YEAR.fullmatch(text):
        name, year_text = match.groups()
        return int(year_text), _month(name, text), 0
    raise InvalidValue(f"date {text!r} is not in a known format")


def _year_first(year: int, month: int, day: int, strict: bool) -> tuple[int, int, int]:
    """A year-first date; with day and month swapped where only that makes sense (1990-23-05), as
    officers' records really come, unless the source's date format was declared (`strict`)."""
    if not strict and month > 12 and 1 <= day <= 12:
        return year, day, month
    return year, month, day


def _day_month(first: int, second: int, order: Order, strict: bool, text: str) -> tuple[int, int]:
    """(month, day) from two numbers in `order`, or the other way round where only that makes sense
    (unless `strict`: the order was declared with the source's date format)."""
    month_first = order == "mdy"
    only_other_way = second > 12 >= first if not month_first else first > 12 >= second
    if only_other_way and not strict:
        month_first = not month_first
    month, day = (first, second) if month_first else (second, first)
    if month > 12 and strict:
        raise InvalidValue(
            f"date {text!r}: impossible date, month {month} does not exist "
            "(day-month order as declared)"
        )
    if month > 12:
        raise InvalidValue(
            f"date {text!r}: impossible date, neither {first} nor {second} can be a month"
        )
    return month, day


def _month(name: str, text: str) -> int:
    month = _months().get(fold(name))
    if month is None:
        raise InvalidValue(f"date {text!r}: {name!r} is not a month name")
    return month


def _month_name(month: int) -> str:
    """The English name of a month, whatever the process locale."""
    return _MONTH_NAMES[month - 1].split()[0].title() if month else "that month"


def _pivot(year: int, month: int, day: int, limit: datetime.date) -> int:
    """Put a two-digit year in the latest century that keeps the date on or before `limit`."""
    full = limit.year // 100 * 100 + year
    if (full, month, day) > (limit.year, limit.month, limit.day):
        full -= 100
    return full


def _checked(
    text: str,
    year: int,
    month: int,
    day: int,
    not_after: datetime.date | None,
    not_before: datetime.date | None,
) -> PartialDate:
    """Validate the parts and the bounds and build the PartialDate."""
    if not 1 <= year <= 9999:
        raise InvalidValue(f"date {text!r}: impossible date, year {year} is out of range")
    if month and not 1 <= month <= 12:
        raise InvalidValue(f"date {text!r}: impossible date, month {month} does not exist")
    if day and (not month or not 1 <= day <= calendar.monthrange(year, month)[1]):
        raise InvalidValue(
            f"date {text!r}: impossible date, {_month_name(month)} {year} has no day {day}"
        )
    first = datetime.date(year, month or 1, day or 1)
    last = datetime.date(year, month or 12, day or calendar.monthrange(year, month or 12)[1])
    if not_after is not None and first > not_after:
        raise InvalidValue(f"date {text!r} is after {not_after.isoformat()}")
    if not_before is not None and last < not_before:
        raise InvalidValue(f"date {text!r} is before {not_before.isoformat()}")
    if day:
        return PartialDate(f"{year:04d}-{month:02d}-{day:02d}", "day", month == 1 and day == 1)
    if month:
        return PartialDate(f"{year:04d}-{month:02d}", "month", False)
    return PartialDate(f"{year:04d}", "year", False)
