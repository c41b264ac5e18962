"""The timeline: dated events (crossings, shipments, seizures, arrests, payments, calls, posts) with the
people and things they tie, through the gate (one audit entry)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.errors import NotFound
from crossroute.api.events import KINDS, Event, Filter, events_of, select
from crossroute.api.graph_gate import Shown, shown
from crossroute.api.network import NOT_FOUND, node_json, node_of
from crossroute.sharing import SharingError
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
Kinds = Annotated[
    list[str] | None,
    Query(description=f"Event kinds (repeat): {', '.join(KINDS)}; all when absent.", max_length=20),
]
Since = Annotated[dt.date | None, Query(description="From this day (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Up to this day (YYYY-MM-DD).")]
NodeText = Annotated[
    str | None,
    Query(min_length=1, max_length=200, description="Only events tying this node (entity id or KIND:VALUE)."),
]  # fmt: skip
Group = Annotated[
    int | None, Query(ge=0, le=1_000_000, description="Only events touching this group's members.")
]


def event_filter(
    svc_case: Any, kinds: list[str] | None, since: dt.date | None, until: dt.date | None,
    node: str | None, group: int | None,
) -> Filter:  # fmt: skip
    """The filter the query parameters ask for (400 for an unknown kind or a range that ends first)."""
    unknown = sorted(set(kinds or ()) - set(KINDS))
    if unknown:
        raise SharingError(f"unknown event kind {', '.join(unknown)}: one of {', '.join(KINDS)}")
    if since and until and until < since:
        raise SharingError(f"the range ends ({until}) before it starts ({since})")
    if group is not None and group >= svc_case.communities.count:
        raise NotFound(f"no group {group}")
    return Filter(
        frozenset(kinds or KINDS),
        since.isoformat() if since else None,
        until.isoformat() if until else None,
        node_of(svc_case, node) if node else None,
        group,
    )


def event_json(e: Event, seen: Shown, case: Any) -> dict[str, Any]:
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
        "ties": [node_json(case, n) for n in ties[:MAX_TIES]],
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
        case, index = svc.case(ws)
        wanted = event_filter(case, kind, since, until, node, group)
        found = select(case, events_of(index), wanted)[:limit]
        ties = {n for e in found for n in e.nodes[: MAX_TIES * 4]}
        seen = shown(
            ws, user.name, stated, index, ties, [e.key for e in found], path="api timeline"
        )
        out = [event_json(e, seen, case) for e in found if e.key in seen.records]
        counts: dict[str, dict[str, int]] = {}
        for e in out:
            month = (e["date"] or "undated")[:7]
            counts.setdefault(month, {}).setdefault(e["kind"], 0)
            counts[month][e["kind"]] += 1
        return {"events": out, "withheld": len(found) - len(out), "counts": counts}

    return svc.run(work)
