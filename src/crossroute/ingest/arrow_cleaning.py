"""Cells Arrow can clean in one vectorised pass exactly as the type's Python cleaner would: dates written
YYYY-MM-DD, DD/MM/YYYY (also with dots or dashes) or YYYY, plain ASCII document numbers and e-mail
addresses, the bulk of those columns in real files. Every other cell still goes through the Python
cleaner, so the results (and the reasons for rejections) are the same."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial

import pyarrow as pa
import pyarrow.compute as pc

from crossroute.model.values.dates import clean_date
from crossroute.model.values.documents import clean_document_number
from crossroute.model.values.emails import clean_email
from crossroute.model.values.phones import (
    Plan,
    calling_codes,
    clean_phone,
    national_plans,
    plan_for_calling_code,
)


@dataclass(frozen=True, slots=True)
class ArrowCleaned:
    """Which distinct cells Arrow cleaned (`done`) and their cleaned texts (valid where done)."""

    done: pa.Array
    texts: pa.Array


_ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
# two-digit day and month, then the year, one separator twice (RE2 has no back-references)
_DAY_MONTH_YEAR = r"^\d{2}/\d{2}/\d{4}$|^\d{2}\.\d{2}\.\d{4}$|^\d{2}-\d{2}-\d{4}$"
_YEAR = r"^\d{4}$"
_FIRST_DAY = dt.date(1900, 1, 1)
# the separators clean_document_number removes, as far as ASCII goes (others fall back to Python)
_DOCUMENT_SEPARATORS = r"[\t\n\x0b\x0c\r \-./]+"
_DOCUMENT_NUMBER = r"^[A-Z0-9]{4,20}$"
# one "@", no spaces, control characters or angle brackets, a dotted domain of non-empty labels
_EMAIL = r"^[^\x00-\x20<>@]+@[^\x00-\x20<>@.]+(?:\.[^\x00-\x20<>@.]+)+$"
_MAILTO = r"(?i)^mailto:"
_NO_TEXT = pa.scalar(None, pa.string())


def arrow_cleaned(values: pa.Array, clean: object, *, plain: bool = True) -> ArrowCleaned | None:
    """The cells of `values` (distinct raw cells) that Arrow cleans like `clean`; None when it cannot
    (another cleaner, or a column with a code map or a split, which only Python applies)."""
    if not plain or not len(values):
        return None
    if (
        isinstance(clean, partial)
        and clean.func is clean_date
        and not clean.args
        and set(clean.keywords) <= {"not_after"}
    ):
        return _dates(values, clean.keywords.get("not_after") or dt.date.today())
    if clean is clean_document_number:
        return _document_numbers(values)
    if clean is clean_email:
        return _emails(values)
    if (
        isinstance(clean, partial)
        and clean.func is clean_phone
        and set(clean.keywords) == {"region"}
    ):
        return None if clean.args else _phones(values, clean.keywords["region"])
    return None


def _dates(values: pa.Array, limit: dt.date) -> ArrowCleaned:
    """Real calendar days from 1900 on and not after `limit` written YYYY-MM-DD, or DD/MM/YYYY (day
    first, unless only month first makes sense: 04/13/1990), and years from 1900 to `limit`'s."""
    first, second = pc.utf8_slice_codeunits(values, 0, 2), pc.utf8_slice_codeunits(values, 3, 5)
    month_first = pc.and_(pc.greater(second, "12"), pc.less_equal(first, "12"))
    from_day_first = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(values, 6, 10),
        pc.if_else(month_first, first, second),
        pc.if_else(month_first, second, first),
        "-",
    )
    iso = pc.if_else(_matches(values, _ISO_DAY), values, _NO_TEXT)
    texts = pc.if_else(_matches(values, _DAY_MONTH_YEAR), from_day_first, iso)
    days = pc.strptime(texts, format="%Y-%m-%d", unit="s", error_is_null=True).cast(pa.date32())
    real = pc.and_(  # the day as written, not rolled over (Arrow reads 02-30 as 03-02)
        pc.equal(pc.day(days), _number(texts, 8, 10)),
        pc.equal(pc.month(days), _number(texts, 5, 7)),
    )
    within = pc.and_(
        pc.greater_equal(days, pa.scalar(_FIRST_DAY, pa.date32())),
        pc.less_equal(days, pa.scalar(limit, pa.date32())),
    )
    is_year = _matches(values, _YEAR)
    year = pc.if_else(is_year, values, _NO_TEXT).cast(pa.int32())
    good_year = pc.and_(pc.greater_equal(year, _FIRST_DAY.year), pc.less_equal(year, limit.year))
    done = pc.or_(pc.fill_null(pc.and_(real, within), False), pc.fill_null(good_year, False))
    return ArrowCleaned(done, pc.if_else(is_year, values, texts))


