"""The handling code of a whole document: the most restrictive of its sources' codes, as given."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# How restrictive each code is, comparable across schemes (0 = share freely ... 4 = named recipients).
RANK = {
    ("SIENA", "H0"): 0,
    ("SIENA", "H1"): 1,
    ("SIENA", "H2"): 2,
    ("SIENA", "H3"): 3,
    ("UK-3X5X2", "P"): 0,
    ("UK-3X5X2", "C"): 2,
    ("TLP", "CLEAR"): 0,
    ("TLP", "WHITE"): 0,
    ("TLP", "GREEN"): 1,
    ("TLP", "AMBER"): 2,
    ("TLP", "AMBER+STRICT"): 3,
    ("TLP", "RED"): 4,
}
UNKNOWN = 2  # a code we cannot place is treated as restricted, never as free


def rank(scheme: str | None, code: str | None) -> int:
    return RANK.get(((scheme or "").upper(), (code or "").upper()), UNKNOWN if code else 0)


def most_restrictive(handlings: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """{scheme, code, notes, all}: the most restrictive code among the sources (ties: every code of that
    rank is listed in `all`), and the H3/C notes that travel with it."""
    seen: dict[tuple[str, str], set[str]] = {}
    for h in handlings:
        key = (str(h.get("scheme") or ""), str(h.get("code") or ""))
        if key[1]:
            seen.setdefault(key, set()).update([str(h["note"])] if h.get("note") else [])
    if not seen:
        return {"scheme": None, "code": None, "notes": [], "all": []}
    top = max(rank(*k) for k in seen)
    worst = sorted(k for k in seen if rank(*k) == top)
    notes = sorted({n for k in worst for n in seen[k]})
    return {
        "scheme": worst[0][0],
        "code": worst[0][1],
        "notes": notes,
        "all": [f"{s} {c}" for s, c in sorted(seen, key=lambda k: (-rank(*k), k))],
        "label": " / ".join(f"{s} {c}" for s, c in worst),
    }
