"""E-mail addresses, trimmed and lower-cased, with a basic syntax check."""

import re

from crossroute.model.values._cache import memo_cleaner
from crossroute.model.values.errors import InvalidValue

_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_DOMAIN = re.compile(r"[^\s@.]+(?:\.[^\s@.]+)+")
_SPACE = re.compile(r"\s")  # the same characters as str.isspace


@memo_cleaner(maxsize=100_000)
def clean_email(raw: str) -> str | None:
    """Return the address trimmed and lower-cased ("Ali.K@Example.COM " -> "ali.k@example.com").

    It must have one "@", something before it, no spaces, and a domain with a dot between non-empty
    labels. Whether the mailbox exists is not checked.
    """
    text = _MAILTO.sub("", raw.strip()).strip("<>").lower()
    if not text:
        return None
    if text.count("@") != 1:
        raise InvalidValue(f"e-mail {raw.strip()!r}: needs exactly one '@'")
    local, domain = text.split("@")
    if not local or _SPACE.search(text):
        raise InvalidValue(f"e-mail {raw.strip()!r}: no name before '@' or contains spaces")
    if not _DOMAIN.fullmatch(domain):
        raise InvalidValue(f"e-mail {raw.strip()!r}: domain {domain!r} is not like 'example.com'")
    return text