def _number(texts: pa.Array, start: int, stop: int) -> pa.Array:
    return pc.utf8_slice_codeunits(texts, start, stop).cast(pa.int64())


def _matches(values: pa.Array, pattern: str) -> pa.Array:
    return pc.fill_null(pc.match_substring_regex(values, pattern), False)


def _emails(values: pa.Array) -> ArrowCleaned:
    """ASCII addresses with nothing to trim or strip, lower-cased."""
    plain = pc.and_(pc.string_is_ascii(values), _matches(values, _EMAIL))
    done = pc.and_(plain, pc.invert(_matches(values, _MAILTO)))
    return ArrowCleaned(pc.fill_null(done, False), pc.ascii_lower(values))


def _document_numbers(values: pa.Array) -> ArrowCleaned:
    """ASCII numbers that are 4 to 20 letters and digits once separators go, upper-cased."""
    compact = pc.utf8_upper(pc.replace_substring_regex(values, _DOCUMENT_SEPARATORS, ""))
    valid = pc.and_(pc.string_is_ascii(values), pc.match_substring_regex(compact, _DOCUMENT_NUMBER))
    return ArrowCleaned(pc.fill_null(valid, False), compact)


# digits and the separators clean_phone removes, in national form (no "+") or after "+": the shapes of
# its fast path
_NATIONAL_PHONE = r"^\(?[0-9][0-9 ().\-/]*$"
_INTERNATIONAL_PHONE = r"^\(?\+[0-9][0-9 ().\-/]*$"
_PHONE_SEPARATORS = r"[ ().\-/]"
_LITERAL_PREFIXES = r"\d+(?:\|\d+)*"
_MAX_NATIONAL_LENGTH = 17
_POSSIBLE, _LOCAL_ONLY, _TOO_SHORT, _TOO_LONG, _INVALID_LENGTH = range(5)


def _phones(values: pa.Array, region: str | None) -> ArrowCleaned | None:
    """Numbers in international form ("+" and a calling code) for any agency, and in national form
    for the agency's region; None when Arrow cleans neither."""
    international = _international_phones(values)
    national = None if region is None else _national_phones(values, region)
    if national is None:
        return international
    return ArrowCleaned(  # the two shapes never overlap: only one starts with "+"
        pc.or_(international.done, national.done),
        pc.if_else(international.done, international.texts, national.texts),
    )


def _international_phones(values: pa.Array) -> ArrowCleaned:
    """Numbers after "+", to E.164 as `clean_phone`'s fast path makes them: the shortest leading
    digits that are a calling code, the rest a national number of that code's main region."""
    done = pa.nulls(len(values), pa.bool_()).fill_null(False)
    texts = pa.nulls(len(values), pa.string())
    shaped = _matches(values, _INTERNATIONAL_PHONE)
    if not pc.any(shaped).as_py():  # an agency writing national numbers only: nothing to do
        return ArrowCleaned(done, texts)
    digits = pc.replace_substring_regex(values, r"^\(?\+", "")
    digits = pc.replace_substring_regex(digits, _PHONE_SEPARATORS, "")
    usable = pc.and_(
        shaped,
        pc.and_(pc.greater(pc.utf8_length(digits), 2), pc.invert(pc.starts_with(digits, "0"))),
    )
    codes = pa.array(sorted(calling_codes()), pa.string())
    code = pa.nulls(len(values), pa.string())
    for size in (3, 2, 1):  # the shortest wins
        head = pc.utf8_slice_codeunits(digits, 0, size)
        code = pc.if_else(pc.is_in(head, value_set=codes), head, code)
    code = pc.if_else(pc.fill_null(usable, False), code, _NO_TEXT)
    for found in pc.unique(code).drop_null().to_pylist():
        plan = plan_for_calling_code(found)
        if plan is None or not _literal_prefix(plan):
            continue
        number = pc.utf8_slice_codeunits(digits, len(found))
        possible, e164 = _national_number(number, plan, plan)
        cleaned = pc.and_(pc.fill_null(pc.equal(code, found), False), possible)
        done, texts = pc.or_(done, cleaned), pc.if_else(cleaned, e164, texts)
    return ArrowCleaned(done, texts)


