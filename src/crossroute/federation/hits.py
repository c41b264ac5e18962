"""From scores to answers: hit or no hit, which node, its reference, a score.

A peer compares another node's published encodings with its own (`scoring`: a match probability per
candidate pair) and keeps pairs at or above a threshold. `all` keeps every such pair (a node may hold one person under several records); `best`
keeps each query's best-scoring record; `one_to_one` pairs records greedily, strongest first, each
record used at most once on either side. Identifier digests hit on equality.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

import numpy as np

from crossroute.federation.encode import Encodings
from crossroute.federation.matcher import Candidates, candidate_pairs
from crossroute.federation.scoring import CANDIDATE_DICE, features, probability

Resolution = Literal["all", "best", "one_to_one"]
DEFAULT_THRESHOLD = 0.5  # a match more likely than not


@dataclass(frozen=True, order=True)
class Hit:
    """One of my records (`query`) is likely held by `node` under `reference`."""

    query: str
    node: str
    reference: str
    score: float
    kind: str = "person"  # or the identifier kind: phone, document, iban...


def match_persons(
    mine: Encodings,
    theirs: Encodings,
    threshold: float = DEFAULT_THRESHOLD,
    resolution: Resolution = "all",
    workers: int | None = None,
) -> list[Hit]:
    """Hits of my persons among a peer's published persons: match probability >= threshold."""
    found = score_pairs(mine, theirs, workers)
    found = resolve(_at_least(found, threshold), resolution)
    return [
        Hit(mine.references[q], theirs.node, theirs.references[b], round(float(s), 4))
        for q, b, s in zip(found.query, found.base, found.score, strict=True)
    ]


def score_pairs(mine: Encodings, theirs: Encodings, workers: int | None = None) -> Candidates:
    """Every candidate pair (whole-filter Dice >= CANDIDATE_DICE) with its match probability."""
    if mine.spec != theirs.spec:
        raise ValueError(f"encodings of {mine.node} and {theirs.node} use different specs")
    found = candidate_pairs(mine.filters, theirs.filters, CANDIDATE_DICE, workers)
    return Candidates(found.query, found.base, probability(features(mine, theirs, found)))


def _at_least(found: Candidates, threshold: float) -> Candidates:
    keep = found.score >= threshold
    return Candidates(found.query[keep], found.base[keep], found.score[keep])


def resolve(found: Candidates, resolution: Resolution) -> Candidates:
    """Keep all pairs, each query's best, or a greedy one-to-one assignment."""
    if resolution == "all" or len(found) == 0:
        return found
    order = np.lexsort((found.base, found.query, -found.score))
    used_q: set[int] = set()
    used_b: set[int] = set()
    keep = []
    for i in order.tolist():
        q, b = int(found.query[i]), int(found.base[i])
        if q in used_q or (resolution == "one_to_one" and b in used_b):
            continue
        used_q.add(q)
        used_b.add(b)
        keep.append(i)
    chosen = np.array(sorted(keep), dtype=np.intp)
    return Candidates(found.query[chosen], found.base[chosen], found.score[chosen])


def match_identifiers(mine: Encodings, theirs: Encodings) -> list[Hit]:
    """Hits on identifier digests: the same phone, document, IBAN... held by the peer."""
    held: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in theirs.identifiers:
        held[(item.kind, item.digest)].append(item.reference)
    hits = {
        Hit(item.reference, theirs.node, ref, 1.0, item.kind)
        for item in mine.identifiers
        for ref in held.get((item.kind, item.digest), ())
    }
    return sorted(hits)
