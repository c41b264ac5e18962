"""Gould-Fernandez brokerage on an undirected graph: for a broker b and each pair of its neighbours a, c
that are not themselves linked, the pair's groups against b's name the role. Undirected ties cannot tell
a gatekeeper from a representative, so the two are one role here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crossroute.analysis.network.graph import Network

ROLES = ("coordinator", "consultant", "gatekeeper/representative", "liaison")


@dataclass(frozen=True)
class Brokerage:
    """Open pairs a broker bridges, by Gould-Fernandez role."""

    coordinator: int
    consultant: int
    gatekeeper: int  # gatekeeper or representative
    liaison: int

    @property
    def between_groups(self) -> int:
        """Pairs whose ends are not both in the broker's own group."""
        return self.consultant + self.gatekeeper + self.liaison

    def counts(self) -> dict[str, int]:
        return dict(
            zip(
                ROLES,
                (self.coordinator, self.consultant, self.gatekeeper, self.liaison),
                strict=True,
            )
        )


def _pair_roles(own: int, groups: NDArray[np.int64]) -> NDArray[np.int64]:
    """[coordinator, consultant, gatekeeper, liaison] counts over all pairs of the given neighbours."""
    _, counts = np.unique(groups, return_counts=True)
    mine = int((groups == own).sum())
    total = len(groups) * (len(groups) - 1) // 2
    same_pairs = int((counts * (counts - 1) // 2).sum())
    coordinator = mine * (mine - 1) // 2
    consultant = same_pairs - coordinator
    gatekeeper = mine * (len(groups) - mine)
    liaison = total - coordinator - consultant - gatekeeper
    return np.array([coordinator, consultant, gatekeeper, liaison], dtype=np.int64)


def brokerage(
    net: Network, groups: Sequence[int] | NDArray[np.int64], nodes: Sequence[int]
) -> dict[int, Brokerage]:
    """Brokerage roles of the given nodes with respect to a group label per node."""
    label = np.asarray(groups, dtype=np.int64)
    g = net.graph
    out = {}
    for b in nodes:
        neighbours = np.asarray(g.neighbors(b), dtype=np.int64)
        own = int(label[b])
        counts = _pair_roles(own, label[neighbours])
        if len(neighbours) > 1:
            # closed pairs (a and c linked) broker nothing: take them away
            sub = g.induced_subgraph(neighbours.tolist())
            ends = np.asarray(sub.get_edgelist(), dtype=np.int64).reshape(-1, 2)
            if len(ends):
                ga, gc = label[neighbours[ends[:, 0]]], label[neighbours[ends[:, 1]]]
                closed = np.array(
                    [
                        ((ga == own) & (gc == own)).sum(),
                        ((ga == gc) & (ga != own)).sum(),
                        ((ga == own) ^ (gc == own)).sum(),
                        ((ga != gc) & (ga != own) & (gc != own)).sum(),
                    ],
                    dtype=np.int64,
                )
                counts = counts - closed
        out[int(b)] = Brokerage(*(int(c) for c in counts))
    return out
