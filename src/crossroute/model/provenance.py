"""Provenance every record carries: who supplied it, how it may be handled, how it was graded.

Schemes and codes are kept exactly as given (SIENA H0-H3, UK 3x5x2 P/C, TLP; Europol A/B/C/X + 1-4, UK 3x5x2,
Admiralty A-F + 1-6). Nothing here converts one scheme into another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from crossroute.model.values.errors import InvalidValue


class SubjectCategory(StrEnum):
    """Categories of data subjects (LED Art. 6, Europol Regulation Annex II)."""

    SUSPECT = "suspect"
    CONVICTED = "convicted"
    POTENTIAL_FUTURE_OFFENDER = "potential_future_offender"
    CONTACT = "contact"
    VICTIM = "victim"
    WITNESS = "witness"
    INFORMANT = "informant"


class Nature(StrEnum):
    """Facts are kept apart from personal assessments (LED Art. 7)."""

    FACT = "fact"
    ASSESSMENT = "assessment"


HANDLING_SCHEMES = {
    "SIENA": re.compile(r"^H[0-3]$"),
    "UK-3X5X2": re.compile(r"^[PC]$"),
    "TLP": re.compile(r"^(RED|AMBER\+STRICT|AMBER|GREEN|CLEAR|WHITE)$"),
}
GRADING_SCHEMES = {
    "EUROPOL": re.compile(r"^([ABCX])([1-4])$"),
    "UK-3X5X2": re.compile(r"^([1-3])([A-E])$"),
    "ADMIRALTY": re.compile(r"^([A-F])([1-6])$"),
}
_SCHEME_ALIASES = {
    "H": "SIENA",
    "EUROPOL": "SIENA",
    "SIENA": "SIENA",
    "UK": "UK-3X5X2",
    "3X5X2": "UK-3X5X2",
    "UK-3X5X2": "UK-3X5X2",
    "UK3X5X2": "UK-3X5X2",
    "TLP": "TLP",
    "NATO": "ADMIRALTY",
    "ADMIRALTY": "ADMIRALTY",
    "4X4": "EUROPOL",
}


@dataclass(frozen=True, slots=True)
class Handling:
    """A handling code as given, with its scheme and (SIENA H3) the owner's free-text restriction."""

    scheme: str
    code: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Grading:
    """Source reliability and information assessment, as given in its scheme."""

    scheme: str
    source: str
    info: str

    @property
    def code(self) -> str:
        return f"{self.source}{self.info}"


def _split_scheme(text: str) -> tuple[str | None, str]:
    """'SIENA:H2' -> ('SIENA', 'H2'); 'TLP:AMBER' -> ('TLP', 'AMBER'); 'H2' -> (None, 'H2')."""
    cleaned = text.strip().upper()
    for sep in (":", " "):
        head, found, tail = cleaned.partition(sep)
        if found and head.replace("-", "") in {a.replace("-", "") for a in _SCHEME_ALIASES}:
            return _SCHEME_ALIASES.get(head) or _SCHEME_ALIASES[head.replace("-", "")], tail.strip()
    return None, cleaned


def parse_handling(text: str, scheme: str | None = None, note: str | None = None) -> Handling:
    """Read a handling code such as 'H2', 'SIENA:H3', 'P', 'TLP:AMBER'; the scheme is inferred if absent."""
    given_scheme, code = _split_scheme(text)
    if code.startswith("TLP:"):
        given_scheme, code = "TLP", code[4:]
    wanted = _canonical_scheme(scheme) or given_scheme
    wanted = "SIENA" if wanted == "EUROPOL" else wanted
    for name, pattern in HANDLING_SCHEMES.items():
        if (wanted is None or wanted == name) and pattern.match(code):
            return Handling(name, code, note.strip() if note and note.strip() else None)
    raise InvalidValue(f"handling code {text!r} is not SIENA H0-H3, UK 3x5x2 P/C or TLP")


def parse_grading(text: str, scheme: str | None = None) -> Grading:
    """Read a grading such as 'B2' (Europol), '1A' (UK 3x5x2), 'ADMIRALTY:C3'; the scheme inferred if absent.

    'B2' fits both Europol and Admiralty: Europol is assumed unless the scheme is given.
    """
    given_scheme, code = _split_scheme(text)
    code = code.replace(" ", "").replace("/", "").replace("-", "")
    wanted = _canonical_scheme(scheme) or given_scheme
    wanted = "EUROPOL" if wanted == "SIENA" else wanted
    for name, pattern in GRADING_SCHEMES.items():
        if wanted is not None and wanted != name:
            continue
        match = pattern.match(code)
        if match:
            return Grading(name, match.group(1), match.group(2))
    raise InvalidValue(
        f"grading {text!r} is not Europol A/B/C/X+1-4, UK 3x5x2 or Admiralty A-F+1-6"
    )


def _canonical_scheme(scheme: str | None) -> str | None:
    if not scheme or not scheme.strip():
        return None
    key = scheme.strip().upper()
    found = _SCHEME_ALIASES.get(key) or _SCHEME_ALIASES.get(key.replace("-", ""))
    if found is None:
        raise InvalidValue(f"unknown scheme {scheme!r}")
    return found


def parse_subject_category(text: str) -> SubjectCategory:
    """Read a data-subject category, accepting a few common spellings."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_").replace("/", "_")
    key = {
        "associate": "contact",
        "contact_associate": "contact",
        "pfo": "potential_future_offender",
        "convict": "convicted",
    }.get(key, key)
    try:
        return SubjectCategory(key)
    except ValueError:
        allowed = ", ".join(c.value for c in SubjectCategory)
        raise InvalidValue(f"data-subject category {text!r} is not one of {allowed}") from None


def parse_nature(text: str) -> Nature:
    """Read 'fact' or 'assessment'."""
    try:
        return Nature(text.strip().lower())
    except ValueError:
        raise InvalidValue(f"{text!r} is neither 'fact' nor 'assessment'") from None


@dataclass(frozen=True, slots=True)
class Provenance:
    """Who supplied a record and under which rules."""

    source: str
    dataset: str | None = None
    source_ref: str | None = None
    collected_on: date | None = None
    handling: Handling | None = None
    grading: Grading | None = None
    subject_category: SubjectCategory | None = None
    nature: Nature = Nature.FACT
    review_date: date | None = None
