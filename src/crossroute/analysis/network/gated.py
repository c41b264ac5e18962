"""The network analysis as a caller may see it. The analysis builds its graph from every record
(ungated); every face that shows it (API, web, CLI) goes through here: a node or tie is shown only
when a record behind it passes the sharing gate for this caller and purpose, and each call writes
one audit entry.

What the gate should offer instead: a `gate.records(workspace, user, keys, purpose, path)` that answers
which of these keys the caller may see (and logs them), so faces need not wrap keys as entities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from crossroute.analysis.network.entities import EntityGraph
from crossroute.sharing import Purpose, gate
from crossroute.sharing.records import Key
from crossroute.store import Workspace


@dataclass
class Indexed:
    """An entity graph with its evidence indexed by node."""

    graph: EntityGraph
    by_node: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, graph: EntityGraph) -> Indexed:
        by_node: dict[int, list[int]] = defaultdict(list)
        for i, e in enumerate(graph.evidence):
            by_node[e.a].append(i)
            by_node[e.b].append(i)
        return cls(graph, dict(by_node))


@dataclass(frozen=True)
class Visible:
    """What of a set of nodes and evidence the caller may see."""

    nodes: tuple[int, ...]
    evidence: tuple[int, ...]


def visible(
    ws: Workspace,
    user: str,
    purpose: Purpose,
    index: Indexed,
    nodes: Iterable[int],
    evidence: Iterable[int],
    *,
    path: str,
    detail: dict[str, Any] | None = None,
) -> Visible:
    """The nodes and evidence (indexes) whose records the caller may see in full: a node with records
    of its own needs one of them; an identifier node (no record of its own) needs a visible tie."""
    graph = index.graph
    node_list, evidence_list = list(dict.fromkeys(nodes)), list(dict.fromkeys(evidence))
    groups: dict[str, list[Key]] = {}
    for n in node_list:
        if graph.records[n]:
            groups[graph.ids[n]] = list(graph.records[n])
    for i in evidence_list:
        e = graph.evidence[i]
        groups.setdefault(f"{e.source}:{e.record_id}", []).append((e.source, e.record_id))
    views = gate.entity(ws, user, groups, purpose, path=path, detail=detail) if groups else []
    seen = {(str(r["source"]), str(r["record_id"])) for v in views for r in v.records}
    shown_evidence = [
        i for i in evidence_list
        if (graph.evidence[i].source, graph.evidence[i].record_id) in seen
    ]  # fmt: skip
    tied = {graph.evidence[i].a for i in shown_evidence} | {
        graph.evidence[i].b for i in shown_evidence
    }
    shown_nodes = [
        n for n in node_list
        if (any(k in seen for k in graph.records[n]) if graph.records[n] else n in tied)
    ]  # fmt: skip
    keep = set(shown_nodes)
    shown_evidence = [
        i for i in shown_evidence
        if graph.evidence[i].a in keep and graph.evidence[i].b in keep
    ]  # fmt: skip
    return Visible(tuple(shown_nodes), tuple(shown_evidence))


@dataclass(frozen=True)
class Shown:
    """Records (by key, as the gate showed them) and the nodes the caller may see."""

    records: dict[Key, dict[str, Any]]
    nodes: frozenset[int]


def shown(
    ws: Workspace,
    user: str,
    purpose: Purpose,
    index: Indexed,
    nodes: Iterable[int],
    keys: Iterable[Key],
    *,
    path: str,
) -> Shown:
    """The contents of the records (`keys`, e.g. events) and which of `nodes` the caller may see, in one
    gate call (one audit entry). A node with records of its own needs one of them shown; an identifier
    node (no record) is shown when one of the records shown ties it."""
    graph = index.graph
    node_list, key_list = list(dict.fromkeys(nodes)), list(dict.fromkeys(keys))
    groups: dict[str, list[Key]] = {f"{s}:{r}": [(s, r)] for s, r in key_list}
    for n in node_list:
        if graph.records[n]:
            groups.setdefault(graph.ids[n], []).extend(graph.records[n])
    views = gate.entity(ws, user, groups, purpose, path=path) if groups else []
    records = {(str(r["source"]), str(r["record_id"])): r for v in views for r in v.records}
    tied = {
        end
        for n in node_list
        if not graph.records[n]
        for i in index.by_node.get(n, ())
        if (graph.evidence[i].source, graph.evidence[i].record_id) in records
        for end in (graph.evidence[i].a, graph.evidence[i].b)
    }
    seen = frozenset(
        n for n in node_list
        if (any(k in records for k in graph.records[n]) if graph.records[n] else n in tied)
    )  # fmt: skip
    return Shown(records, seen)
