"""Text made comparable before any matching: Arabic-script letter variants, digits of any script,
zero-width characters and tatweel. The captured text itself is never changed; this is a working copy."""

from __future__ import annotations

import unicodedata

# Arabic and Persian letter variants folded to one form (Persian/Kurdish yeh and keheh), digits of
# Arabic-Indic and Extended Arabic-Indic (Persian, Urdu) scripts to ASCII, and marks that only shape text.
_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ـ": None,  # tatweel
        "\u200c": " ",  # zero-width non-joiner: a word-internal break, read as a space for matching
        "\u200d": None,
        "\u200b": None,
        "\u200e": None,
        "\u200f": None,
        "\u202a": None,
        "\u202b": None,
        "\u202c": None,
        "\u202d": None,
        "\u202e": None,
        "\u2066": None,
        "\u2067": None,
        "\u2068": None,
        "\u2069": None,
        "\ufeff": None,
        "\u00a0": " ",
        "\u202f": " ",
        "٫": ".",  # Arabic decimal separator
        "٬": ",",  # Arabic thousands separator
        "،": ",",
        "٪": "%",
        "＋": "+",
    }
    | {chr(0x0660 + i): str(i) for i in range(10)}
    | {chr(0x06F0 + i): str(i) for i in range(10)}
    | {chr(0x0966 + i): str(i) for i in range(10)}
)
# Arabic diacritics (harakat) carry no meaning for matching.
_HARAKAT = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670"}


def digits_ascii(text: str) -> str:
    """Digits of any script as ASCII digits (only decimal digits; other characters kept)."""
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text
    )


def normalise(text: str) -> str:
    """The working form of a post: NFC, variants folded, ASCII digits, no tatweel or zero-width marks."""
    folded = unicodedata.normalize("NFC", text).translate(_FOLD)
    folded = "".join(ch for ch in folded if ch not in _HARAKAT)
    return digits_ascii(folded)
