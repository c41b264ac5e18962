"""Folding text for search, the same at index and at query time: lower case, accents stripped,
Arabic and Persian letter variants made one, zero-width joiners, tatweel and bidi marks removed,
digits of every script written 0-9. One SQL expression does it, so a load folds in DuckDB (columnar)
and a query folds through the same expression (never two implementations that drift apart)."""

from __future__ import annotations

import functools
import sys
import unicodedata

import duckdb

# Letter variants: Arabic yeh, alef maksura, hamza seats -> Persian yeh; Arabic kaf -> Persian keheh;
# teh marbuta, heh with yeh above -> heh; waw with hamza -> waw; a few Latin letters without a
# decomposition (ø ł đ ı).
_VARIANTS = {
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ؤ": "و", "ٱ": "ا",
    "ø": "o", "ł": "l", "đ": "d", "ı": "i",
}  # fmt: skip
_REMOVED = (
    "\u200c\u200d\u200e\u200f\u0640\u00ad\ufeff"  # ZWNJ, ZWJ, LRM, RLM, tatweel, soft hyphen, BOM
)


@functools.cache
def _digits() -> tuple[str, str]:
    """Every decimal digit of every script except ASCII, and its value."""
    chars = [chr(c) for c in range(128, sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Nd"]
    return "".join(chars), "".join(str(unicodedata.digit(c)) for c in chars)


@functools.cache
def fold_params() -> tuple[str, str, str]:
    """The expression's bound parameters: a class of every character to change (RE2), and the
    `translate(text, from, to)` strings (variants and digits mapped, the rest removed). Most messages
    have none of them and skip the translation (which costs per character of `from`)."""
    digits_from, digits_to = _digits()
    source = "".join(_VARIANTS) + digits_from + _REMOVED
    target = "".join(_VARIANTS.values()) + digits_to
    ranges: list[list[int]] = []
    for code in sorted(map(ord, source)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    pattern = "[" + "".join(f"\\x{{{a:04X}}}-\\x{{{b:04X}}}" for a, b in ranges) + "]"
    return pattern, source, target


def fold_sql(column: str) -> str:
    """The folding expression over a column (a fixed identifier chosen by the caller, never user
    input); it takes `fold_params()` as three bound parameters, in that order."""
    x = f"strip_accents(lower({column}))"
    return f"CASE WHEN regexp_matches({x}, ?) THEN translate({x}, ?, ?) ELSE {x} END"


@functools.cache
def _connection() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def fold(text: str) -> str:
    """One text folded exactly as the index folds messages."""
    found = (
        _connection()
        .execute(f"SELECT {fold_sql('t')} FROM (SELECT ?::VARCHAR AS t)", [*fold_params(), text])
        .fetchone()
    )
    return str(found[0]) if found and found[0] is not None else ""
