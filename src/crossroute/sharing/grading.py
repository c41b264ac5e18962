"""Grading shown with the data, and when a conclusion rests only on low-graded or single-source facts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Low: source not reliable / unknown, or information not confirmed (as each scheme grades).
_LOW_SOURCE = {"EUROPOL": {"C", "X"}, "UK-3X5X2": {"3"}, "ADMIRALTY": {"D", "E", "F"}}
_LOW_INFO = {"EUROPOL": {"3", "4"}, "UK-3X5X2": {"C", "D", "E"}, "ADMIRALTY": {"4", "5", "6"}}


def low_graded(grading: Mapping[str, Any]) -> bool:
    """True when the source or the information is graded low ({scheme, source, info}, as given);
    ungraded counts as low."""
    scheme = str(grading.get("scheme") or "").upper()
    if scheme not in _LOW_SOURCE:
        return True
    return (
        str(grading.get("source") or "").upper() in _LOW_SOURCE[scheme]
        or str(grading.get("info") or "").upper() in _LOW_INFO[scheme]
    )


def caveats(records: Iterable[Mapping[str, Any]]) -> list[str]:
    """What a reader must know about the evidence for one entity."""
    shown = list(records)
    if not shown:
        return []
    notes = []
    if len({r["source"] for r in shown}) == 1:
        notes.append("single source: every fact shown comes from one agency")
    if all(low_graded(r["grading"]) for r in shown):
        notes.append("rests only on low-graded or ungraded information")
    if any(r.get("nature") == "assessment" for r in shown):
        notes.append("includes assessments, not only facts")
    return notes
