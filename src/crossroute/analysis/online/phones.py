"""Phone numbers in a post, in E.164: international forms as written, national forms placed in the country
the number itself, the post's places and its language point to (a mobile number valid there)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import phonenumbers

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
_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \-./()]{5,22}\d(?!\w)")
_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def e164_at(candidate: str, regions: Sequence[str]) -> tuple[str, tuple[int, int]] | None:
    """The E.164 form of a candidate (digits, spaces and punctuation as found) and its character span."""
    digits = re.sub(r"[^\d+]", "", candidate)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if "+" in digits[1:]:
        return None
    found = _parse(digits, tuple(regions))
    return (found, (0, len(candidate))) if found else None


@lru_cache(maxsize=200_000)
def _parse(digits: str, regions: tuple[str, ...]) -> str | None:
    if digits.startswith("+"):
        return _valid(digits, None) or _possible(digits, None)
    best: str | None = None
    for index, region in enumerate(regions):
        number = _number(digits, region)
        if number is None:
            continue
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if index == 0 or phonenumbers.number_type(number) in _MOBILE or _DRAMA.fullmatch(e164):
            return str(e164)  # any valid number of the first region; elsewhere a mobile first
        best = best or str(e164)
    if best is None and regions:
        best = _possible(digits, regions[0]) if digits.startswith("0") else None
    if best is None and len(digits) >= 10 and not digits.startswith("0"):
        best = _valid("+" + digits, None)  # a calling code written without '+'
    return best


# Ranges Ofcom keeps for drama (never assigned): numbers in fiction and training material use them.
_DRAMA = re.compile(
    r"\+447700900\d{3}|\+44(?:20794|11349|11749|11849|13149|15149|16149|19149)6\d{4}"
)


def _possible(digits: str, region: str | None) -> str | None:
    """A number of the right length for its country that its numbering plan does not list (yet)."""
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
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
    number = _number(digits, region)
    if number is None:
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def regions_for(language: str, place_regions: Iterable[str]) -> tuple[str, ...]:
    """The regions to try for a national number: the language's first, the places', then the rest."""
    ordered: list[str] = []
    for region in (
        *LANGUAGE_REGIONS.get(language, ())[:1],
        *place_regions,
        *LANGUAGE_REGIONS.get(language, ()),
        *FALLBACK_REGIONS,
    ):
        if region not in ordered:
            ordered.append(region)
    return tuple(ordered)


def find_phones(text: str, regions: Sequence[str]) -> list[tuple[str, tuple[int, int]]]:
    """Phone numbers in normalised text (ASCII digits) as E.164 with their spans, in order, once each.
    A run of digit groups that is not one number is tried without its leading groups."""
    found: list[tuple[str, tuple[int, int]]] = []
    seen: set[str] = set()
    for match in _CANDIDATE.finditer(text):
        raw = match.group(0).rstrip(" -./(")
        start = match.start()
        if _DATE.fullmatch(raw):
            continue
        for offset in _group_starts(raw):
            hit = e164_at(raw[offset:], regions)
            if hit:
                if hit[0] not in seen:
                    seen.add(hit[0])
                    found.append((hit[0], (start + offset, start + len(raw))))
                break
    return found


def _group_starts(raw: str) -> list[int]:
    """Where to start reading a number: the candidate's start, then after each space (a price or a
    count may run into the number)."""
    starts = [0]
    starts.extend(m.end() for m in _SPACES.finditer(raw))
    usable = [s for s in starts if s < len(raw) and len(re.sub(r"\D", "", raw[s:])) >= 7]
    marked = [s for s in usable if raw[s] in "+0("]
    return marked + [s for s in usable if s not in marked]
