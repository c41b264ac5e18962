"""Places named in a post, in English, through a small multilingual gazetteer (`data/places.yaml`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from crossroute.analysis.online.normalise import normalise


@dataclass(frozen=True)
class Gazetteer:
    """Names in any language -> (English name, ISO country); one compiled pattern per script."""

    pattern: re.Pattern[str]
    places: dict[str, tuple[str, str]]

    def find(self, text: str) -> list[tuple[str, str]]:
        """(English name, country) of each place the normalised text names, in order, once each."""
        found: list[tuple[str, str]] = []
        for match in self.pattern.finditer(text):
            place = self.places.get(match.group(0).casefold())
            if place and place not in found:
                found.append(place)
        return found


def _is_latin(name: str) -> bool:
    return all(not ch.isalpha() or ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" for ch in name)


def _alternative(name: str) -> str:
    escaped = re.escape(name)
    if _is_latin(name):
        # A Latin name starts a word; long names take case endings (Londonê, Brîtanyayê, Londrën).
        tail = r"(?![^\W\d_])" if len(name) < 5 else ""
        if name in {"Anh", "Van", "Nga", "Ý", "Bỉ", "Đức", "Pháp"}:
            return rf"(?-i:(?<![^\W\d_]){escaped}(?![^\W\d_]))"
        return rf"(?<![^\W\d_]){escaped}{tail}"
    if len(name) <= 4:  # a short name only as a word of its own (لیل is in دلیل)
        return rf"(?<![^\W\d_]){escaped}(?![^\W\d_])"
    return (
        escaped  # Arabic and Ge'ez script: prefixes (ب، ل، و) and suffixes attach to longer names
    )


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    raw = yaml.safe_load(
        resources.files("crossroute.analysis.online")
        .joinpath("data", "places.yaml")
        .read_text("utf-8")
    )
    places: dict[str, tuple[str, str]] = {}
    for english, (country, *names) in raw.items():
        for name in {str(english), *map(str, names)}:
            places.setdefault(normalise(name).casefold(), (str(english), str(country)))
    names = sorted(places, key=len, reverse=True)
    pattern = re.compile("|".join(_alternative(n) for n in names), re.IGNORECASE)
    return Gazetteer(pattern, places)
