"""Safe SQL pieces. Values are always bound parameters; identifiers come only from our own allow-lists
and are quoted here."""

from __future__ import annotations

import re

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote_ident(name: str) -> str:
    """Quote a table or column name; refuses anything but a plain identifier."""
    if not _IDENT.match(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return f'"{name}"'


def quote_text(value: str) -> str:
    """A string literal for a place where DuckDB takes no parameter (e.g. a JSON key in a projection)."""
    if not _IDENT.match(value):
        raise ValueError(f"not a plain name: {value!r}")
    return f"'{value}'"