def _national_phones(values: pa.Array, region: str) -> ArrowCleaned | None:
    """Numbers in national form for `region` ("07700 900123" in GB), to E.164 as `clean_phone`'s fast
    path makes them: the national prefix stripped the way phonenumbers does, the length checked. Where
    the region's national prefix is not plain digits (or digits or digits), Python cleans them all."""
    plans = national_plans(region)
    if plans is None:
        return None
    plan, check = plans
    if not _literal_prefix(plan):
        return None
    number = pc.replace_substring_regex(values, _PHONE_SEPARATORS, "")
    usable = pc.and_(
        _matches(values, _NATIONAL_PHONE),
        pc.invert(pc.or_(pc.starts_with(number, "00"), pc.starts_with(number, plan.calling_code))),
    )
    possible, e164 = _national_number(number, plan, check)
    return ArrowCleaned(pc.fill_null(pc.and_(usable, possible), False), e164)


def _literal_prefix(plan: Plan) -> bool:
    """The plan's national prefix is absent or plain digits (or digits or digits)."""
    prefix = plan.national_prefix.pattern if plan.national_prefix else ""
    return not prefix or re.fullmatch(_LITERAL_PREFIXES, prefix) is not None


def _national_number(number: pa.Array, plan: Plan, check: Plan) -> tuple[pa.Array, pa.Array]:
    """A national number as `clean_phone`'s fast path takes it: at least two digits, the national
    prefix stripped the way phonenumbers does, a possible length for `check`. (possible, E.164)"""
    usable = pc.greater_equal(pc.utf8_length(number), 2)
    if plan.national_prefix:
        number = _without_national_prefix(number, plan.national_prefix.pattern.split("|"), plan)
    length = pc.utf8_length(number)
    possible = pc.and_(
        pc.is_in(_length_result(length, check), pa.array([_POSSIBLE, _LOCAL_ONLY])),
        pc.less_equal(length, _MAX_NATIONAL_LENGTH),
    )
    e164 = pc.binary_join_element_wise(f"+{plan.calling_code}", number, "")
    return pc.fill_null(pc.and_(usable, possible), False), e164


def _without_national_prefix(number: pa.Array, prefixes: list[str], plan: Plan) -> pa.Array:
    """Strip the first of `prefixes` a number starts with, unless phonenumbers would keep it: the number
    fits the general pattern only with it, or is too short or of an invalid length without it."""
    stripped, found = number, pa.nulls(len(number), pa.bool_()).fill_null(False)
    for literal in reversed(prefixes):  # the first alternative that matches wins, as in `re.match`
        starts = pc.starts_with(number, literal)
        stripped = pc.if_else(starts, pc.utf8_slice_codeunits(number, len(literal)), stripped)
        found = pc.or_(found, starts)
    general = f"^(?:{plan.general.pattern})$"
    keep = pc.and_(_matches(number, general), pc.invert(_matches(stripped, general)))
    fits = pc.is_in(
        _length_result(pc.utf8_length(stripped), plan), pa.array([_POSSIBLE, _TOO_LONG])
    )
    return pc.if_else(pc.and_(pc.and_(found, pc.invert(keep)), fits), stripped, number)


def _length_result(length: pa.Array, plan: Plan) -> pa.Array:
    """phonenumbers' _test_number_length for the general description, as `Plan.length_result`."""
    result = pc.if_else(pc.is_in(length, pa.array(plan.lengths)), _POSSIBLE, _INVALID_LENGTH)
    result = pc.if_else(pc.greater(length, plan.lengths[-1]), _TOO_LONG, result)
    result = pc.if_else(pc.less(length, plan.lengths[0]), _TOO_SHORT, result)
    result = pc.if_else(pc.equal(length, plan.lengths[0]), _POSSIBLE, result)
    local = pc.is_in(length, pa.array(plan.local_lengths, pa.int32()))
    return pc.if_else(local, _LOCAL_ONLY, result)
