"""The analysed graph: undirected, simple (self-loops dropped, parallel edges merged with their weights
summed), nodes named, on igraph for speed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import igraph as ig
import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:  # the edge-list reader (and its Arrow CSV machinery) loads only to read one
    from crossroute.analysis.network.edgelist import EdgeList


@dataclass
class Network:
    """An igraph graph with its node names and per-edge weights as arrays."""

    graph: ig.Graph
    names: list[str]
    source: NDArray[np.int64]
    target: NDArray[np.int64]
    weight: NDArray[np.float64]
    node_attrs: dict[str, list[object]] = field(default_factory=dict)

    @property
    def nodes(self) -> int:
        return len(self.names)

    @property
    def edges(self) -> int:
        return len(self.source)

    def index(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.names)}


def simple_edges(
    n: int, source: NDArray[np.int64], target: NDArray[np.int64], weight: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Undirected, without self-loops or zero weights, parallel edges merged (weights summed)."""
    keep = (source != target) & (weight > 0)
    a, b, w = source[keep], target[keep], weight[keep]
    low, high = np.minimum(a, b), np.maximum(a, b)
    key = low * np.int64(n) + high
    unique, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=w, minlength=len(unique))
    return unique // n, unique % n, summed.astype(np.float64)


def network(
    names: list[str],
    source: NDArray[np.int64],
    target: NDArray[np.int64],
    weight: NDArray[np.float64],
) -> Network:
    """A simple undirected network over `names` from raw (possibly repeated, looped) edges."""
    n = len(names)
    a, b, w = simple_edges(n, source, target, weight)
    graph = ig.Graph(n=n, edges=np.column_stack((a, b)))
    graph.es["weight"] = w.tolist()
    graph.es[TIE] = tie_strength(w).tolist()
    return Network(graph, names, a, b, w)


TIE = "tie"  # the edge attribute communities are found on


def tie_strength(weight: NDArray[np.float64]) -> NDArray[np.float64]:
    """Weights damped for community detection: log2(1 + w), so one tie weighs 1 and a pair seen a
    hundred times weighs 6.7, not 100. Counts of calls or e-mails are heavy-tailed; taken raw, a few
    chatty pairs decide the partition (on LFR graphs with random repeat counts, NMI fell from 0.98 to
    0.66 with raw sums and stayed at 0.94 damped)."""
    return np.log2(1.0 + weight)


def from_edgelist(edges: EdgeList) -> Network:
    return network(edges.names, edges.source, edges.target, edges.weight)
