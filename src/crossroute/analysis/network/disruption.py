"""Disruption simulation: remove a set of nodes (arrests) and report what is left of the network, which
groups split, which route segments lose every provider, and who would likely take over as broker."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crossroute.analysis.network.case import CaseNetwork, group_candidates
from crossroute.analysis.network.centrality import centrality
from crossroute.analysis.network.graph import network
from crossroute.analysis.network.keyplayers import fragmentation


@dataclass(frozen=True)
class GroupAfter:
    community: int
    members_before: int
    members_left: int
    pieces: int  # connected pieces its remaining members fall into


@dataclass(frozen=True)
class Disruption:
    removed: tuple[int, ...]
    largest_before: int
    largest_after: int
    components_before: int
    components_after: int
    fragmentation_before: float
    fragmentation_after: float
    groups: tuple[GroupAfter, ...]
    segments_orphaned: tuple[str, ...]  # route segments left with no provider
    successors: tuple[tuple[int, float, float], ...]  # node, betweenness before, after


def disrupt(
    case: CaseNetwork,
    removed: Sequence[int],
    *,
    successors: int = 5,
    among: np.ndarray | None = None,
) -> Disruption:
    """What is left after removing `removed`. With `among` (a mask of nodes), only those nodes count:
    the case network of what one caller may see (`gated.seen_case`) keeps every node of the graph,
    and the ones the caller may not see take no part in any figure."""
    core = case.core
    counted = np.ones(core.nodes, dtype=bool) if among is None else among
    n = int(counted.sum())
    gone = np.zeros(core.nodes, dtype=bool)
    gone[list(removed)] = True
    keep = ~gone[core.source] & ~gone[core.target]
    after = network(core.names, core.source[keep], core.target[keep], core.weight[keep])
    label_before = np.asarray(core.graph.connected_components().membership)
    sizes_before = np.bincount(
        label_before[counted], minlength=int(label_before.max(initial=0)) + 1
    )
    label_after = np.asarray(after.graph.connected_components().membership)
    sizes_after = np.bincount(
        label_after[~gone & counted], minlength=int(label_after.max(initial=0)) + 1
    )
    groups = []
    for g in group_candidates(case):
        members = [m for m in g.members if counted[m]]
        left = [m for m in members if not gone[m]]
        if members:
            groups.append(
                GroupAfter(
                    g.community, len(members), len(left), len({int(label_after[m]) for m in left})
                )
            )
    person = case.person & ~case.customer & counted
    cent_after = centrality(after)
    rise = np.where(person & ~gone, cent_after.betweenness - case.centrality.betweenness, -np.inf)
    top = np.argsort(-rise, kind="stable")[:successors]
    return Disruption(
        tuple(int(r) for r in removed),
        int(sizes_before.max(initial=0)),
        int(sizes_after.max(initial=0)),
        int((sizes_before > 0).sum()),
        int((sizes_after > 0).sum()),
        fragmentation(sizes_before[sizes_before > 0].astype(np.int64), n),
        fragmentation(
            np.concatenate([sizes_after, np.ones(int((gone & counted).sum()), np.int64)]), n
        ),
        tuple(groups),
        _orphaned(case, gone, counted),
        tuple(
            (int(i), float(case.centrality.betweenness[i]), float(cent_after.betweenness[i]))
            for i in top
            if np.isfinite(rise[i]) and rise[i] > 0
        ),
    )


def _orphaned(case: CaseNetwork, gone: np.ndarray, counted: np.ndarray) -> tuple[str, ...]:
    graph = case.graph
    providers: dict[str, set[int]] = defaultdict(set)
    for e in graph.evidence:
        for me, event in ((e.a, e.b), (e.b, e.a)):
            segment = graph.segments.get(event)
            if segment and graph.types[me] == "Person" and not case.customer[me] and counted[me]:
                providers[segment].add(me)
    return tuple(
        sorted(s for s, people in providers.items() if people and all(gone[p] for p in people))
    )
