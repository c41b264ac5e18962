"""What every export writes: nodes with a type, label and attributes; edges with their evidence summed up
(kinds, weight, first and last date, agencies, handling and grading codes as given)."""

from __future__ import annotations

from dataclasses import dataclass, field

from crossroute.analysis.network.case import CaseNetwork
from crossroute.analysis.network.gated import View
from crossroute.model.record_key import RecordKey


@dataclass(frozen=True)
class ExportNode:
    id: str
    type: str
    label: str
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportEdge:
    source: str
    target: str
    kinds: tuple[str, ...]
    weight: float
    first: str | None
    last: str | None
    agencies: tuple[str, ...]
    records: tuple[str, ...]
    handling: tuple[str, ...]
    grading: tuple[str, ...]


@dataclass(frozen=True)
class ExportGraph:
    nodes: list[ExportNode]
    edges: list[ExportEdge]


def from_case(
    case: CaseNetwork, *, include_customers: bool = True, seen: View | None = None
) -> ExportGraph:
    """The export of a case network; with `seen` (what the sharing gate showed the caller), only the
    nodes and evidence it shows, every node attribute from the records the caller may see (label,
    countries, records), and what the analysis computed with records or ties the caller may not see
    (community, role, customer) left empty. An edge keeps only the evidence shown, and goes when none
    is."""
    graph = case.graph
    keep = [
        i
        for i in range(len(graph.ids))
        if (include_customers or not case.customer[i]) and (seen is None or i in seen.nodes)
    ]
    kept = set(keep)
    nodes = []
    for i in keep:
        whole = seen is None or seen.complete(i)
        keys = graph.records[i] if seen is None else seen.keys(i)
        countries = sorted(graph.countries[i]) if seen is None else seen.countries(i)
        attrs = {
            "community": str(int(case.communities.membership[i])) if whole else "",
            "countries": ";".join(countries),
            "records": ";".join(str(RecordKey(s, r)) for s, r in keys[:20]),
        }
        if graph.types[i] == "Person":
            role = case.roles.get(i) if whole else None
            attrs["role"] = role.role if role else ""
            attrs["customer"] = ("true" if case.customer[i] else "false") if whole else ""
        label = (graph.labels[i] or graph.ids[i]) if seen is None else seen.label(i)
        nodes.append(ExportNode(graph.ids[i], graph.types[i], label, attrs))
    edges = []
    for (a, b), found in sorted(graph.evidence_between().items()):
        if a not in kept or b not in kept:
            continue
        ev = [graph.evidence[i] for i in found if seen is None or i in seen.evidence]
        if not ev:
            continue
        dates = sorted(e.date for e in ev if e.date)
        edges.append(
            ExportEdge(
                graph.ids[a],
                graph.ids[b],
                tuple(sorted({e.kind for e in ev})),
                float(len(ev)),
                dates[0] if dates else None,
                dates[-1] if dates else None,
                tuple(sorted({e.source for e in ev})),
                tuple(str(RecordKey(e.source, e.record_id)) for e in ev[:20]),
                tuple(sorted({e.handling for e in ev if e.handling})),
                tuple(sorted({e.grading for e in ev if e.grading})),
            )
        )
    return ExportGraph(nodes, edges)


def edge_attrs(edge: ExportEdge) -> dict[str, str]:
    """An edge's attributes as text, the same in every format."""
    return {
        "kinds": ";".join(edge.kinds),
        "weight": f"{edge.weight:g}",
        "first": edge.first or "",
        "last": edge.last or "",
        "agencies": ";".join(edge.agencies),
        "records": ";".join(edge.records),
        "handling": ";".join(edge.handling),
        "grading": ";".join(edge.grading),
    }


NODE_KEYS = ("type", "label", "community", "countries", "records", "role", "customer")
EDGE_KEYS = ("kinds", "weight", "first", "last", "agencies", "records", "handling", "grading")
