"""The entity graph of a resolved workspace: persons (resolved entities), identifiers (phones, documents,
accounts, plates, vessels, containers, handles), other things (vehicles, boats, companies) and events
(crossings, shipments, seizures) as nodes; every fact that ties two of them is one piece of evidence
(typed, dated, with the supplying agency, record, handling and grading), and evidence between the same two
nodes adds up to one weighted edge."""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import numpy as np

from crossroute.analysis.network.graph import Network, network
from crossroute.model.record_key import RecordKey
from crossroute.model.schema import Schema, schemata
from crossroute.resolve.identifiers import KINDS
from crossroute.sharing.gate import analysis_records
from crossroute.store import Workspace

# Link schemata whose two sides are tied directly when both are known (else the record is an event node).
SIDES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Call": (("caller", "callerNumber"), ("receiver", "receiverNumber")),
    "Message": (("sender", "senderNumber"), ("recipient", "recipientNumber")),
    "Payment": (("payer", "payerAccount"), ("beneficiary", "beneficiaryAccount")),
    "Associate": (("person",), ("associate",)),
    "Family": (("person",), ("relative",)),
    "Membership": (("member",), ("organization",)),
    "Post": (("author", "handle"), ("contact",)),
}
# The identifier that names a thing across agencies, by schema (first one present wins).
NAMED_BY = {
    "Vehicle": ("registrationNumber",),
    "Vessel": ("imoNumber", "mmsi", "registrationNumber"),
    "BankAccount": ("iban", "accountNumber"),
    "Container": ("number",),
    "Organization": ("registrationNumber",),
    "Phone": ("number",),
    "Passport": ("number",),
    "Identification": ("number",),
}
PERSON = "Person"
# The properties a node's countries come from, by the node's kind (person, thing, event).
COUNTRY_PROPERTIES = {
    "person": ("nationality", "country"),
    "thing": ("country", "flag"),
    "event": ("originCountry", "country"),
}


@dataclass(frozen=True)
class Evidence:
    """One fact tying two nodes, and where it came from."""

    a: int
    b: int
    kind: str  # the property or link that ties them: phone, caller-receiver, participant, owner...
    schema: str
    source: str
    record_id: str
    date: str | None
    handling: str | None
    grading: str | None


