"""Places named in a post, in English, through a small multilingual gazetteer (`data/places.yaml`).
Matched by words, not one big pattern: a name of one to four words, or a word that starts with a name
(case endings: Londonê, Brîtanyayê, Londrën) or carries a one- or two-letter prefix (بـ, و, لە)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from crossroute.analysis.online.normalise import normalise

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Short Latin names that are also common words (Vietnamese 'anh' is 'brother'): only capitalised.
_CAPITALISED_ONLY = frozenset({"anh", "van", "nga", "ý", "bỉ", "đức", "pháp", "manche", "amed"})
_LONGEST = 4


def _key(name: str) -> str:
    return " ".join(w.casefold() for w in _WORD.findall(normalise(name)))


@dataclass(frozen=True)
class Gazetteer:
    """Names in any language (as word keys) -> (English name, ISO country)."""

    places: dict[str, tuple[str, str]]

    def find(self, text: str) -> list[tuple[str, str]]:
        """(English name, country) of each place the normalised text names, in order, once each."""
        words = _WORD.findall(text)
        folded = [w.casefold() for w in words]
        found: list[tuple[str, str]] = []
        i = 0
        while i < len(words):
            size, place = self._at(words, folded, i)
            if place and place not in found:
                found.append(place)
            i += size
        return found

    def _at(
        self, words: list[str], folded: list[str], i: int
    ) -> tuple[int, tuple[str, str] | None]:
        for size in range(min(_LONGEST, len(words) - i), 1, -1):
            place = self.places.get(" ".join(folded[i : i + size]))
            if place:
                return size, place
        word, original = folded[i], words[i]
        place = self.places.get(word)
        if place and (word not in _CAPITALISED_ONLY or original[:1].isupper()):
            return 1, place
        return 1, self._affixed(word)

    def _affixed(self, word: str) -> tuple[str, str] | None:
        """A name with a case ending or a short prefix (names of five letters or more only)."""
        for start in (0, 1, 2):
            stem = word[start:]
            for end in range(len(stem), 4, -1):
                place = self.places.get(stem[:end])
                if place and (start == 0 or not stem[:end].isascii()):
                    return place
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    raw = yaml.safe_load(
        resources.files("crossroute.analysis.online")
        .joinpath("data", "places.yaml")
        .read_text("utf-8")
    )
    places: dict[str, tuple[str, str]] = {}
    for english, (country, *names) in raw.items():
        for name in (str(english), *map(str, names)):
            key = _key(name)
            if key:
                places.setdefault(key, (str(english), str(country)))
    return Gazetteer(places)
