"""A fast test of a nationally written number against one country's numbering plan, from phonenumbers'
own metadata (patterns compiled once per country): valid or not, a mobile or not, its E.164 form.
`phonenumbers.parse` + `is_valid_number` give the same answer at about twenty times the cost; triage asks
this question several times for each number of a million posts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

_OTHER_TYPES = (
    "fixed_line",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)


@dataclass(frozen=True)
class _Desc:
    pattern: re.Pattern[str]
    lengths: frozenset[int]

    def matches(self, national: str) -> bool:
        return len(national) in self.lengths and self.pattern.fullmatch(national) is not None


@dataclass(frozen=True)
class _Plan:
    country_code: int
    prefix: str
    general: _Desc
    mobile: _Desc | None
    others: tuple[_Desc, ...]
    simple: bool  # the national prefix is a plain '0' (or none): else phonenumbers parses


# National prefixes for parsing that are a plain '0' in effect (Britain's other form is a carrier code).
_SIMPLE_PREFIXES = (None, "", "0", "0|180020")


def _desc(desc: object, general_lengths: frozenset[int]) -> _Desc | None:
    pattern = getattr(desc, "national_number_pattern", None)
    if desc is None or pattern is None:
        return None
    lengths = frozenset(getattr(desc, "possible_length", None) or general_lengths)
    if lengths == frozenset({-1}):
        return None
    return _Desc(re.compile(pattern), lengths)


@lru_cache(maxsize=512)
def _plan(region: str) -> _Plan | None:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.general_desc is None:
        return None
    general_lengths = frozenset(metadata.general_desc.possible_length or ())
    general = _desc(metadata.general_desc, general_lengths)
    if general is None:
        return None
    others = tuple(
        d
        for d in (_desc(getattr(metadata, name), general_lengths) for name in _OTHER_TYPES)
        if d is not None
    )
    return _Plan(
        country_code=int(metadata.country_code or 0),
        prefix=metadata.national_prefix or "",
        general=general,
        mobile=_desc(metadata.mobile, general_lengths),
        others=others,
        simple=metadata.national_prefix_for_parsing in _SIMPLE_PREFIXES
        and metadata.national_prefix in (None, "", "0")
        and not metadata.national_prefix_transform_rule,
    )


def national(digits: str, region: str) -> tuple[str, bool] | None:
    """(E.164, is a mobile) of ASCII digits written nationally in `region`, or None when the region's plan
    has no such number. The national prefix ('0') is dropped when the rest is a number there."""
    plan = _plan(region)
    if plan is None:
        return None
    if not plan.simple:
        return _parsed(digits, region)
    candidates = [digits]
    if plan.prefix and digits.startswith(plan.prefix):
        candidates.insert(0, digits[len(plan.prefix) :])
    for number in candidates:
        if not plan.general.matches(number):
            continue
        mobile = plan.mobile is not None and plan.mobile.matches(number)
        if mobile or any(d.matches(number) for d in plan.others):
            return f"+{plan.country_code}{number}", mobile
    return None


def international(digits: str) -> tuple[str, bool] | None:
    """(E.164, is a mobile) of '+' and ASCII digits, or None when no country's plan has the number.
    Calling codes are prefix-free: the first one to three digits that are a code are the code."""
    body = digits[1:]
    if not body.isdigit() or body.startswith("0"):
        return None
    for size in (1, 2, 3):
        code = int(body[:size])
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code)
        if not regions:
            continue
        for region in regions:
            plan = _plan(region)
            if plan is None or not plan.simple:
                return _parsed(digits, region)
            # '+44 (0)7911...': a national prefix written after the code is dropped.
            rests = [body[size:]]
            if plan.prefix and rests[0].startswith(plan.prefix):
                rests.append(rests[0][len(plan.prefix) :])
            for rest in rests:
                if plan.general.matches(rest):
                    mobile = plan.mobile is not None and plan.mobile.matches(rest)
                    if mobile or any(d.matches(rest) for d in plan.others):
                        return f"+{code}{rest}", mobile
        return None
    return None


def grouping(e164: str, region: str) -> tuple[int, ...]:
    """The lengths of the digit groups of a number as its country writes it nationally ('0750 111
    2233' in Iraq: 4, 3, 4)."""
    plan = _plan(region)
    if plan is None:
        return ()
    rest = e164[len(str(plan.country_code)) + 1 :]
    number = phonenumbers.PhoneNumber(
        country_code=plan.country_code,
        national_number=int(rest),
        italian_leading_zero=rest.startswith("0") or None,
    )
    national_form = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return tuple(len(g) for g in re.findall(r"\d+", national_form))


_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _parsed(digits: str, region: str) -> tuple[str, bool] | None:
    """The slow, general way (national prefixes such as Russia's '8' or North America's '1')."""
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return str(e164), phonenumbers.number_type(number) in _MOBILE
