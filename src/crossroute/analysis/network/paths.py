"""Paths between two entities with the evidence on every edge, and the network per time window with what
changed between windows (who appeared, who became central, who was arrested before)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from crossroute.analysis.network.centrality import centrality
from crossroute.analysis.network.entities import PERSON, EntityGraph, Evidence
from crossroute.analysis.network.graph import network

MAX_PATHS = 20


@dataclass(frozen=True)
class Step:
    a: int
    b: int
    evidence: tuple[Evidence, ...]


def find_node(graph: EntityGraph, text: str) -> int | None:
    """A node by its id (person:E..., phone:+44...), a resolved entity id, or an exact label."""
    for candidate in (text, f"person:{text}"):
        found = graph.find(candidate)
        if found is not None:
            return found
    if ":" not in text:
        for kind in ("phone", "document", "iban", "email", "plate", "container", "handle", "imo"):
            found = graph.find(f"{kind}:{text}")
            if found is not None:
                return found
    matches = [i for i, label in enumerate(graph.labels) if label == text]
    return matches[0] if len(matches) == 1 else None


def paths(graph: EntityGraph, a: int, b: int, *, slack: int = 0) -> list[list[Step]]:
    """Shortest paths from a to b (and, with slack, simple paths up to that many steps longer), each
    step with its evidence; at most MAX_PATHS."""
    g = graph.net.graph
    shortest = g.get_all_shortest_paths(a, to=b)
    if not shortest:
        return []
    found = [list(p) for p in shortest[:MAX_PATHS]]
    if slack > 0:
        cutoff = len(found[0]) - 1 + slack
        for p in g.get_all_simple_paths(a, to=b, maxlen=cutoff, max_results=MAX_PATHS * 5):
            if len(found) >= MAX_PATHS:
                break
            if list(p) not in found:
                found.append(list(p))
    between = graph.evidence_between()
    return [
        [
            Step(x, y, tuple(graph.evidence[i] for i in between[(min(x, y), max(x, y))]))
            for x, y in itertools.pairwise(p)
        ]
        for p in found
    ]


@dataclass(frozen=True)
class Window:
    start: str
    nodes: int
    edges: int
    central: tuple[int, ...]  # people by betweenness in this window, most central first
    appeared: tuple[int, ...]  # people active now and not in the window before
    newly_central: tuple[int, ...]  # central now, not central in the window before
    arrested_before: tuple[int, ...]  # people arrested since the window before


def windows(graph: EntityGraph, *, period: str = "quarter", top: int = 10) -> list[Window]:
    """The network of dated evidence per month or quarter, and what changed from one to the next."""
    by_window: dict[str, list[Evidence]] = defaultdict(list)
    for e in graph.evidence:
        if e.date and len(e.date) >= 7:
            by_window[_window(e.date, period)].append(e)
    arrests: dict[str, set[int]] = defaultdict(set)
    for node, date, _, _ in graph.arrests:
        if date and len(date) >= 7:
            arrests[_window(date, period)].add(node)
    out: list[Window] = []
    previous_people: set[int] = set()
    previous_central: set[int] = set()
    for start in sorted(by_window):
        ev = by_window[start]
        a = np.array([e.a for e in ev], dtype=np.int64)
        b = np.array([e.b for e in ev], dtype=np.int64)
        active, ends = np.unique(np.concatenate([a, b]), return_inverse=True)
        net = network(
            [graph.ids[i] for i in active], ends[: len(a)], ends[len(a) :], np.ones(len(ev))
        )
        cent = centrality(net)
        people = {int(i) for i in active if graph.types[i] == PERSON}
        ranked = [int(active[i]) for i in np.argsort(-cent.betweenness, kind="stable")]
        ranked = [i for i in ranked if i in people]
        score = dict(zip(active.tolist(), cent.betweenness.tolist(), strict=True))
        central = [i for i in ranked[:top] if score[i] > 0]
        out.append(
            Window(
                start,
                len(active),
                net.edges,
                tuple(central),
                tuple(sorted(people - previous_people)) if out else (),
                tuple(i for i in central if i not in previous_central) if out else (),
                tuple(sorted(arrests.get(start, set()))),
            )
        )
        previous_people, previous_central = people, set(central)
    return out


def _window(date: str, period: str) -> str:
    year, month = date[:4], int(date[5:7])
    if period == "month":
        return f"{year}-{month:02d}"
    return f"{year}-Q{(month - 1) // 3 + 1}"
