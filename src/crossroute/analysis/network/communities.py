"""Groups: Leiden (igraph's implementation, modularity with a resolution) with the resolution chosen from
the graph itself, without labels, and stability over seeds.

The resolution is Newman's (2016) maximum-likelihood choice: modularity at resolution gamma is the
log-likelihood of a degree-corrected planted-partition model whose within- and between-group edge rates
(omega_in, omega_out) give gamma = (omega_in - omega_out) / (ln omega_in - ln omega_out). Starting at 1, we
partition, estimate the two rates from the partition, update gamma and repeat until it settles. On graphs
of many small groups this moves gamma well above 1, past modularity's resolution limit that makes plain
Louvain merge small groups."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from itertools import combinations

import igraph as ig
import numpy as np
from numpy.typing import NDArray

from crossroute.analysis.network.graph import TIE, Network, tie_strength
from crossroute.analysis.network.scores import nmi

GAMMA_RANGE = (0.05, 50.0)
# Coarse mode: resolutions scanned from fine to coarse, and how much modularity a coarser partition may
# give up (relative to the best partition of the scan) and still be taken.
COARSE_GRID = (1.0, 0.7, 0.5, 0.3, 0.2, 0.15, 0.1, 0.07, 0.05, 0.03, 0.02, 0.01)
COARSE_TOLERANCE = 0.05


@dataclass(frozen=True)
class Communities:
    """A partition of the network's nodes and how it was chosen."""

    membership: NDArray[np.int64]
    resolution: float
    resolutions_tried: tuple[float, ...]
    modularity: float
    seeds: tuple[int, ...]
    stability: float | None  # mean pairwise NMI between the seeds' partitions

    @property
    def count(self) -> int:
        return int(self.membership.max(initial=-1)) + 1

    def sizes(self) -> NDArray[np.int64]:
        return np.bincount(self.membership).astype(np.int64)


def leiden(
    net: Network,
    resolution: float,
    seed: int,
    *,
    initial: NDArray[np.int64] | None = None,
    iterations: int = -1,
) -> NDArray[np.int64]:
    """One Leiden run (modularity at `resolution`), seeded; -1 iterations runs until nothing changes."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        found = net.graph.community_leiden(
            objective_function="modularity",
            weights=TIE,
            resolution=resolution,
            n_iterations=iterations,
            initial_membership=None if initial is None else initial.tolist(),
        )
    finally:
        ig.set_random_number_generator(random)
    return relabel(np.asarray(found.membership, dtype=np.int64))


def relabel(membership: NDArray[np.int64]) -> NDArray[np.int64]:
    """Community numbers 0.. by decreasing size (ties by first member)."""
    _, first, inverse, counts = np.unique(
        membership, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.lexsort((first, -counts))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[inverse]


def planted_partition_gamma(net: Network, membership: NDArray[np.int64]) -> float | None:
    """Newman's resolution for a partition: from the degree-corrected planted-partition rates."""
    tie = tie_strength(net.weight)
    two_m = 2.0 * float(tie.sum())
    if two_m == 0:
        return None
    inside = membership[net.source] == membership[net.target]
    m_in = float(tie[inside].sum())
    strength = np.bincount(net.source, weights=tie, minlength=net.nodes) + np.bincount(
        net.target, weights=tie, minlength=net.nodes
    )
    kappa = np.bincount(membership, weights=strength)
    expected = float((kappa**2).sum()) / two_m
    if expected <= 0 or two_m - expected <= 0:
        return None
    w_in = 2.0 * m_in / expected
    w_out = (two_m - 2.0 * m_in) / (two_m - expected)
    if w_in <= 0 or w_out <= 0 or math.isclose(w_in, w_out):
        return None
    gamma = (w_in - w_out) / (math.log(w_in) - math.log(w_out))
    return min(max(gamma, GAMMA_RANGE[0]), GAMMA_RANGE[1])


def modularity(net: Network, membership: NDArray[np.int64], resolution: float) -> float:
    return float(net.graph.modularity(membership.tolist(), weights=TIE, resolution=resolution))


def coarse_resolution(net: Network) -> tuple[float, list[float]]:
    """The coarsest resolution of the scan whose partition keeps modularity (at 1) within
    COARSE_TOLERANCE of the scan's best: for organised-crime groups, which are the large structures of an
    entity graph whose finest communities are families, cells and single boats."""
    found = [(g, modularity(net, leiden(net, g, 0), 1.0)) for g in COARSE_GRID]
    best = max(q for _, q in found)
    chosen = min((g for g, q in found if q >= best * (1 - COARSE_TOLERANCE)), default=1.0)
    return chosen, [g for g, _ in found]


def detect(
    net: Network,
    *,
    resolution: float | None = None,
    seeds: int = 5,
    max_rounds: int = 12,
    coarse: bool = False,
) -> Communities:
    """Communities at the given resolution, or at Newman's resolution found from the graph (or, with
    `coarse`, the coarse resolution); the best of `seeds` Leiden runs by modularity, with their agreement
    (mean pairwise NMI) as stability."""
    big = net.edges > 1_000_000
    iterations = (
        2 if big else -1
    )  # on large graphs two Leiden passes (igraph's default), warm-started
    tried: list[float] = []
    last: NDArray[np.int64] | None = None
    if resolution is None and coarse:
        resolution, tried = coarse_resolution(net)
    if resolution is None:
        # the first partition only estimates the rates: one pass is enough on a large graph
        gamma, last = 1.0, leiden(net, 1.0, 0, iterations=1 if big else -1)
        tried.append(gamma)
        for _ in range(max_rounds):
            found = planted_partition_gamma(net, last)
            if found is None or abs(found - gamma) <= 0.02 * gamma:
                break
            gamma = found
            tried.append(gamma)
            last = leiden(net, gamma, 0, initial=last if big else None, iterations=iterations)
        if big and len(tried) == 1:
            last = leiden(net, gamma, 0, initial=last, iterations=1)  # finish the first pass's work
    else:
        gamma = resolution
        tried = tried or [gamma]
    runs = []
    for seed in range(max(1, seeds)):
        if seed == 0 and last is not None:
            runs.append(last)  # the search already ran seed 0 at this resolution
        else:
            runs.append(leiden(net, gamma, seed, iterations=iterations))
    scores = [modularity(net, m, gamma) for m in runs]
    best = int(np.argmax(scores))
    stability = (
        float(np.mean([nmi(a, b) for a, b in combinations(runs, 2)])) if len(runs) > 1 else None
    )
    return Communities(
        runs[best],
        gamma,
        tuple(round(g, 4) for g in tried),
        modularity(net, runs[best], 1.0),
        tuple(range(max(1, seeds))),
        stability,
    )
