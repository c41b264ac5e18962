"""Phone numbers in a post, in E.164: international forms as written, national forms placed in the country
the post's places point to, then its language (a mobile number valid there; the grouping the writer used,
'0750 111 2233' against '07501 112233', tells two such countries apart)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import phonenumbers

from crossroute.analysis.online.numbering import grouping as number_grouping
from crossroute.analysis.online.numbering import international, national

# Where a language's writers usually have their numbers, most likely first.
LANGUAGE_REGIONS: dict[str, tuple[str, ...]] = {
    "ckb": ("IQ", "IR", "TR"),
    "kmr": ("TR", "IQ", "SY"),
    "fa": ("IR", "AF", "TR"),
    "ps": ("AF", "PK", "IR"),
    "ar": ("IQ", "SY", "LY", "EG", "JO", "LB", "TN", "MA", "DZ", "SD", "SA"),
    "sq": ("AL", "XK", "MK"),
    "vi": ("VN",),
    "tr": ("TR",),
    "ur": ("PK",),
    "ti": ("ER", "ET", "SD", "LY"),
    "am": ("ET", "SD"),
    "en": ("GB",),
    "fr": ("FR", "BE"),
}
# Tried last, for a national number no other clue places.
FALLBACK_REGIONS = (
    "GB",
    "FR",
    "BE",
    "DE",
    "NL",
    "IT",
    "GR",
    "TR",
    "IQ",
    "IR",
    "LY",
    "AL",
    "VN",
    "PK",
    "AF",
)
_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \-./()]{5,40}\d(?!\w)")
_GROUP = re.compile(r"[^\s/]+")
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def e164_at(
    candidate: str, regions: Sequence[str], loose: bool = False
) -> tuple[str, tuple[int, int]] | None:
    """The E.164 form of a candidate (digits, spaces and punctuation as found) and its character span.
    `loose`: a national number of the right length for the first region is taken though its numbering
    plan does not list it."""
    digits = re.sub(r"[^\d+]", "", candidate)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if "+" in digits[1:]:
        return None
    grouping = tuple(len(g) for g in re.findall(r"\d+", candidate))
    found = _parse(digits, tuple(regions), grouping)
    if found is None and loose and regions and digits.startswith("0"):
        found = _possible(digits, regions[0], mobile=True)
    return (found, (0, len(candidate))) if found else None


@lru_cache(maxsize=200_000)
def _parse(digits: str, regions: tuple[str, ...], grouping: tuple[int, ...] = ()) -> str | None:
    """A national number placed in the first region (in the order given) where it is a valid mobile,
    except that a region whose usual written grouping ('0750 111 2233' in Iraq, '07501 112233' in Britain)
    is the one the post used wins over the order; with no mobile anywhere, the first valid number."""
    if digits.startswith("+"):
        return _valid(digits, None) or _possible(digits, None)
    mobiles: list[tuple[str, str]] = []
    best: str | None = None
    for region in regions:
        hit = national(digits, region) or _drama(digits, region)
        if hit is None:
            continue
        e164, mobile = hit
        if mobile:
            if len(grouping) < 2:
                return e164  # written in one block: the order decides
            mobiles.append((e164, region))
        best = best or e164
    if len(mobiles) == 1:
        return mobiles[0][0]
    if mobiles:
        return next(
            (e for e, region in mobiles if number_grouping(e, region) == grouping), mobiles[0][0]
        )
    if best is None and len(digits) >= 10 and not digits.startswith("0"):
        best = _valid("+" + digits, None)  # a calling code written without '+'
    return best


def _drama(digits: str, region: str) -> tuple[str, bool] | None:
    """A British drama number (never assigned; fiction uses them) counts as a mobile."""
    if region != "GB" or not digits.startswith("0"):
        return None
    e164 = "+44" + digits[1:]
    return (e164, True) if _DRAMA.fullmatch(e164) else None


# Ranges Ofcom keeps for drama (never assigned): numbers in fiction and training material use them.
_DRAMA = re.compile(
    r"\+447700900\d{3}|\+44(?:20794|11349|11749|11849|13149|15149|16149|19149)6\d{4}"
)


def _possible(digits: str, region: str | None, mobile: bool = False) -> str | None:
    """A number of the right length for its country (for a mobile there, with `mobile`) that its
    numbering plan does not list (yet)."""
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if mobile:
        kind = phonenumbers.PhoneNumberType.MOBILE
        if phonenumbers.is_possible_number_for_type(number, kind) is not True:
            return None
    elif not phonenumbers.is_possible_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _number(digits: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return number
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return number if _DRAMA.fullmatch(e164) else None


def _valid(digits: str, region: str | None) -> str | None:
    if region is None and digits.startswith("+"):
        hit = international(digits)
        if hit is not None:
            return hit[0]
        return digits if _DRAMA.fullmatch(digits) else None
    number = _number(digits, region)
    if number is None:
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def regions_for(language: str, place_regions: Iterable[str]) -> tuple[str, ...]:
    """The regions to try for a national number: the countries of the places the post names, in the order
    named, then the language's countries, the language only as the last hint (`find_phones` tries
    FALLBACK_REGIONS after these)."""
    return tuple(dict.fromkeys((*place_regions, *LANGUAGE_REGIONS.get(language, ()))))


@lru_cache(maxsize=1)
def _pattern_cache() -> None:
    """Keep phonenumbers' compiled patterns (the numbering plans of many countries overflow the re
    module's own cache, and recompiling them was a large part of the cost of triage)."""
    phonenumbers.re_util.enable_pattern_cache()


