"""Guess a text file's encoding, telling a legacy code page from UTF-8 with a few broken rows."""

from __future__ import annotations

import codecs
import re

import pyarrow as pa
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
    return encoding.startswith("utf-8") and not is_utf8(data)


def is_utf8(data: bytes) -> bool:
    """True when `data` is well-formed UTF-8 (as `bytes.decode` would accept it), checked by Arrow's
    validator without decoding: several times cheaper than a decode on a big file."""
    offsets = pa.array([0, len(data)], pa.int64()).buffers()[1]
    text = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def detect_encoding(data: bytes) -> str:
    """The encoding to read `data` with.

    A file that is UTF-8 except for some broken bytes stays UTF-8 (the broken rows are quarantined);
    a file whose non-ASCII bytes are mostly not UTF-8 is a legacy code page, named by charset-normalizer.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if is_utf8(data):
        return "utf-8"
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
