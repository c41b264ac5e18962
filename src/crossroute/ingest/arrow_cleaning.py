"""Cells Arrow can clean in one vectorised pass exactly as the type's Python cleaner would: already-ISO
dates of birth and plain ASCII document numbers, the bulk of those columns in real files. Every other
cell still goes through the Python cleaner, so the results (and the reasons for rejections) are the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

import pyarrow as pa
import pyarrow.compute as pc

from crossroute.model.values.dates import clean_date
from crossroute.model.values.documents import clean_document_number


@dataclass(frozen=True, slots=True)
class ArrowCleaned:
    """Which distinct cells Arrow cleaned (`done`) and their cleaned texts (valid where done)."""

    done: pa.Array
    texts: pa.Array


_ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
# the separators clean_document_number removes, as far as ASCII goes (others fall back to Python)
_DOCUMENT_SEPARATORS = r"[\t\n\x0b\x0c\r \-./]+"
_DOCUMENT_NUMBER = r"^[A-Z0-9]{4,20}$"


def arrow_cleaned(values: pa.Array, clean: object, *, plain: bool = True) -> ArrowCleaned | None:
    """The cells of `values` (distinct raw cells) that Arrow cleans like `clean`; None when it cannot
    (another cleaner, or a column with a code map or a split, which only Python applies)."""
    if not plain or not len(values):
        return None
    if isinstance(clean, partial) and clean.func is clean_date and not clean.args:
        return _iso_dates(values, clean.keywords.get("not_after") or dt.date.today())
    if clean is clean_document_number:
        return _document_numbers(values)
    return None


def _iso_dates(values: pa.Array, limit: dt.date) -> ArrowCleaned:
    """Days already written YYYY-MM-DD, a real calendar day from 1900 on and not after `limit`."""
    shaped = pc.fill_null(pc.match_substring_regex(values, _ISO_DAY), False)
    days = pc.strptime(
        pc.if_else(shaped, values, pa.scalar(None, pa.string())),
        format="%Y-%m-%d",
        unit="s",
        error_is_null=True,
    ).cast(pa.date32())
    real = pc.equal(pc.strftime(days, format="%Y-%m-%d"), values)  # Arrow rolls 02-30 over
    within = pc.and_(
        pc.greater_equal(days, pa.scalar(dt.date(1900, 1, 1), pa.date32())),
        pc.less_equal(days, pa.scalar(limit, pa.date32())),
    )
    return ArrowCleaned(pc.fill_null(pc.and_(real, within), False), values)


def _document_numbers(values: pa.Array) -> ArrowCleaned:
    """ASCII numbers that are 4 to 20 letters and digits once separators go, upper-cased."""
    compact = pc.utf8_upper(pc.replace_substring_regex(values, _DOCUMENT_SEPARATORS, ""))
    valid = pc.and_(pc.string_is_ascii(values), pc.match_substring_regex(compact, _DOCUMENT_NUMBER))
    return ArrowCleaned(pc.fill_null(valid, False), compact)
