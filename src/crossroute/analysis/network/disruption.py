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


def disrupt(case: CaseNetwork, removed: Sequence[int], *, successors: int = 5) -> Disruption:
    core, n = case.core, case.core.nodes
    gone = np.zeros(n, dtype=bool)
    gone[list(removed)] = True
    keep = ~gone[core.source] & ~gone[core.target]
    after = network(core.names, core.source[keep], core.target[keep], core.weight[keep])
    comp_before = core.graph.connected_components()
    comp_after = after.graph.connected_components()
    sizes_after = np.bincount(np.asarray(comp_after.membership)[~gone], minlength=len(comp_after))
    label_after = np.asarray(comp_after.membership)
    groups = []
    for g in group_candidates(case):
        left = [m for m in g.members if not gone[m]]
        groups.append(
            GroupAfter(
                g.community, len(g.members), len(left), len({int(label_after[m]) for m in left})
            )
        )
    person = case.person & ~case.customer
    cent_after = centrality(after)
    rise = np.where(person & ~gone, cent_after.betweenness - case.centrality.betweenness, -np.inf)
    top = np.argsort(-rise, kind="stable")[:successors]
    return Disruption(
        tuple(int(r) for r in removed),
        int(max(comp_before.sizes(), default=0)),
        int(sizes_after.max(initial=0)),
        len(comp_before),
        int((sizes_after > 0).sum()),
        fragmentation(np.asarray(comp_before.sizes(), dtype=np.int64), n),
        fragmentation(np.concatenate([sizes_after, np.ones(int(gone.sum()), np.int64)]), n),
        tuple(groups),
        _orphaned(case, gone),
        tuple(
            (int(i), float(case.centrality.betweenness[i]), float(cent_after.betweenness[i]))
            for i in top
            if np.isfinite(rise[i]) and rise[i] > 0
        ),
    )


def _orphaned(case: CaseNetwork, gone: np.ndarray) -> tuple[str, ...]:
    graph = case.graph
    providers: dict[str, set[int]] = defaultdict(set)
    for e in graph.evidence:
        for me, event in ((e.a, e.b), (e.b, e.a)):
            segment = graph.segments.get(event)
            if segment and graph.types[me] == "Person" and not case.customer[me]:
                providers[segment].add(me)
    return tuple(
        sorted(s for s, people in providers.items() if people and all(gone[p] for p in people))
    )
