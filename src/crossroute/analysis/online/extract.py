"""Everything a post yields before scoring: its language, phone numbers, prices, places, handles and links,
and the masked text the classifier reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crossroute.analysis.online.classifier import masked
from crossroute.analysis.online.language import detect_language
from crossroute.analysis.online.normalise import normalise
from crossroute.analysis.online.phones import find_phones, regions_for
from crossroute.analysis.online.places import gazetteer
from crossroute.analysis.online.prices import find_prices

HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,30}\b")
_LINK = re.compile(r"(?:https?://|www\.|t\.me/|wa\.me/)\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Extraction:
    language: str
    phones: tuple[str, ...]
    prices: tuple[str, ...]
    places: tuple[str, ...]
    handles: tuple[str, ...]
    links: tuple[str, ...]
    masked: str


def extract(text: str, language: str | None = None) -> Extraction:
    """The extraction of one post's captured text (the language detected unless given)."""
    lang = language or detect_language(text)
    working = normalise(text)
    places = gazetteer().find(working)
    hints = regions_for(lang, [country for _, country in places])
    phones = find_phones(working, hints)
    blanked = _blank(working, [span for _, span in phones])
    prices = find_prices(blanked, hints.ordered())
    return Extraction(
        language=lang,
        phones=tuple(p for p, _ in phones),
        prices=tuple(p for p, _ in prices),
        places=tuple(name for name, _ in places),
        handles=tuple(dict.fromkeys(HANDLE.findall(text))),
        links=tuple(dict.fromkeys(link.rstrip(".,)") for link in _LINK.findall(text))),
        masked=masked(working, [s for _, s in phones], [s for _, s in prices]),
    )


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans replaced by spaces (same length, so other spans still line up)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
