"""Guess a text file's encoding, telling a legacy code page from UTF-8 with a few broken rows."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 1 << 20
# Code pages partner agencies' exports come in when they are not UTF-8 (Western and Central European,
# Cyrillic, Arabic). Limiting the candidates keeps short files from being read as CJK encodings.
LEGACY_CODE_PAGES = ("cp1252", "iso8859_15", "cp1250", "cp1251", "cp1256")
_DECODED_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")


def has_broken_utf8(data: bytes, encoding: str) -> bool:
    """True when UTF-8 text holds bytes that do not decode (its rows need checking one by one)."""
    if not encoding.startswith("utf-8"):
        return False
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return True
    return False


def detect_encoding(data: bytes) -> str:
    """The encoding to read `data` with.

    A file that is UTF-8 except for some broken bytes stays UTF-8 (the broken rows are quarantined);
    a file whose non-ASCII bytes are mostly not UTF-8 is a legacy code page, named by charset-normalizer.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    decoded_non_ascii = len(_DECODED_NON_ASCII.findall(text))
    if decoded_non_ascii > broken:
        return "utf-8"
    best = from_bytes(data[:_SAMPLE], cp_isolation=list(LEGACY_CODE_PAGES)).best()
    if best is None or _same_text(data[:_SAMPLE], best.encoding, "cp1252"):
        return "cp1252"  # where code pages agree on the text, name the common one
    return str(best.encoding)


def _same_text(data: bytes, first: str, second: str) -> bool:
    try:
        return data.decode(first) == data.decode(second)
    except UnicodeDecodeError:
        return False
