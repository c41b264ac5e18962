"""Payments, calls and messages around a node as directed, dated flows (who paid whom, how much, in
which currency; who called whom): what the network explorer draws as arrows. Read from the records the
caller may see (one gate call, one audit entry); the network's own neighbourhood stays in `network.py`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from crossroute.analysis.network.gated import ask, visible
from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.network import NOT_FOUND, around, node_of, not_found, reach
from crossroute.store import Workspace

router = APIRouter(prefix="/api/network", tags=["network"])
# the evidence kinds that run from one side to the other (the evidence's a is the payer, caller, sender)
DIRECTED = {
    "payer-beneficiary": "payment",
    "caller-receiver": "call",
    "sender-recipient": "message",
}


def _amount(record: dict[str, Any]) -> tuple[float | None, str | None]:
    props = record.get("properties") or {}
    amounts, currencies = props.get("amount") or [], props.get("currency") or []
    try:
        amount = float(amounts[0]) if amounts else None
    except (TypeError, ValueError):
        amount = None  # kept as written in the record, not understood as a number
    return amount, (str(currencies[0]) if currencies else None)


@router.get("/flows/{node_id}", responses=NOT_FOUND)
def flows(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    node_id: Annotated[str, Path(min_length=1, max_length=200)],
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=500)] = 150,
) -> dict[str, Any]:
    """The payments, calls and messages among a node and its neighbours (as `/nodes/{id}` finds them):
    each from one node to another, with its date, kind, record, and for payments amount and currency.
    Only flows whose record and both ends the caller may see (one audit entry)."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        graph = index.graph
        asked = ask(index, node_id)
        near = around(case, asked, depth, max_nodes)
        keep = set(near)
        found = sorted(
            {
                i
                for n in near
                for i in index.by_node.get(n, ())
                if graph.evidence[i].kind in DIRECTED
                and graph.evidence[i].a in keep
                and graph.evidence[i].b in keep
            }
        )
        seen = visible(
            ws, user.name, stated, index, near, found, path="api network flows", asked=[asked]
        )
        start = node_of(seen, asked)  # hidden and absent answer alike
        if start not in seen.nodes:
            raise not_found(node_id)
        reached = reach(index, seen.evidence, start, depth)  # through ties the caller may see
        found = [
            i for i in found if graph.evidence[i].a in reached and graph.evidence[i].b in reached
        ]
        out = []
        for i in found:
            e = graph.evidence[i]
            record = seen.records.get((e.source, e.record_id))
            if record is None or e.a not in seen.nodes or e.b not in seen.nodes:
                continue
            amount, currency = _amount(record) if e.schema == "Payment" else (None, None)
            out.append(
                {
                    "from": graph.ids[e.a],
                    "to": graph.ids[e.b],
                    "kind": DIRECTED[e.kind],
                    "date": e.date,
                    "amount": amount,
                    "currency": currency,
                    "source": e.source,
                    "record_id": e.record_id,
                }
            )
        return {"center": graph.ids[start], "flows": out}

    return svc.run(work)
