"""Phone numbers, cleaned to E.164 ("+447700900123").

Parsing follows `phonenumbers` (libphonenumber) exactly, and the number must be possible for its
country (`phonenumbers.is_possible_number`: right length; the digits are not checked against
allocated ranges). A full `phonenumbers.parse` costs about 25 µs; the ingest cleans millions of
values, so the common shapes take a fast path (about 3 µs) that replays the same steps on tables
taken from phonenumbers' own metadata: digits and separators after "+", after "00" where that is
the region's international prefix, or in national form. It returns only results it is sure of;
anything else (letters, extensions, other prefixes, impossible numbers) goes to the full parse,
which also writes the reasons.
"""

import functools
import re
from dataclasses import dataclass
from typing import Any

from crossroute.model.values._cache import memo_cleaner
from crossroute.model.values.errors import InvalidValue

# "+", then digits and the separators people type. Everything else goes to the full parse.
_FAST_SHAPE = re.compile(r"\(?(\+)?([0-9][0-9 ().\-/]*)")
_SEPARATORS = str.maketrans("", "", " ().-/")
_MAX_NATIONAL_LENGTH = 17  # phonenumbers' _MAX_LENGTH_FOR_NSN

# The outcome of phonenumbers' _test_number_length, as far as parsing needs it.
_POSSIBLE, _LOCAL_ONLY, _TOO_SHORT, _TOO_LONG, _INVALID_LENGTH = range(5)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the fast path needs of one region's numbering plan (from phonenumbers' metadata)."""

    calling_code: str
    national_prefix: re.Pattern[str] | None  # national_prefix_for_parsing, matched at the start
    general: re.Pattern[str]  # the general description's national number pattern
    lengths: tuple[int, ...]  # possible lengths of a national significant number
    local_lengths: tuple[int, ...]  # lengths only diallable locally
    idd_is_00: bool  # the international prefix is exactly "00"

    def length_result(self, number: str) -> int:
        """Replay phonenumbers' _test_number_length for the general description."""
        length = len(number)
        if length in self.local_lengths:
            return _LOCAL_ONLY
        if length == self.lengths[0]:
            return _POSSIBLE
        if length < self.lengths[0]:
            return _TOO_SHORT
        if length > self.lengths[-1]:
            return _TOO_LONG
        return _POSSIBLE if length in self.lengths else _INVALID_LENGTH


def _plan(metadata: Any) -> _Plan | None:
    """Build the plan for one metadata record, or None where the fast path would not be exact."""
    general = metadata.general_desc
    if (
        metadata.national_prefix_transform_rule
        or general is None
        or not general.national_number_pattern
        or not general.possible_length
        or general.possible_length[0] == -1
    ):
        return None
    prefix = metadata.national_prefix_for_parsing
    return _Plan(
        calling_code=str(metadata.country_code),
        national_prefix=re.compile(prefix) if prefix else None,
        general=re.compile(general.national_number_pattern),
        lengths=tuple(general.possible_length),
        local_lengths=tuple(general.possible_length_local_only),
        idd_is_00=metadata.international_prefix == "00",
    )


Plan = _Plan  # for callers that clean many numbers at once (see `national_plans`)


@functools.lru_cache(maxsize=512)
def _plan_for_region(region: str) -> _Plan | None:
    """The plan of an ISO alpha-2 region ("GB"), or None when unknown or unsupported."""
    from phonenumbers import PhoneMetadata

    metadata = PhoneMetadata.metadata_for_region(region, None)
    return None if metadata is None else _plan(metadata)


@functools.lru_cache(maxsize=512)
def plan_for_calling_code(code: str) -> _Plan | None:
    """The plan of the main region of a calling code ("44" -> GB), as phonenumbers picks it: numbers
    after "+code" are read with it (None where the fast path does not apply)."""
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata

    regions = COUNTRY_CODE_TO_REGION_CODE.get(int(code))
    if not regions:
        return None
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(int(code), regions[0])
    return None if metadata is None else _plan(metadata)


@functools.lru_cache(maxsize=1)
def calling_codes() -> frozenset[str]:
    """Every country calling code phonenumbers knows ("44", "964", ...)."""
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

    return frozenset(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)


def _fast_e164(text: str, region: str | None) -> str | None:
    """E.164 for the common shapes, exactly as the full parse would give it; None when unsure."""
    shape = _FAST_SHAPE.fullmatch(text)
    if shape is None:
        return None
    digits = shape.group(2).translate(_SEPARATORS)
    if shape.group(1):
        return _international(digits)
    plan = None if region is None else _plan_for_region(region)
    if plan is None:
        return None
    if digits.startswith("00"):
        return _international(digits[2:]) if plan.idd_is_00 and digits[2:3] != "0" else None
    if digits.startswith(plan.calling_code):
        return None  # maybe a country code without "+": phonenumbers weighs both readings
    return _national(digits, plan, plan_for_calling_code(plan.calling_code))


