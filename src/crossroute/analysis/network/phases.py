"""A network seen in phases (e.g. wiretap periods between seizures): each phase's key players and
communities, and how the network reorganised from one phase to the next. Reads weighted adjacency matrices
(first row: a label then the node ids; then one row per node) as CAVIAR ships them, or edge lists."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crossroute.analysis.network.centrality import centrality
from crossroute.analysis.network.communities import detect
from crossroute.analysis.network.edgelist import EdgeList, EdgeListError, read_edges
from crossroute.analysis.network.graph import Network, network
from crossroute.analysis.network.keyplayers import composite


def read_matrix(path: Path) -> EdgeList:
    """A square adjacency matrix with node ids in the first row and column; cell = tie weight."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows or len(rows[0]) < 2:
        raise EdgeListError(f"{path}: not an adjacency matrix (no header row of node ids)")
    ids = [c.strip() for c in rows[0][1:]]
    source, target, weight = [], [], []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(ids) + 1:
            raise EdgeListError(
                f"{path}, line {line}: {len(row)} cells where the header has {len(ids) + 1}"
            )
        if row[0].strip() != ids[line - 2]:
            raise EdgeListError(
                f"{path}, line {line}: row {row[0]!r} where {ids[line - 2]!r} was expected"
            )
        for column, cell in enumerate(row[1:]):
            try:
                value = float(cell or 0)
            except ValueError:
                raise EdgeListError(
                    f"{path}, line {line}, column {ids[column]}: {cell!r} is not a number"
                ) from None
            if value:
                source.append(line - 2)
                target.append(column)
                weight.append(value)
    return EdgeList(
        ids,
        np.asarray(source, dtype=np.int64),
        np.asarray(target, dtype=np.int64),
        np.asarray(weight, dtype=np.float64),
        None,
    )


def read_any(path: Path) -> EdgeList:
    """An edge list (header with source,target) or an adjacency matrix."""
    with path.open(encoding="utf-8-sig") as handle:
        first = handle.readline().lower()
    return read_edges(path) if "source" in first and "target" in first else read_matrix(path)


@dataclass(frozen=True)
class Phase:
    name: str
    nodes: int
    edges: int
    communities: int
    top: tuple[tuple[str, float], ...]  # key players by composite score
    appeared: tuple[str, ...]  # present now, absent in the phase before
    left: tuple[str, ...]  # present in the phase before, absent now
    newly_top: tuple[str, ...]  # in the top now, not in the top the phase before


def _active(edges: EdgeList) -> Network:
    return network(edges.names, edges.source, edges.target, edges.weight)


def phases(paths: list[Path], *, top: int = 5) -> list[Phase]:
    """Key players and changes, phase by phase, in the order given."""
    out: list[Phase] = []
    before: set[str] = set()
    before_top: set[str] = set()
    for path in paths:
        net = _active(read_any(path))
        degree = np.asarray(net.graph.degree())
        present = {net.names[i] for i in np.flatnonzero(degree > 0)}
        score = composite(centrality(net))
        ranked = [int(i) for i in np.argsort(-score, kind="stable") if degree[i] > 0][:top]
        names = [net.names[i] for i in ranked]
        out.append(
            Phase(
                path.stem,
                len(present),
                net.edges,
                detect(net, seeds=3).count,
                tuple((net.names[i], round(float(score[i]), 3)) for i in ranked),
                tuple(sorted(present - before, key=_order)) if out else (),
                tuple(sorted(before - present, key=_order)) if out else (),
                tuple(n for n in names if n not in before_top) if out else (),
            )
        )
        before, before_top = present, set(names)
    return out


def _order(name: str) -> tuple[int, str]:
    return (int(name), name) if name.isdigit() else (1 << 30, name)
