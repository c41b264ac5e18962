"""Where a named place is (`places.yaml`): a record's place text ('Plage de Stella, Cucq', 'Rotterdam,
ECT Delta') is looked up whole, then part by part, accents and case aside."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from anyascii import anyascii


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    country: str


def _fold(text: str) -> str:
    return " ".join(anyascii(text).casefold().replace("-", " ").split())


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    text = resources.files("crossroute.model").joinpath("places.yaml").read_text("utf-8")
    table = yaml.safe_load(text)
    return {
        _fold(name): Place(name, float(v[0]), float(v[1]), str(v[2])) for name, v in table.items()
    }


def locate(text: str) -> Place | None:
    """The place a text names: the whole text, else its last part that is known, else any known part."""
    places = gazetteer()
    parts = [_fold(p) for p in text.split(",")]
    for candidate in (_fold(text), *reversed(parts)):
        if candidate in places:
            return places[candidate]
    for part in parts:
        for word in part.split():
            if len(word) > 3 and word in places:
                return places[word]
    return None
