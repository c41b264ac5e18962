"""Folding text for search, the same at index and at query time: lower case, compatibility forms
and accents stripped, Arabic and Persian letter variants made one, zero-width joiners, tatweel and
bidi marks removed, digits of every script written 0-9.

One implementation, columnar over Arrow arrays (`fold_array`, a load folds each chunk with it) and
used for a single query string too (`fold`), so index and query never drift apart. Plain ASCII text
(most messages) is only lower-cased; the rest is decomposed (NFKD), stripped of combining marks and
recomposed (NFC) by Arrow's kernels, and only the few texts that hold a letter variant, a foreign
digit or an invisible mark go through Python's `str.translate`."""

from __future__ import annotations

import functools
import sys
import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

# Letter variants: Arabic yeh, alef maksura -> Persian yeh; Arabic kaf -> Persian keheh; teh marbuta
# and ae (ۀ decomposed) -> heh; alef wasla -> alef; a few Latin letters without a decomposition (ø ł đ ı). Hamza seats
# (ئ ؤ أ ۀ) decompose to their letter and a combining hamza, which is stripped with the accents.
_VARIANTS = {
    "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ە": "ه", "ٱ": "ا",
    "ø": "o", "ł": "l", "đ": "d", "ı": "i",
}  # fmt: skip
_REMOVED = (
    "\u200c\u200d\u200e\u200f\u0640\u00ad\ufeff"  # ZWNJ, ZWJ, LRM, RLM, tatweel, soft hyphen, BOM
)
_MARKS = r"\p{Mn}+"


@functools.cache
def _table() -> dict[int, str | None]:
    """str.translate's table: variants and digits of every script (Unicode Nd) mapped, marks removed."""
    table: dict[int, str | None] = {ord(a): b for a, b in _VARIANTS.items()}
    for code in range(128, sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) == "Nd":
            table[code] = str(unicodedata.digit(char))
    table.update({ord(c): None for c in _REMOVED})
    return table


@functools.cache
def _special() -> str:
    """An RE2 class of every character the table changes (the texts that need `str.translate`)."""
    ranges: list[list[int]] = []
    for code in sorted(_table()):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\x{{{a:04X}}}-\\x{{{b:04X}}}" for a, b in ranges) + "]"


def _translate(texts: pa.Array) -> pa.Array:
    table = _table()
    return pa.array([t.translate(table) for t in texts.to_pylist()], pa.string())


def fold_array(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Every text folded (nulls become empty strings); a string array of the same length."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks() if texts.num_chunks else pa.array([], pa.string())
    lowered = pc.utf8_lower(pc.fill_null(texts.cast(pa.string()), ""))
    foreign = pc.invert(pc.string_is_ascii(lowered))
    if not pc.any(foreign).as_py():
        return lowered
    rest = pc.filter(lowered, foreign)
    rest = pc.utf8_normalize(rest, form="NFKD")
    rest = pc.utf8_normalize(pc.replace_substring_regex(rest, _MARKS, ""), form="NFC")
    special = pc.match_substring_regex(rest, _special())
    if pc.any(special).as_py():
        rest = pc.replace_with_mask(rest, special, _translate(pc.filter(rest, special)))
    return pc.replace_with_mask(lowered, foreign, rest)


def fold(text: str) -> str:
    """One text folded exactly as the index folds messages."""
    return str(fold_array(pa.array([text], pa.string()))[0].as_py())
