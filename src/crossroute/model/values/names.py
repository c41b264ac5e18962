"""Names of people and organisations: a display form and a matching form.

`clean_name` keeps the name as written (script, case, diacritics) for display. `fold_name` is the
key resolution and search compare: Latin letters without diacritics, lower case, punctuation as
spaces: "AL-HASSAN, Mohammed" and "Al Hassan Mohammed" agree, as do "Gëzim Çela" and "Gezim Cela".
"""

import functools
import re

from crossroute.model.values._fold import fold
from crossroute.model.values.errors import InvalidValue
from crossroute.model.values.text import clean_string

_LETTER = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=200_000)
def _clean(raw: str) -> str | None:
    """Clean, or return "" for a value without any letter (the caller raises)."""
    text = clean_string(raw)
    if text is None:
        return None
    return text if _LETTER.search(text) else ""


def clean_name(raw: str) -> str | None:
    """Return the display form of a name: NFC, whitespace collapsed, script and case kept.

    Raises InvalidValue for a value without a single letter ("123", "--").
    """
    name = _clean(raw)
    if name == "":
        raise InvalidValue(f"name {raw.strip()!r} has no letters")
    return name


def fold_name(raw: str) -> str | None:
    """Return the matching form of a name.

    Arabic, Persian, Sorani, Cyrillic, Greek and Vietnamese are transliterated to Latin (a
    word-initial Arabic article ال becomes the token "al"), diacritics dropped ("Hüseyin" ->
    "huseyin", "Straße" -> "strasse", Turkish dotless and dotted I -> "i"), case folded,
    hyphens, apostrophes and other punctuation turned into spaces ("Al-Hassan" -> "al hassan"),
    whitespace collapsed.
    """
    name = clean_name(raw)
    if name is None:
        return None
    folded = fold(name)
    if not folded:
        raise InvalidValue(f"name {name!r} has no letters that can be written in Latin script")
    return folded


def name_tokens(raw: str) -> list[str]:
    """Return the tokens of `fold_name(raw)`; an empty list for a blank value."""
    folded = fold_name(raw)
    return folded.split() if folded else []
