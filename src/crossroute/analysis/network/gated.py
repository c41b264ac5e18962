"""The network analysis as a caller may see it. The analysis is the caller's own (`percaller`: built
from the records they may see); every face that shows it (API, web, CLI, exports, briefing) goes
through here, in one gate call (one audit entry) per request:

- a node or tie is shown only when a record behind it passes the sharing gate for this caller and
  purpose (an identifier node, which has no record of its own, when a tie to it does);
- every value shown of a node is computed from the records the caller may see (`View`): its label (the
  caption of its first visible record), countries, records, degree (neighbours through visible ties);
- what the analysis computed (group, scores, role, customer) is shown only for a node all of whose
  records and ties the caller may see (`View.complete`), else withheld;
- a node asked for by id or name (`ask`, `View.answer`) is found only among what the caller may see
  (a name only in a visible record's caption), and "hidden" and "absent" answer alike, with the same
  work done and one audit entry naming what was asked in both cases."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossroute.analysis.network.case import CaseNetwork, customers
from crossroute.analysis.network.centrality import centrality
from crossroute.analysis.network.entities import EntityGraph, countries_of, node_kind
from crossroute.analysis.network.graph import network
from crossroute.model.record_key import RecordKey
from crossroute.sharing import Purpose, gate
from crossroute.sharing.records import Key
from crossroute.store import Workspace

# identifier kinds a bare value is tried as (`find_node`'s order)
BARE_KINDS = ("phone", "document", "iban", "email", "plate", "container", "handle", "imo")
# a key that is no record: asked when nothing asked exists, so both cases do the same work
NO_RECORD: Key = ("", "")


@dataclass
class Indexed:
    """An entity graph with its evidence indexed by node."""

    graph: EntityGraph
    by_node: dict[int, list[int]] = field(default_factory=dict)
    _named: dict[str, list[int]] | None = None

    @classmethod
    def of(cls, graph: EntityGraph) -> Indexed:
        by_node: dict[int, list[int]] = defaultdict(list)
        for i, e in enumerate(graph.evidence):
            by_node[e.a].append(i)
            by_node[e.b].append(i)
        return cls(graph, dict(by_node))

    def ties(self, node: int) -> list[tuple[int, int]]:
        """(evidence index, the node at its other end) for every piece of evidence at `node`."""
        evidence = self.graph.evidence
        return [
            (i, evidence[i].b if evidence[i].a == node else evidence[i].a)
            for i in self.by_node.get(node, ())
        ]

    def named(self, text: str) -> list[int]:
        """Nodes with a record whose caption is exactly `text` (any record, visible or not)."""
        if self._named is None:
            found: dict[str, list[int]] = defaultdict(list)
            for n, keys in enumerate(self.graph.records):
                for key in keys:
                    caption = self.graph.captions.get(key, "")
                    if caption and n not in found[caption][-1:]:
                        found[caption].append(n)
            self._named = dict(found)
        return self._named.get(text, [])


@dataclass(frozen=True)
class Asked:
    """A node asked for by id or exact name, and the nodes it may mean (before the gate)."""

    text: str
    nodes: tuple[int, ...]
    by_name: bool


def ask(index: Indexed, text: str) -> Asked:
    """The nodes `text` may mean: a node id (person:E..., phone:+44...), a resolved entity id, a bare
    identifier value, else an exact name (a record's caption)."""
    graph = index.graph
    for candidate in (text, f"person:{text}"):
        found = graph.find(candidate)
        if found is not None:
            return Asked(text, (found,), False)
    if ":" not in text:
        for kind in BARE_KINDS:
            found = graph.find(f"{kind}:{text}")
            if found is not None:
                return Asked(text, (found,), False)
    return Asked(text, tuple(index.named(text)), True)


@dataclass(frozen=True)
class View:
    """What of the graph the caller may see: the records shown (as the gate showed them), the nodes
    and evidence asked about that are shown, and around them the ties and neighbours shown."""

    index: Indexed
    records: dict[Key, dict[str, Any]]
    order: tuple[int, ...]  # the nodes asked about that are shown, in the order asked
    nodes: frozenset[int]
    evidence: frozenset[int]  # evidence asked about, shown, with both ends shown
    ties: frozenset[int]  # every shown evidence around the nodes, both ends shown
    known: frozenset[int]  # every node shown (asked about or around)

    @property
    def graph(self) -> EntityGraph:
        return self.index.graph

    def keys(self, node: int) -> list[Key]:
        """The node's records the caller may see, in load order."""
        return [k for k in self.graph.records[node] if k in self.records]

    def label(self, node: int) -> str:
        """The caption of the node's first record the caller may see; an identifier's value; else
        its id."""
        graph = self.graph
        for key in self.keys(node):
            caption = graph.captions.get(key, "")
            if caption:
                return caption
        if not graph.records[node]:
            return graph.labels[node] or graph.ids[node]
        return graph.ids[node]

    def countries(self, node: int) -> list[str]:
        """The countries the node's visible records give."""
        kind = node_kind(self.graph, node)
        found: set[str] = set()
        for key in self.keys(node):
            found.update(countries_of(kind, self.records[key].get("properties") or {}))
        return sorted(found)

    def degree(self, node: int) -> int:
        """Neighbours the caller may see through ties the caller may see."""
        graph = self.graph
        return len(
            {
                graph.evidence[i].b if graph.evidence[i].a == node else graph.evidence[i].a
                for i in self.index.by_node.get(node, ())
                if i in self.ties
            }
        )

    def complete(self, node: int) -> bool:
        """Every record and every tie of the node is one the caller may see: only then may what the
        analysis computed with them (group, scores, role) be shown."""
        graph = self.graph
        return (
            node in self.known
            and all(k in self.records for k in graph.records[node])
            and all(
                (graph.evidence[i].source, graph.evidence[i].record_id) in self.records
                for i in self.index.by_node.get(node, ())
            )
        )

    def answer(self, asked: Asked) -> int | None:
        """The one node the caller may see that `asked` means (by name: only a visible record's
        caption counts), or None: the same for a node hidden and a node that does not exist."""
        graph = self.graph
        if asked.by_name:
            found = [
                n for n in asked.nodes
                if any(graph.captions.get(k) == asked.text for k in self.keys(n))
            ]  # fmt: skip
        else:
            found = [n for n in asked.nodes if n in self.known]
        return found[0] if len(found) == 1 else None


def view(
    ws: Workspace,
    user: str,
    purpose: Purpose,
    index: Indexed,
    nodes: Iterable[int] = (),
    evidence: Iterable[int] = (),
    keys: Iterable[Key] = (),
    *,
    path: str,
    asked: Iterable[Asked] = (),
    today: dt.date | None = None,
    detail: dict[str, Any] | None = None,
) -> View:
    """The caller's view of these nodes (and the nodes asked for), their ties and neighbours, this
    evidence and these records (e.g. events), in one gate call: one audit entry, which names what was
    asked when something was (found or not)."""
    graph = index.graph
    asks = list(asked)
    node_list, evidence_list = list(dict.fromkeys(nodes)), list(dict.fromkeys(evidence))
    focus = list(dict.fromkeys([*node_list, *(n for a in asks for n in a.nodes)]))
    around = {i for n in focus for i in index.by_node.get(n, ())}
    near = {end for i in around for end in (graph.evidence[i].a, graph.evidence[i].b)}
    groups: dict[str, list[Key]] = {RecordKey(s, r).shown: [(s, r)] for s, r in dict.fromkeys(keys)}
    for n in [*focus, *sorted(near.difference(focus))]:
        if graph.records[n]:
            groups.setdefault(graph.ids[n], []).extend(graph.records[n])
    for i in [*evidence_list, *sorted(around.difference(evidence_list))]:
        e = graph.evidence[i]
        groups.setdefault(RecordKey(e.source, e.record_id).shown, []).append(
            (e.source, e.record_id)
        )
    if not groups:
        groups = {"": [NO_RECORD]}
    texts = [a.text for a in asks] if asks else None
    views = gate.entity(
        ws, user, groups, purpose, path=path, asked=texts, today=today, detail=detail
    )
    records = {(str(r["source"]), str(r["record_id"])): r for v in views for r in v.records}

    def seen(i: int) -> bool:
        return (graph.evidence[i].source, graph.evidence[i].record_id) in records

    tied = {
        end
        for i in around.union(evidence_list)
        if seen(i)
        for end in (graph.evidence[i].a, graph.evidence[i].b)
    }
    known = frozenset(
        n for n in near.union(focus)
        if (any(k in records for k in graph.records[n]) if graph.records[n] else n in tied)
    )  # fmt: skip
    order = tuple(n for n in node_list if n in known)
    shown = frozenset(order)

    def both(i: int, ends: frozenset[int]) -> bool:
        return seen(i) and graph.evidence[i].a in ends and graph.evidence[i].b in ends

    asked_evidence = frozenset(i for i in evidence_list if both(i, shown))
    ties = frozenset(i for i in around if both(i, known))
    return View(index, records, order, shown, asked_evidence, ties, known)


def visible(
    ws: Workspace,
    user: str,
    purpose: Purpose,
    index: Indexed,
    nodes: Iterable[int],
    evidence: Iterable[int],
    *,
    path: str,
    asked: Iterable[Asked] = (),
    detail: dict[str, Any] | None = None,
) -> View:
    """The nodes and evidence (indexes) whose records the caller may see in full: a node with records
    of its own needs one of them; an identifier node (no record of its own) needs a visible tie.
    `detail` adds to the audit entry (e.g. the file an export writes)."""
    return view(ws, user, purpose, index, nodes, evidence, path=path, asked=asked, detail=detail)


def shown(
    ws: Workspace,
    user: str,
    purpose: Purpose,
    index: Indexed,
    nodes: Iterable[int],
    keys: Iterable[Key],
    *,
    path: str,
    asked: Iterable[Asked] = (),
) -> View:
    """The contents of the records (`keys`, e.g. events) and which of `nodes` the caller may see, in one
    gate call (one audit entry)."""
    return view(ws, user, purpose, index, nodes, (), keys, path=path, asked=asked)


def seen_case(case: CaseNetwork, seen: View) -> tuple[CaseNetwork, NDArray[np.bool_]]:
    """The case network of what the caller may see, for figures computed afresh (disruption): every
    node of the graph is kept (indexes stay valid), but only the ties the caller may see make edges,
    customers and centrality are computed from them, and the mask says which nodes count (those the
    caller may see; `seen` must cover the nodes the figures rest on, e.g. every node). Groups keep
    `case`'s numbers (their members counted from the mask)."""
    graph = case.graph
    evidence = [graph.evidence[i] for i in sorted(seen.ties)]
    segments = {e: s for e, s in graph.segments.items() if e in seen.known}
    sub = replace(graph, evidence=evidence, segments=segments, _net=None)
    customer = customers(sub)
    keep = [e for e in evidence if not customer[e.a] and not customer[e.b]]
    core = network(
        list(graph.ids),
        np.array([e.a for e in keep], dtype=np.int64),
        np.array([e.b for e in keep], dtype=np.int64),
        np.ones(len(keep), dtype=np.float64),
    )
    mask = np.zeros(len(graph.ids), dtype=bool)
    mask[list(seen.known)] = True
    found = CaseNetwork(sub, core, customer, case.communities, centrality(core), case.roles)
    return found, mask
