"""How far two clusterings of the same records agree (e.g. the DuckDB and Spark engines' entities)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

Record = TypeVar("Record", bound=Hashable)


@dataclass(frozen=True)
class Agreement:
    """`same_cluster`: share of records whose cluster has exactly the same members in both;
    `pairwise_f1`: F1 of the pairs of records put together by one against the other;
    `adjusted_rand`: the adjusted Rand index (1 identical, about 0 for chance)."""

    records: int
    same_cluster: float
    pairwise_f1: float
    adjusted_rand: float


def agreement(left: Mapping[Record, str], right: Mapping[Record, str]) -> Agreement:
    """Compare two record -> cluster id mappings over the same records (ids need not match)."""
    if left.keys() != right.keys():
        raise ValueError("the two clusterings cover different records")
    members_left, members_right = _members(left), _members(right)
    same = sum(members_left[record] == members_right[record] for record in left)
    pairs_left = _pairs(Counter(left.values()))
    pairs_right = _pairs(Counter(right.values()))
    pairs_both = _pairs(Counter((left[record], right[record]) for record in left))
    total = _pairs(Counter({"all": len(left)}))
    f1 = 2 * pairs_both / (pairs_left + pairs_right) if pairs_left + pairs_right else 1.0
    expected = pairs_left * pairs_right / total if total else 0.0
    spread = (pairs_left + pairs_right) / 2 - expected
    rand = (pairs_both - expected) / spread if spread else 1.0
    return Agreement(len(left), same / len(left) if left else 1.0, f1, rand)


def _members(clusters: Mapping[Record, str]) -> dict[Record, frozenset[Record]]:
    groups: dict[str, set[Record]] = {}
    for record, cluster in clusters.items():
        groups.setdefault(cluster, set()).add(record)
    frozen = {cluster: frozenset(group) for cluster, group in groups.items()}
    return {record: frozen[cluster] for record, cluster in clusters.items()}


def _pairs(sizes: Counter[str] | Counter[tuple[str, str]]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())
