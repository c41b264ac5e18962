"""A picture of the network (matplotlib, Agg backend, no display or network needed): nodes coloured by
community and sized by score on small graphs; on large ones, the graph of communities instead."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import igraph as ig
import numpy as np
from numpy.typing import NDArray

from crossroute.analysis.network.graph import Network

NODE_LEVEL_UP_TO = 2_000
TOP_COMMUNITIES = 150


def draw(
    net: Network,
    membership: NDArray[np.int64],
    score: NDArray[np.float64],
    labels: dict[int, str],
    out: Path,
    *,
    title: str,
    formats: Sequence[str] = ("png", "svg"),
) -> list[Path]:
    """Write the picture as out.<format> for each format; returns the files written."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.collections import LineCollection

    if net.nodes <= NODE_LEVEL_UP_TO:
        graph, colours, sizes = net.graph, membership, 20 + 280 * _scaled(score)
        names = labels
        subtitle = f"{net.nodes:,} nodes, {net.edges:,} edges, {int(membership.max(initial=-1)) + 1} communities"
    else:
        graph, colours, sizes, names = _quotient(net, membership)
        subtitle = (
            f"{net.nodes:,} nodes, {net.edges:,} edges: the {graph.vcount()} largest communities, "
            "sized by members, linked by edges between them"
        )
    ig.set_random_number_generator(random.Random(0))
    try:
        layout = graph.layout("fr" if graph.vcount() <= 1_000 else "drl")
    finally:
        ig.set_random_number_generator(random)
    xy = np.asarray(layout.coords, dtype=np.float64).reshape(-1, 2)
    fig, ax = plt.subplots(figsize=(10, 10), dpi=100)
    ends = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    if len(ends):
        ax.add_collection(
            LineCollection(list(xy[ends]), colors="#999999", linewidths=0.4, alpha=0.5, zorder=1)
        )
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=sizes,
        c=colours % 20,
        cmap="tab20",
        vmin=0,
        vmax=19,
        zorder=2,
        edgecolors="black",
        linewidths=0.3,
    )
    for node, text in names.items():
        ax.annotate(text, xy[node], fontsize=7, ha="center", va="bottom", zorder=3)
    ax.set_title(f"{title}\n{subtitle}", fontsize=10)
    ax.set_axis_off()
    ax.autoscale()
    written = []
    for fmt in formats:
        path = out.with_suffix(f".{fmt}")
        fig.savefig(path, format=fmt, bbox_inches="tight", metadata=_metadata(fmt))
        written.append(path)
    plt.close(fig)
    return written


def _metadata(fmt: str) -> dict[str, str | None]:
    # no creation date, so the same graph draws to the same bytes
    return {"Date": None} if fmt == "svg" else {}


def _scaled(values: NDArray[np.float64]) -> NDArray[np.float64]:
    top = float(values.max(initial=0.0))
    return values / top if top > 0 else np.zeros_like(values)


def _quotient(
    net: Network, membership: NDArray[np.int64]
) -> tuple[ig.Graph, NDArray[np.int64], NDArray[np.float64], dict[int, str]]:
    """The largest communities as nodes (communities are numbered by decreasing size)."""
    shown = min(TOP_COMMUNITIES, int(membership.max(initial=-1)) + 1)
    ca, cb = membership[net.source], membership[net.target]
    keep = (ca != cb) & (ca < shown) & (cb < shown)
    pairs = np.unique(np.column_stack((np.minimum(ca, cb), np.maximum(ca, cb)))[keep], axis=0)
    graph = ig.Graph(n=shown, edges=pairs.tolist())
    sizes = np.bincount(membership, minlength=shown)[:shown].astype(np.float64)
    colours = np.arange(shown, dtype=np.int64)
    labels = {i: f"c{i}" for i in range(min(shown, 20))}
    return graph, colours, 20 + 400 * _scaled(np.sqrt(sizes)), labels
