"""`network analyse`: any edge list in, communities, key players and a picture out."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from crossroute.analysis.network.centrality import centrality
from crossroute.analysis.network.communities import Communities, detect
from crossroute.analysis.network.edgelist import read_edges
from crossroute.analysis.network.graph import Network, from_edgelist
from crossroute.analysis.network.keyplayers import (
    KeyPlayer,
    composite,
    key_players,
    kpp_candidates,
    kpp_neg,
)
from crossroute.analysis.network.picture import draw


@dataclass(frozen=True)
class Summary:
    """What `network analyse` found and how, written as DIR/summary.json."""

    edges_read: int
    nodes: int
    edges: int
    communities: int
    resolution: float
    resolutions_tried: list[float]
    modularity: float
    stability_nmi: float | None
    seeds: int
    betweenness: str
    key_player_set: list[str]
    seconds: float
    files: list[str]


def analyse_edges(
    edges_csv: Path,
    out: Path,
    *,
    top: int = 50,
    k: int = 10,
    resolution: float | None = None,
    seeds: int | None = None,
    picture: bool = True,
    progress: Callable[[str], None] = lambda _: None,
) -> Summary:
    started = time.perf_counter()
    progress(f"reading {edges_csv}")
    edges = read_edges(edges_csv)
    net = from_edgelist(edges)
    progress(f"{net.nodes:,} nodes, {net.edges:,} distinct edges; finding communities")
    found = detect(net, resolution=resolution, seeds=seeds if seeds else default_seeds(net))
    progress(f"{found.count:,} communities at resolution {found.resolution:.3g}; centrality")
    cent = centrality(net)
    candidates = kpp_candidates(net, cent, k)
    kpp = kpp_neg(net, k, candidates) if candidates else None
    players = key_players(net, cent, found.membership, top=top, kpp=kpp)
    out.mkdir(parents=True, exist_ok=True)
    files = [write_communities(out / "communities.csv", net, found)]
    files.append(write_key_players(out / "key_players.csv", net, players))
    if picture:
        progress("drawing")
        labels = {p.node: net.names[p.node] for p in players[:15]}
        files += draw(
            net,
            found.membership,
            composite(cent),
            labels,
            out / "network",
            title=f"{edges_csv.name}: communities (Leiden, resolution {found.resolution:.3g})",
        )
    summary = Summary(
        edges.rows,
        net.nodes,
        net.edges,
        found.count,
        round(found.resolution, 4),
        list(found.resolutions_tried),
        round(found.modularity, 4),
        None if found.stability is None else round(found.stability, 4),
        len(found.seeds),
        "exact" if not cent.sampled else f"sampled from {cent.betweenness_sources} sources",
        [net.names[i] for i in kpp.nodes] if kpp else [],
        round(time.perf_counter() - started, 2),
        [p.name for p in files],
    )
    (out / "summary.json").write_text(
        json.dumps(asdict(summary), indent=2) + "\n", encoding="utf-8"
    )
    return summary


def default_seeds(net: Network) -> int:
    """Leiden runs to pick from and to measure stability on: fewer on large graphs."""
    if net.edges > 1_000_000:
        return 1
    return 5 if net.edges > 100_000 else 10


def write_communities(path: Path, net: Network, found: Communities) -> Path:
    table = pa.table(
        {"node": pa.array(net.names, pa.string()), "community": pa.array(found.membership)}
    )
    awkward = pc.any(pc.match_substring_regex(table.column("node"), r'[,"\r\n]')).as_py()
    style = "needed" if awkward else "none"  # quote only when some id needs it
    with pa.OSFile(str(path), "wb") as sink:
        sink.write(b"node,community\n")
        pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False, quoting_style=style))
    return path


def write_key_players(path: Path, net: Network, players: list[KeyPlayer]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("node", "rank", "score", "reasons"))
        for p in players:
            writer.writerow((net.names[p.node], p.rank, f"{p.score:.6f}", p.reasons))
    return path
