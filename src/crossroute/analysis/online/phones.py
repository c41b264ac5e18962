"""Phone numbers in a post, in E.164: international forms as written; a national form placed in the country
the evidence weighs for most (`RegionHints.weigh`): the places the post names, its language's countries, a
mobile there, and the grouping the writer used ('0750 111 2233' is Iraq's, '07501 112233' Britain's)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class RegionHints:
    """Where a post's nationally written numbers may be from: the countries of the places it names (in the
    order named) and its language's countries (most likely first); other countries only as a fallback."""

    places: tuple[str, ...] = ()
    language: tuple[str, ...] = ()

    def ordered(self) -> tuple[str, ...]:
        """The places' countries, then the language's."""
        return tuple(dict.fromkeys((*self.places, *self.language)))

    def widened(self) -> tuple[str, ...]:
        """The post's regions, then the fallback ones."""
        return tuple(dict.fromkeys((*self.ordered(), *FALLBACK_REGIONS)))

    def weigh(
        self, region: str, mobile: bool, written: tuple[int, ...], usual: tuple[int, ...]
    ) -> float:
        """How strongly the evidence places a valid national number in `region`: a place the post names,
        then its language's first country, its other countries; a mobile (adverts give mobiles); the
        grouping the writer used, when written in groups: a first group of another length than the
        country writes ('07501' is not Iraq's '0750') counts against, and the whole of a grouping as
        particular as Turkey's '0533 987 65 43' or France's '06 12 34 56 78' counts for."""
        score = 0.0
        if region in self.places:
            score = _PLACE + (_ALSO_LANGUAGE if region in self.language else 0.0)
        elif self.language and region == self.language[0]:
            score = _FIRST_LANGUAGE
        elif region in self.language:
            score = _LANGUAGE
        if mobile:
            score += _MOBILE_WEIGHT
        if len(written) >= 2 and usual:
            if written[0] != usual[0]:
                score += _OTHER_FIRST_GROUP
            elif len(written) >= 4 and written == usual:
                score += _PARTICULAR_GROUPING
        return score


# The weights of `RegionHints.weigh`; ties go to the order of `RegionHints.widened`.
_PLACE, _ALSO_LANGUAGE, _FIRST_LANGUAGE, _LANGUAGE = 3.0, 0.5, 2.5, 1.5
_MOBILE_WEIGHT, _OTHER_FIRST_GROUP, _PARTICULAR_GROUPING = 1.0, -1.0, 1.0


def e164_at(
    candidate: str, regions: Sequence[str], loose: bool = False, hints: RegionHints | None = None
) -> tuple[str, tuple[int, int]] | None:
    """The E.164 form of a candidate (digits, spaces and punctuation as found) and its character span.
    A national number must be valid in one of `regions`; the country is then the one `hints` weigh for
    most (by default, `regions` read as the language's). `loose`: a national number of the right length
    for the first region is taken though its numbering plan does not list it."""
    digits = re.sub(r"[^\d+]", "", candidate)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if "+" in digits[1:]:
        return None
    grouping = tuple(len(g) for g in re.findall(r"\d+", candidate))
    found = _parse(digits, tuple(regions), hints or RegionHints((), tuple(regions)), grouping)
    if found is None and loose and regions and digits.startswith("0"):
        found = _possible(digits, regions[0], mobile=True)
    return (found, (0, len(candidate))) if found else None


@lru_cache(maxsize=200_000)
def _parse(
    digits: str, tried: tuple[str, ...], hints: RegionHints, grouping: tuple[int, ...] = ()
) -> str | None:
    """A national number valid in one of the `tried` regions, placed in the region (of those and the
    hints' wider list) that the hints weigh for most; None when no tried region has it."""
    if digits.startswith("+"):
        return _valid(digits, None) or _possible(digits, None)
    if not any(_national(digits, region) for region in tried):
        if len(digits) >= 10 and not digits.startswith("0"):
            return _valid("+" + digits, None)  # a calling code written without '+'
        return None
    best: tuple[float, str] | None = None
    for region in dict.fromkeys((*tried, *hints.widened())):
        hit = _national(digits, region)
        if hit is None:
            continue
        e164, mobile = hit
        usual = number_grouping(e164, region) if len(grouping) >= 2 else ()
        score = hints.weigh(region, mobile, grouping, usual)
        if best is None or score > best[0]:
            best = (score, e164)
    return best[1] if best else None


def _national(digits: str, region: str) -> tuple[str, bool] | None:
    return national(digits, region) or _drama(digits, region)


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


def regions_for(language: str, place_regions: Iterable[str]) -> RegionHints:
    """The hints for a post's national numbers: the countries of the places it names, in the order named,
    and its language's countries (`find_phones` tries FALLBACK_REGIONS after these)."""
    return RegionHints(tuple(dict.fromkeys(place_regions)), LANGUAGE_REGIONS.get(language, ()))


@lru_cache(maxsize=1)
def _pattern_cache() -> None:
    """Keep phonenumbers' compiled patterns (the numbering plans of many countries overflow the re
    module's own cache, and recompiling them was a large part of the cost of triage)."""
    phonenumbers.re_util.enable_pattern_cache()


def find_phones(text: str, hints: RegionHints) -> list[tuple[str, tuple[int, int]]]:
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
        for number, (start, end) in _numbers_in(raw, hints):
            found.append((number, (match.start() + start, match.start() + end)))
    unique: list[tuple[str, tuple[int, int]]] = []
    for number, span in sorted(found, key=lambda f: f[1]):
        if number not in (n for n, _ in unique):
            unique.append((number, span))
    return unique


def _numbers_in(raw: str, hints: RegionHints) -> list[tuple[str, tuple[int, int]]]:
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(raw)]
    used = [False] * len(groups)
    found: list[tuple[str, tuple[int, int]]] = []
    regions, widened = hints.ordered(), hints.widened()
    passes = ((True, regions, False), (True, regions, True), (True, widened, False))
    for marked_only, tried, loose in (*passes, (False, widened, False)):
        i = 0
        while i < len(groups):
            if used[i] or (marked_only and raw[groups[i][0]] not in "+0("):
                i += 1
                continue
            i = _longest_from(raw, groups, used, i, (tried, hints), found, loose)
    return sorted(found, key=lambda f: f[1])


def _longest_from(
    raw: str,
    groups: list[tuple[int, int]],
    used: list[bool],
    i: int,
    regions: tuple[Sequence[str], RegionHints],
    found: list[tuple[str, tuple[int, int]]],
    loose: bool,
) -> int:
    """Read the longest number starting at group i valid in the tried regions (`regions`: those and the
    post's hints); the index to go on from."""
    tried, hints = regions
    for j in range(len(groups), i, -1):
        if any(used[i:j]):
            continue
        span = (groups[i][0], groups[j - 1][1])
        piece = raw[span[0] : span[1]]
        if sum(ch.isdigit() for ch in piece) < 7:
            break
        hit = e164_at(piece, tried, loose, hints)
        if hit:
            found.append((hit[0], span))
            used[i:j] = [True] * (j - i)
            return j
    return i + 1
