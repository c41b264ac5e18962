"""Partner agencies: their country (default phone region) and the schemes they grade and handle with."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from crossroute.model.values.errors import InvalidValue

AGENCY_CODE = re.compile(r"^[A-Z]{2,3}(-[A-Z0-9]{2,12})+$")


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
    """The agency for a code such as 'FR-OCRIEST'; unknown codes get their country from the prefix."""
    cleaned = code.strip().upper()
    if not AGENCY_CODE.match(cleaned):
        raise InvalidValue(f"agency code {code!r} is not of the form CC-NAME (e.g. FR-OCRIEST)")
    known = known_agencies().get(cleaned)
    if known:
        return known
    prefix = cleaned.split("-", 1)[0]
    country = {"UK": "GB"}.get(prefix, prefix) if len(prefix) == 2 and prefix != "EU" else None
    return Agency(cleaned, cleaned, country, None, None)
