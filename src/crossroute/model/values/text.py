"""Free text, numbers, social-media handles and URLs.

`clean_string` is the base every other text cleaner builds on: Unicode NFC, control and zero-width
characters dropped (but not the zero-width non-joiner Persian spelling needs), whitespace collapsed.
"""

import functools
import re
import unicodedata
from urllib.parse import parse_qs, urlsplit, urlunsplit

from crossroute.model.values._cache import memo_cleaner
from crossroute.model.values.errors import InvalidValue

# C0/C1 controls that str.split() does not treat as whitespace, zero-width space, word joiner, BOM.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b\u2060\ufeff]")

# Thousands separators written as a space, no-break space, thin space or (Swiss) apostrophe.
_GROUP_SPACE = re.compile("(?<=[0-9])[ \u00a0\u2009\u202f'\u2019](?=[0-9]{3}(?:[^0-9]|$))")
_PLAIN_NUMBER = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SEPARATED_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)+")
_THOUSANDS_GROUPS = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")

_HANDLE = re.compile(r"[\w.\-]+")
_URL_HANDLE = re.compile(
    r"(?:https?://)?(?:www\.|m\.|mobile\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)+/+(?:s/)?@?([^/?#]+)(?:[/?#].*)?"
)
_BARE_DOMAIN = re.compile(r"(?:www\.)?[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}(?:[:/?#]|$)", re.IGNORECASE)
_URL_SCHEMES = frozenset({"http", "https", "ftp"})


@functools.lru_cache(maxsize=100_000)
def clean_string(raw: str) -> str | None:
    """Return `raw` in Unicode NFC with invisible characters dropped and whitespace collapsed.

    None when nothing is left; never raises.
    """
    if not raw.isascii():
        raw = unicodedata.normalize("NFC", raw)
    if _INVISIBLE.search(raw):
        raw = _INVISIBLE.sub("", raw)
    return " ".join(raw.split()) or None


@memo_cleaner(maxsize=50_000)
def clean_number(raw: str) -> float | None:
    """Return the number in `raw`, written the English, continental or plain way.

    "1.234,5", "1,234.5", "12 000", "-3,5", "1e3" are understood. With a single separator, a dot is
    a decimal point ("1.234" -> 1.234, as machines write it) and a comma is a decimal comma
    ("12,50" -> 12.5), except "1,234"-like values (1-3 digits, comma, exactly 3 digits), which are
    rejected as ambiguous rather than guessed.
    """
    text = clean_string(raw)
    if text is None:
        return None
    sign = ""
    if text[0] in "+-\u2212":
        sign = "" if text[0] == "+" else "-"
        text = text[1:].lstrip()
    text = _GROUP_SPACE.sub("", text)
    if _PLAIN_NUMBER.fullmatch(text):
        return float(sign + text)
    if not _SEPARATED_NUMBER.fullmatch(text):
        raise InvalidValue(f"number {raw.strip()!r}: not a number")
    return float(sign + _decimal_form(text, raw.strip()))


def _decimal_form(text: str, shown: str) -> str:
    """Rewrite digits with "." and "," separators as digits with one optional decimal point."""
    last_comma, last_dot = text.rfind(","), text.rfind(".")
    if last_comma >= 0 and last_dot >= 0:
        decimal: str | None = "," if last_comma > last_dot else "."
    elif text.count(",") == 1:
        head, tail = text.split(",")
        if len(tail) == 3 and len(head) <= 3 and head != "0":
            raise InvalidValue(f"number {shown!r} is ambiguous: thousands or decimal comma?")
        decimal = ","
    else:
        decimal = None  # several of one separator: thousands groups
    integer, fraction = text.rsplit(decimal, 1) if decimal else (text, "")
    if decimal and decimal in integer:
        raise InvalidValue(f"number {shown!r}: more than one decimal separator")
    if not integer.isdigit() and not _THOUSANDS_GROUPS.fullmatch(integer):
        raise InvalidValue(f"number {shown!r}: thousands groups must have three digits")
    integer = integer.replace(",", "").replace(".", "")
    return f"{integer}.{fraction}" if fraction else integer


@memo_cleaner(maxsize=50_000)
def clean_handle(raw: str) -> str | None:
    """Return a social-media handle: no leading "@", lower case; "t.me/xyz" -> "xyz".

    Profile links give their first path segment ("https://www.tiktok.com/@xyz/video/1" -> "xyz");
    Facebook "profile.php?id=N" links give N.
    """
    text = clean_string(raw)
    if text is None:
        return None
    text = text.lower()
    link = _URL_HANDLE.fullmatch(text)
    if link is not None:
        segment = link.group(1)
        if segment == "profile.php":
            ids = parse_qs(urlsplit(text).query).get("id")
            if not ids:
                raise InvalidValue(f"handle {text!r}: profile link without an id")
            segment = ids[0]
        text = segment
    handle = text.lstrip("@")
    if not _HANDLE.fullmatch(handle):
        raise InvalidValue(f"handle {raw.strip()!r}: only letters, digits, '_', '.', '-' allowed")
    return handle


@memo_cleaner(maxsize=50_000)
def clean_url(raw: str) -> str | None:
    """Return an absolute http(s)/ftp URL with lower-case scheme and host.

    A bare domain ("www.example.com/x", "t.me/xyz") gets "https://".
    """
    text = clean_string(raw)
    if text is None:
        return None
    if " " in text:
        raise InvalidValue(f"URL {text!r} contains spaces")
    if "://" not in text:
        if not _BARE_DOMAIN.match(text):
            raise InvalidValue(f"URL {text!r}: not a web address")
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError as error:
        raise InvalidValue(f"URL {text!r}: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in _URL_SCHEMES:
        raise InvalidValue(f"URL {text!r}: scheme {scheme!r} is not http, https or ftp")
    if not host or "." not in host:
        raise InvalidValue(f"URL {text!r} has no host name")
    netloc = parts.netloc if "@" in parts.netloc else parts.netloc.lower()
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, parts.fragment))
