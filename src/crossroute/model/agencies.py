"""Partner agencies: their country (default phone region) and the schemes they grade and handle with."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml

from crossroute.model.values.errors import InvalidValue

# Any agency's own code: letters, digits and a few separators ("FR-OCRIEST", "NCA", "bka_sg13").
AGENCY_CODE = re.compile(r"^\w[\w .\-()&']{0,63}$")
# A code starting with a country ("NL-KMAR", "de_bpol") gives that country as the default phone region.
_COUNTRY_PREFIX = re.compile(r"^([A-Za-z]{2})[-_ ]")
_PREFIX_COUNTRY = {"UK": "GB", "EL": "GR"}  # the EU's own country prefixes


@dataclass(frozen=True, slots=True)
class Agency:
    code: str
    name: str
    country: str | None  # ISO 3166 alpha-2, the default region for phone numbers
    handling_scheme: str | None
    grading_scheme: str | None


@cache
def known_agencies() -> Mapping[str, Agency]:
    text = resources.files("crossroute.model").joinpath("agencies.yaml").read_text("utf-8")
    raw: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return {
        code: Agency(
            code, spec["name"], spec.get("country"), spec.get("handling"), spec.get("grading")
        )
        for code, spec in raw.items()
    }


def agency(code: str) -> Agency:
    """The agency for a code such as 'FR-OCRIEST'. The codes Crossroute knows are recognised whatever
    the case and written its way; any other code works too and is kept as written (other tools join on
    it), with what its short name ("NCA") or its country prefix ("NL-KMAR" -> NL) tells."""
    cleaned = code.strip()
    if not AGENCY_CODE.match(cleaned):
        raise InvalidValue(
            f"agency code {code!r}: up to 64 letters, digits, spaces and - . _ ( ) & ' "
            "(e.g. FR-OCRIEST)"
        )
    known = known_agencies().get(cleaned.upper())
    if known:
        return known
    short = _by_short_name().get(cleaned.upper())
    if short:
        return replace(short, code=cleaned)
    return Agency(cleaned, cleaned, _country_of(cleaned), None, None)


@cache
def _by_short_name() -> Mapping[str, Agency]:
    """Known agencies by their code without the country ("OCRIEST", "NCA", "BKA"), where unique."""
    short: dict[str, list[Agency]] = {}
    for code, known in known_agencies().items():
        short.setdefault(code.split("-", 1)[-1], []).append(known)
    return {name: found[0] for name, found in short.items() if len(found) == 1}


def _country_of(code: str) -> str | None:
    found = _COUNTRY_PREFIX.match(code)
    if not found:
        return None
    prefix = found.group(1).upper()
    prefix = _PREFIX_COUNTRY.get(prefix, prefix)
    return prefix if prefix in _alpha2_codes() else None


@cache
def _alpha2_codes() -> frozenset[str]:
    import pycountry

    return frozenset(str(country.alpha_2) for country in pycountry.countries)