@dataclass
class EntityGraph:
    """Nodes with their types, labels and countries; evidence; the weighted network over them."""

    ids: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    countries: list[set[str]] = field(default_factory=list)
    records: list[list[tuple[str, str]]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    arrests: list[tuple[int, str | None, str, str]] = field(
        default_factory=list
    )  # node, date, source, id
    stated_roles: list[Counter[str]] = field(default_factory=list)
    segments: dict[int, str] = field(default_factory=dict)  # event node -> route segment it works
    captions: dict[tuple[str, str], str] = field(
        default_factory=dict
    )  # a node's record -> its label
    events: set[int] = field(default_factory=set)  # nodes that are one record of a link schema
    _index: dict[str, int] = field(default_factory=dict)
    _net: Network | None = None

    def node(self, node_id: str, node_type: str, label: str = "") -> int:
        found = self._index.get(node_id)
        if found is not None:
            if label and not self.labels[found]:
                self.labels[found] = label
            return found
        self._index[node_id] = i = len(self.ids)
        self.ids.append(node_id)
        self.types.append(node_type)
        self.labels.append(label)
        self.countries.append(set())
        self.records.append([])
        self.stated_roles.append(Counter())
        return i

    def find(self, node_id: str) -> int | None:
        return self._index.get(node_id)

    def is_person(self) -> np.ndarray:
        return np.array([t == PERSON for t in self.types], dtype=bool)

    @property
    def net(self) -> Network:
        """The network: one edge per pair of nodes, weighted by its pieces of evidence."""
        if self._net is None:
            a = np.array([e.a for e in self.evidence], dtype=np.int64)
            b = np.array([e.b for e in self.evidence], dtype=np.int64)
            self._net = network(list(self.ids), a, b, np.ones(len(a), dtype=np.float64))
        return self._net

    def evidence_between(self) -> dict[tuple[int, int], list[int]]:
        """Evidence indexes by unordered node pair."""
        out: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, e in enumerate(self.evidence):
            out[(min(e.a, e.b), max(e.a, e.b))].append(i)
        return out


def build(workspace: Workspace, keep: Collection[tuple[str, str]] | None = None) -> EntityGraph:
    """The entity graph of the workspace's records and latest resolution; with `keep`, of those
    records only (one caller's: the graph is then the one a workspace holding only them would give,
    with their resolution)."""
    graph = EntityGraph()
    entity_of = {
        (s, r): e for s, r, e in workspace.rows("SELECT source, record_id, entity_id FROM clusters")
    }
    rows = analysis_records(workspace)  # the gate's view for system analyses
    if keep is not None:
        rows = [row for row in rows if (str(row[0]), str(row[1])) in keep]
    table = schemata()
    parsed = [(row, json.loads(row[4])) for row in rows]
    # first every thing that can be referred to, so links find their ends
    ref: dict[tuple[str, str], int] = {}
    for row, props in parsed:
        schema = table.get(row[2])
        if schema is not None and schema.kind == "node":
            ref[(row[0], row[1])] = _thing(graph, schema, row, props, entity_of)
    for row, props in parsed:
        schema = table.get(row[2])
        if schema is None:
            continue
        if schema.kind == "node":
            _thing_ties(graph, schema, row, props, ref[(row[0], row[1])], ref)
        elif schema.name == "Arrest":
            _arrest(graph, row, props, ref)
        else:
            _link(graph, schema, row, props, ref)
    return graph


def countries_of(kind: str, props: dict[str, list[str] | None]) -> list[str]:
    """The countries one record gives its node (`kind`: person, thing or event)."""
    return [v for name in COUNTRY_PROPERTIES[kind] for v in _values(props, name)]


def node_kind(graph: EntityGraph, node: int) -> str:
    """person, event (a record of a link schema) or thing: which properties give its countries."""
    if graph.types[node] == PERSON:
        return "person"
    return "event" if node in graph.events else "thing"


def _values(props: dict[str, list[str] | None], name: str) -> list[str]:
    return [str(v) for v in (props.get(name) or []) if v not in (None, "")]


def _provenance(row: tuple[object, ...]) -> tuple[str | None, str | None]:
    handling = f"{row[5]}:{row[6]}" if row[6] else None
    grading = f"{row[7]}:{row[8] or ''}{row[9] or ''}" if (row[8] or row[9]) else None
    return handling, grading


def _tie(
    graph: EntityGraph,
    a: int,
    b: int,
    kind: str,
    schema: str,
    row: tuple[object, ...],
    date: str | None,
) -> None:
    if a == b:
        return
    handling, grading = _provenance(row)
    graph.evidence.append(
        Evidence(a, b, kind, schema, str(row[0]), str(row[1]), date, handling, grading)
    )


def _identifier(graph: EntityGraph, kind: str, value: str) -> int:
    return graph.node(f"{kind}:{value}", kind, value)


def _thing(
    graph: EntityGraph,
    schema: Schema,
    row: tuple[object, ...],
    props: dict[str, list[str] | None],
    entity_of: dict[tuple[str, str], str],
) -> int:
    source, record_id, caption = str(row[0]), str(row[1]), str(row[3] or "")
    if schema.name == PERSON:
        entity = entity_of.get((source, record_id), str(RecordKey(source, record_id)))
        node = graph.node(f"person:{entity}", PERSON, caption)
        graph.countries[node].update(countries_of("person", props))
        graph.stated_roles[node].update(_values(props, "role"))
    else:
        named = next(
            (
                (KINDS[schema.type_of(p)], v)
                for p in NAMED_BY.get(schema.name, ())
                for v in _values(props, p)
            ),
            None,
        )
        node_id = (
            f"{named[0]}:{named[1]}" if named else f"{schema.name}:{RecordKey(source, record_id)}"
        )
        node = graph.node(node_id, schema.name, caption)
        graph.types[node] = schema.name  # a plate or IMO named by a thing takes the thing's type
        graph.countries[node].update(countries_of("thing", props))
    graph.records[node].append((source, record_id))
    graph.captions[(source, record_id)] = caption
    return node


def _thing_ties(
    graph: EntityGraph,
    schema: Schema,
    row: tuple[object, ...],
    props: dict[str, list[str] | None],
    node: int,
    ref: dict[tuple[str, str], int],
) -> None:
    """A thing's own identifiers and the things it names (owner, holder)."""
    own = graph.ids[node]
    for prop, type_name in schema.properties.items():
        for value in _values(props, prop):
            if type_name in KINDS:
                other = _identifier(graph, KINDS[type_name], value)
                if graph.ids[other] != own:
                    _tie(graph, node, other, prop, schema.name, row, None)
            elif type_name == "entity":
                target = ref.get((str(row[0]), value))
                if target is not None:
                    _tie(graph, node, target, prop, schema.name, row, None)


def _ends(
    graph: EntityGraph,
    schema: Schema,
    props: dict[str, list[str] | None],
    names: Iterable[str],
    source: str,
    ref: dict[tuple[str, str], int],
) -> list[tuple[str, int]]:
    out = []
    for prop in names:
        type_name = schema.properties.get(prop)
        for value in _values(props, prop):
            if type_name == "entity":
                found = ref.get((source, value))
                if found is None:
                    found = graph.node(f"record:{RecordKey(source, value)}", "Unknown", value)
                out.append((prop, found))
            elif type_name in KINDS:
                out.append((prop, _identifier(graph, KINDS[type_name], value)))
    return out


def _date(props: dict[str, list[str] | None]) -> str | None:
    for name in ("date", "departureDate", "arrivalDate", "startDate"):
        found = _values(props, name)
        if found:
            return found[0]
    return None


def _link(
    graph: EntityGraph,
    schema: Schema,
    row: tuple[object, ...],
    props: dict[str, list[str] | None],
    ref: dict[tuple[str, str], int],
) -> None:
    source, date = str(row[0]), _date(props)
    sides = SIDES.get(schema.name)
    if sides:
        left = _ends(graph, schema, props, sides[0], source, ref)
        right = _ends(graph, schema, props, sides[1], source, ref)
        for ends in (left, right):  # a person and the number or account they used
            for (pa, a), (pb, b) in itertools.pairwise(ends):
                _tie(graph, a, b, f"{pa}-{pb}", schema.name, row, date)
        if left and right:
            kind = f"{sides[0][0]}-{sides[1][0]}"
            _tie(graph, left[0][1], right[0][1], kind, schema.name, row, date)
            if schema.name == "Membership":
                for role in _values(props, "role"):
                    graph.stated_roles[left[0][1]][role] += 1
            return
    names = [p for p, t in schema.properties.items() if t == "entity" or t in KINDS]
    ends = _ends(graph, schema, props, names, source, ref)
    if not ends:
        return
    label = f"{schema.name} {date or ''}".strip()
    event = graph.node(f"{schema.name}:{RecordKey(source, str(row[1]))}", schema.name, label)
    graph.records[event].append((source, str(row[1])))
    graph.captions[(source, str(row[1]))] = label
    graph.events.add(event)
    graph.countries[event].update(countries_of("event", props))
    segment = _segment(schema.name, props)
    if segment:
        graph.segments[event] = segment
    for prop, node in ends:
        _tie(graph, node, event, prop, schema.name, row, date)


def _arrest(
    graph: EntityGraph,
    row: tuple[object, ...],
    props: dict[str, list[str] | None],
    ref: dict[tuple[str, str], int],
) -> None:
    for value in _values(props, "person"):
        node = ref.get((str(row[0]), value))
        if node is not None:
            graph.arrests.append((node, _date(props), str(row[0]), str(row[1])))


def _segment(schema: str, props: dict[str, list[str] | None]) -> str | None:
    """The route segment an event works: beach to landing, or port to port."""
    if schema == "Crossing":
        start = _values(props, "departurePlace") or ["French coast"]
        end = _values(props, "arrivalPlace") or ["UK coast"]
        return f"{start[0].split(',')[-1].strip()} -> {end[0]}"
    if schema == "Shipment":
        ports = [
            _values(props, p)[0]
            for p in ("originPort", "transshipmentPort", "destinationPort")
            if _values(props, p)
        ]
        return " -> ".join(ports) if len(ports) > 1 else None
    return None
