"""The timeline: dated events (crossings, shipments, seizures, arrests, payments, calls, posts) with the
people and things they tie, through the gate (one audit entry)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from crossroute.analysis.network.case import CaseNetwork
from crossroute.analysis.network.gated import View, ask, shown
from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.event_query import (
    Group,
    Kinds,
    NodeText,
    Since,
    Until,
    check_node,
    event_filter,
)
from crossroute.api.events import Event, events_of, select
from crossroute.api.network import NOT_FOUND, node_json
from crossroute.store import Workspace

router = APIRouter(prefix="/api", tags=["timeline and map"])
DETAILS = {
    "Crossing": ("departurePlace", "arrivalPlace", "outcome", "peopleCount"),
    "Shipment": ("originPort", "transshipmentPort", "destinationPort", "cargo", "containerNumber"),
    "Seizure": ("place", "goods", "quantity", "unit"),
    "Arrest": ("place", "charge", "operation"),
    "Payment": ("amount", "currency", "method", "purpose"),
    "Call": ("duration",),
    "Message": ("platform", "language"),
    "Post": ("platform", "price", "currency"),
}
MAX_TIES = 12


def event_json(e: Event, seen: View, case: CaseNetwork) -> dict[str, Any]:
    record = seen.records[e.key]
    props = record.get("properties") or {}
    details = {p: str(props[p][0]) for p in DETAILS.get(e.kind, ()) if props.get(p)}
    ties = [n for n in e.nodes if n in seen.nodes]
    return {
        "kind": e.kind,
        "date": e.date,
        "record": {k: record.get(k) for k in ("source", "record_id", "grading", "handling")}
        | ({"restriction": record["restriction"]} if record.get("restriction") else {}),
        "details": details,
        "ties": [node_json(case, seen, n) for n in ties[:MAX_TIES]],
        "more_ties": max(0, len(ties) - MAX_TIES),
    }


@router.get("/timeline", responses=NOT_FOUND | {422: {"description": "invalid parameters"}})
def timeline(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    kind: Kinds = None,
    since: Since = None,
    until: Until = None,
    node: NodeText = None,
    group: Group = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 300,
) -> dict[str, Any]:
    """Dated events in date order, each with its record's agency, grading and handling, a few details and
    the nodes it ties that the caller may see; only events whose record the caller may see (one audit
    entry). `counts` gives the shown events per kind and month, for the chart."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        asked = ask(index, node) if node else None
        wanted = event_filter(case, kind, since, until, asked, group)
        found = select(case, events_of(index), wanted)[:limit]
        ties = {n for e in found for n in e.nodes[: MAX_TIES * 4]}
        seen = shown(
            ws, user.name, stated, index, ties, [e.key for e in found], path="api timeline",
            asked=[asked] if asked else (),
        )  # fmt: skip
        check_node(seen, asked, wanted)
        out = [event_json(e, seen, case) for e in found if e.key in seen.records]
        counts: dict[str, dict[str, int]] = {}
        for e in out:
            month = (e["date"] or "undated")[:7]
            counts.setdefault(month, {}).setdefault(e["kind"], 0)
            counts[month][e["kind"]] += 1
        return {"events": out, "counts": counts}

    return svc.run(work)