def find_phones(text: str, regions: Sequence[str]) -> list[tuple[str, tuple[int, int]]]:
    """Phone numbers in normalised text (ASCII digits) as E.164 with their spans, in order, once each.
    A run of digit groups may hold several numbers ('07911 123456 / 07911 654321') or a price running into
    a number ('2500 07700 900123'): groups are read greedily, those that start like a number ('+', '00',
    '0', '(') first, the longest valid run from each."""
    _pattern_cache()
    found: list[tuple[str, tuple[int, int]]] = []
    for match in _CANDIDATE.finditer(text):
        raw = match.group(0).rstrip(" -./(")
        if _DATE.fullmatch(raw):
            continue
        for number, (start, end) in _numbers_in(raw, regions):
            found.append((number, (match.start() + start, match.start() + end)))
    unique: list[tuple[str, tuple[int, int]]] = []
    for number, span in sorted(found, key=lambda f: f[1]):
        if number not in (n for n, _ in unique):
            unique.append((number, span))
    return unique


def _numbers_in(raw: str, regions: Sequence[str]) -> list[tuple[str, tuple[int, int]]]:
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(raw)]
    used = [False] * len(groups)
    found: list[tuple[str, tuple[int, int]]] = []
    widened = tuple(dict.fromkeys((*regions, *FALLBACK_REGIONS)))
    passes = ((True, tuple(regions), False), (True, tuple(regions), True), (True, widened, False))
    for marked_only, tried, loose in (*passes, (False, widened, False)):
        i = 0
        while i < len(groups):
            if used[i] or (marked_only and raw[groups[i][0]] not in "+0("):
                i += 1
                continue
            i = _longest_from(raw, groups, used, i, tried, found, loose)
    return sorted(found, key=lambda f: f[1])


def _longest_from(
    raw: str,
    groups: list[tuple[int, int]],
    used: list[bool],
    i: int,
    regions: Sequence[str],
    found: list[tuple[str, tuple[int, int]]],
    loose: bool,
) -> int:
    """Read the longest valid number starting at group i; the index to go on from."""
    for j in range(len(groups), i, -1):
        if any(used[i:j]):
            continue
        span = (groups[i][0], groups[j - 1][1])
        piece = raw[span[0] : span[1]]
        if sum(ch.isdigit() for ch in piece) < 7:
            break
        hit = e164_at(piece, regions, loose)
        if hit:
            found.append((hit[0], span))
            used[i:j] = [True] * (j - i)
            return j
    return i + 1
