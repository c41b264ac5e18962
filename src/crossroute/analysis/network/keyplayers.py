"""Key players: a ranking on degree, betweenness and PageRank, each with the reason it ranks, and a
key-player set for disruption (KPP-Neg, Borgatti 2006): the k nodes whose removal most fragments the
network, chosen greedily."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crossroute.analysis.network.brokerage import Brokerage, brokerage
from crossroute.analysis.network.centrality import Centrality
from crossroute.analysis.network.graph import Network

KPP_BUDGET = 400_000_000  # node+edge visits for the greedy search


@dataclass(frozen=True)
class KeyPlayer:
    node: int
    rank: int
    score: float
    reasons: str


@dataclass(frozen=True)
class KeyPlayerSet:
    """KPP-Neg: the chosen nodes in the order picked and the fragmentation after each pick."""

    nodes: tuple[int, ...]
    fragmentation: tuple[float, ...]
    largest_component: tuple[int, ...]
    before: float


def fragmentation(sizes: NDArray[np.int64], n: int) -> float:
    """Share of node pairs that cannot reach each other (1 - sum s(s-1) / n(n-1))."""
    if n < 2:
        return 0.0
    s = sizes.astype(np.float64)
    return 1.0 - float((s * (s - 1)).sum()) / (n * (n - 1.0))


def _components_without(net: Network, removed: Sequence[int]) -> NDArray[np.int64]:
    g = net.graph
    if not removed:
        return np.asarray(g.connected_components().sizes(), dtype=np.int64)
    keep = np.ones(net.nodes, dtype=bool)
    keep[list(removed)] = False
    sub = g.induced_subgraph(np.flatnonzero(keep).tolist())
    return np.asarray(sub.connected_components().sizes(), dtype=np.int64)


def kpp_neg(net: Network, k: int, candidates: Sequence[int]) -> KeyPlayerSet:
    """Greedy KPP-Neg over the candidates; fragmentation counts the removed nodes as isolates."""
    n = net.nodes
    chosen: list[int] = []
    scores: list[float] = []
    largest: list[int] = []
    before = fragmentation(_components_without(net, []), n)
    pool = [c for c in dict.fromkeys(candidates)]
    for _ in range(min(k, len(pool))):
        best, best_f, best_size = -1, -1.0, 0
        for c in pool:
            if c in chosen:
                continue
            sizes = _components_without(net, [*chosen, c])
            f = fragmentation(np.concatenate([sizes, np.ones(len(chosen) + 1, np.int64)]), n)
            if f > best_f:
                best, best_f, best_size = c, f, int(sizes.max(initial=0))
        chosen.append(best)
        scores.append(best_f)
        largest.append(best_size)
        if best_size <= 1:  # nothing left to cut
            break
    return KeyPlayerSet(tuple(chosen), tuple(scores), tuple(largest), before)


def kpp_candidates(net: Network, cent: Centrality, k: int) -> list[int]:
    """Top nodes by betweenness and degree, as many as the budget allows for a greedy search."""
    per_eval = net.nodes + net.edges
    room = int(KPP_BUDGET // max(1, per_eval * max(1, k)))
    size = max(0, min(60, room))
    if size < k:
        return []
    by_b = np.argsort(-cent.betweenness, kind="stable")[: size * 2 // 3]
    by_d = np.argsort(-cent.strength, kind="stable")[:size]
    return list(dict.fromkeys([*by_b.tolist(), *by_d.tolist()]))[:size]


def composite(cent: Centrality) -> NDArray[np.float64]:
    """Mean of betweenness, PageRank and weighted degree, each scaled to its maximum."""
    parts = []
    for values in (cent.betweenness, cent.pagerank, cent.strength):
        top = float(values.max(initial=0.0))
        parts.append(values / top if top > 0 else np.zeros_like(values, dtype=np.float64))
    return np.asarray(np.mean(parts, axis=0), dtype=np.float64)


def _ordinal(values: NDArray[np.float64] | NDArray[np.int64]) -> NDArray[np.int64]:
    order = np.argsort(-values, kind="stable")
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(1, len(values) + 1)
    return rank


def key_players(
    net: Network,
    cent: Centrality,
    groups: NDArray[np.int64],
    *,
    top: int,
    kpp: KeyPlayerSet | None,
    group_word: str = "communities",
    eligible: NDArray[np.bool_] | None = None,
) -> list[KeyPlayer]:
    """The `top` nodes by composite score (only `eligible` ones if given), with their reasons."""
    score = composite(cent)
    if eligible is not None:
        score = np.where(eligible, score, -1.0)
    order = np.argsort(-score, kind="stable")[: max(0, top)]
    order = order[score[order] >= 0]
    ranks = {
        "betweenness": _ordinal(cent.betweenness),
        "PageRank": _ordinal(cent.pagerank),
        "degree": _ordinal(cent.strength),
    }
    brokers = brokerage(net, groups, order.tolist())
    picks = {node: i for i, node in enumerate(kpp.nodes)} if kpp else {}
    out = []
    for rank, node in enumerate(order.tolist(), start=1):
        reasons = [
            f"betweenness {cent.betweenness[node]:.4g} (#{ranks['betweenness'][node]}"
            + (", sampled)" if cent.sampled else ")"),
            f"PageRank {cent.pagerank[node]:.4g} (#{ranks['PageRank'][node]})",
            f"degree {cent.degree[node]} (weighted {cent.strength[node]:.4g}, #{ranks['degree'][node]})",
        ]
        reasons.append(_broker_reason(brokers[node], group_word))
        if node in picks and kpp:
            i = picks[node]
            reasons.append(
                f"KPP-Neg pick {i + 1}: removing it{' with the earlier picks' if i else ''} leaves "
                f"fragmentation {kpp.fragmentation[i]:.3f}, largest component {kpp.largest_component[i]}"
            )
        out.append(KeyPlayer(node, rank, float(score[node]), "; ".join(reasons)))
    return out


def _broker_reason(b: Brokerage, group_word: str) -> str:
    if b.between_groups == 0:
        return f"brokers no open pair between {group_word}"
    parts = [f"{v} {k}" for k, v in b.counts().items() if v and k != "coordinator"]
    return f"brokers {b.between_groups} open pairs between {group_word} ({', '.join(parts)})"
