"""The dated events of a case, found in its entity graph: crossings, shipments and seizures (event nodes),
arrests, and payments, calls, messages and posts (ties between two sides). Each event is one record
with the nodes it ties; its contents are read through the gate by whoever shows it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from crossroute.analysis.network.case import CaseNetwork
from crossroute.analysis.network.gated import Indexed
from crossroute.sharing.records import Key

EVENT_NODES = ("Crossing", "Shipment", "Seizure")
TIED = ("Payment", "Call", "Message", "Post")
KINDS = (*EVENT_NODES, "Arrest", *TIED)


@dataclass(frozen=True)
class Event:
    kind: str  # a schema of KINDS
    date: str | None  # ISO date as recorded
    key: Key  # the record
    nodes: tuple[int, ...]  # the graph nodes it ties (people, numbers, vessels, containers...)
    node: int | None = None  # the event's own node (crossings, shipments, seizures)


@dataclass(frozen=True)
class Filter:
    kinds: frozenset[str] = frozenset(KINDS)
    since: str | None = None
    until: str | None = None
    node: int | None = None
    group: int | None = None


def events(index: Indexed) -> list[Event]:
    """Every event of the graph, dated ones first in date order (undated last)."""
    graph = index.graph
    found: list[Event] = []
    for n, kind in enumerate(graph.types):
        if kind in EVENT_NODES:
            ties = [graph.evidence[i] for i in index.by_node.get(n, ())]
            date = next((e.date for e in ties if e.date), None)
            ends = tuple(dict.fromkeys(e.a if e.b == n else e.b for e in ties))
            found += [Event(kind, date, key, ends, n) for key in graph.records[n]]
    tied: dict[Key, list[int]] = defaultdict(list)
    dates: dict[Key, tuple[str, str | None]] = {}
    for e in graph.evidence:
        if e.schema in TIED:
            key = (e.source, e.record_id)
            tied[key] += [e.a, e.b]
            dates[key] = (e.schema, e.date)
    found += [Event(dates[k][0], dates[k][1], k, tuple(dict.fromkeys(v))) for k, v in tied.items()]
    found += [Event("Arrest", date, (s, r), (n,)) for n, date, s, r in graph.arrests]
    return sorted(found, key=lambda e: (e.date is None, e.date or "", e.kind, e.key))


def select(case: CaseNetwork, found: list[Event], wanted: Filter) -> list[Event]:
    """The events of the wanted kinds, in the date range (undated ones only without a range), tying the
    node (or, for an event node, being it) and touching a member of the group."""
    membership = case.communities.membership
    member = case.person & ~case.customer
    out = []
    for e in found:
        if e.kind not in wanted.kinds:
            continue
        if (wanted.since or wanted.until) and e.date is None:
            continue
        if wanted.since and e.date and e.date[:10] < wanted.since:
            continue
        if wanted.until and e.date and e.date[:10] > wanted.until:
            continue
        if wanted.node is not None and wanted.node not in e.nodes and wanted.node != e.node:
            continue
        if wanted.group is not None and not any(
            member[n] and int(membership[n]) == wanted.group for n in e.nodes
        ):
            continue
        out.append(e)
    return out


_memo: dict[int, tuple[Indexed, list[Event]]] = {}


def events_of(index: Indexed) -> list[Event]:
    """`events(index)`, computed once per graph (a new resolution run brings a new graph)."""
    held = _memo.get(id(index))
    if held is None or held[0] is not index:
        _memo.clear()
        held = _memo[id(index)] = (index, events(index))
    return held[1]
