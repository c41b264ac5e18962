"""Key judgements: sentences a commander reads first, each with its evidence and a stated confidence on
the UK Professional Head of Intelligence Assessment (PHIA) probability yardstick.

The confidence is computed from the evidence the preparer may see, by a stated rule, not chosen by hand:
corroboration (how many agencies' records support the claim) and the grading those agencies gave (a
reliable source, A/B or 1/2, counts; one unreliable source does not). It is never above what the records
can carry: one agency's records alone never reach "likely"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# (lower %, upper %, phrase), the PHIA yardstick
YARDSTICK = (
    (0, 5, "remote chance"),
    (10, 20, "highly unlikely"),
    (25, 35, "unlikely"),
    (40, 50, "a realistic possibility"),
    (55, 75, "likely"),
    (80, 90, "highly likely"),
    (95, 100, "almost certain"),
)
RELIABLE = {"A", "B", "1", "2"}


@dataclass(frozen=True)
class Judgement:
    text: str  # the sentence, plain text
    confidence: str  # a yardstick phrase with its range, e.g. "likely (55-75%)"
    evidence: str  # what it rests on


def yardstick(step: int) -> str:
    """The phrase and range of a step on the yardstick (0 = remote chance ... 6 = almost certain)."""
    low, high, phrase = YARDSTICK[max(0, min(step, len(YARDSTICK) - 1))]
    return f"{phrase} ({low}-{high}%)"


def phrase(step: int) -> str:
    """The yardstick's words alone, for a sentence: "It is likely that ..."."""
    return YARDSTICK[max(0, min(step, len(YARDSTICK) - 1))][2]


def corroboration_step(records: Iterable[dict[str, Any]], *, stable: bool = True) -> int:
    """How far the records carry a claim: one agency, a realistic possibility; two agencies with at
    least one reliable source, likely; three or more with reliable sources, highly likely. An unstable
    partition (groups that move between runs) lowers it one step."""
    agencies: set[str] = set()
    reliable: set[str] = set()
    for r in records:
        agencies.add(str(r["source"]))
        grading = r.get("grading") or {}
        if str(grading.get("source") or "") in RELIABLE:
            reliable.add(str(r["source"]))
    if not agencies:
        return 0
    if len(agencies) >= 3 and len(reliable) >= 2:
        step = 5
    elif len(agencies) >= 2 and reliable:
        step = 4
    else:
        step = 3
    return step if stable else step - 1


def describe_sources(records: list[dict[str, Any]]) -> str:
    agencies = sorted({str(r["source"]) for r in records})
    return f"{len(records)} records from {len(agencies)} agencies ({', '.join(agencies)})"