def national_plans(region: str) -> tuple[_Plan, _Plan] | None:
    """The plans cleaning a number in national form for `region` uses: the region's own (its calling
    code and national prefix) and its calling code's main region's (the length check); None where
    the fast path does not apply. For cleaning many numbers at once exactly as `clean_phone` does."""
    try:
        code = _region_code(region)
    except InvalidValue:
        return None
    plan = _plan_for_region(code)
    check = None if plan is None else plan_for_calling_code(plan.calling_code)
    return None if plan is None or check is None else (plan, check)


def _international(digits: str) -> str | None:
    """Digits after "+" or "00": country calling code, then the national number."""
    if len(digits) <= 2 or digits[0] == "0":
        return None
    codes = calling_codes()
    for size in (1, 2, 3):
        if digits[:size] in codes:
            plan = plan_for_calling_code(digits[:size])
            return None if plan is None else _national(digits[size:], plan, plan)
    return None


def _national(number: str, plan: _Plan, check: _Plan | None) -> str | None:
    """Strip a national prefix the way phonenumbers does, then check the length with `check`."""
    if len(number) < 2 or check is None:
        return None
    if plan.national_prefix is not None:
        prefix = plan.national_prefix.match(number)
        if prefix is not None:
            stripped = number[prefix.end() :]
            keep = plan.general.fullmatch(number) and not plan.general.fullmatch(stripped)
            if not keep and plan.length_result(stripped) in (_POSSIBLE, _TOO_LONG):
                number = stripped
    possible = check.length_result(number) in (_POSSIBLE, _LOCAL_ONLY)
    if not possible or len(number) > _MAX_NATIONAL_LENGTH:
        return None
    return f"+{plan.calling_code}{number}"


def _full_e164(text: str, region: str | None) -> str:
    """E.164 by the full phonenumbers parse; raises InvalidValue with the reason."""
    import phonenumbers
    from phonenumbers import NumberParseException, ValidationResult

    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as error:
        raise InvalidValue(f"phone number {text!r}: {_parse_reason(error, text, region)}") from None
    result = phonenumbers.is_possible_number_with_reason(number)
    if result not in (ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY):
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        country = phonenumbers.region_code_for_country_code(number.country_code or 0)
        problem = {
            ValidationResult.TOO_SHORT: "too short",
            ValidationResult.TOO_LONG: "too long",
            ValidationResult.INVALID_COUNTRY_CODE: "unknown country calling code",
        }.get(result, "wrong length")
        raise InvalidValue(f"phone number {text!r} ({e164}): {problem} for {country}")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _parse_reason(error: Any, text: str, region: str | None) -> str:
    from phonenumbers import SUPPORTED_REGIONS, NumberParseException

    if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
        if text.lstrip("( ").startswith("+"):
            return "unknown country calling code"
        if region is not None and region not in SUPPORTED_REGIONS:
            return f"unknown default region {region!r}"
        if region is None:
            return "no country code (+ or 00) and no default region"
        return f"unknown country calling code (default region {region})"
    if error.error_type in (
        NumberParseException.TOO_SHORT_NSN,
        NumberParseException.TOO_SHORT_AFTER_IDD,
    ):
        return "too short"
    if error.error_type == NumberParseException.TOO_LONG:
        return "too long"
    return "not a phone number"


@functools.lru_cache(maxsize=512)
def _region_code(region: str) -> str:
    """Upper-case alpha-2; also takes "UK" and the alpha-3 codes `clean_country` returns."""
    code = region.strip().upper()
    if code == "UK":
        return "GB"
    if len(code) == 3 and code.isalpha():
        from crossroute.model.values.countries import country_alpha2

        try:
            return country_alpha2(code)
        except InvalidValue:
            raise InvalidValue(f"phone region {region!r} is not a country code") from None
    return code


@memo_cleaner(maxsize=200_000)
def clean_phone(raw: str, region: str | None = None) -> str | None:
    """Return the phone number in E.164 form ("+447700900123"), or None for a blank value.

    `region` (ISO alpha-2 such as "FR", "GB"; alpha-3 and "UK" are accepted too) is the country
    assumed for numbers written in national form ("06 12 34 56 78"). "+44 (0)7700 900123",
    "0044 7700 900123" and "00 33 6 12 34 56 78" carry their own country. Without a region, a
    leading "00" is read as the international prefix, as it is everywhere in Europe, Africa and
    the Middle East (phonenumbers itself would reject it).
    """
    text = " ".join(raw.split())
    if not text:
        return None
    code = None if region is None else _region_code(region)
    if code is None and text.startswith("00"):
        text = "+" + text[2:]
    return _fast_e164(text, code) or _full_e164(text, code)
