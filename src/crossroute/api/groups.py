"""One group's page: its members and roles, the route segments its events work and its money (payments
touching its members), through the gate (one audit entry)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Path

from crossroute.analysis.network.case import CaseNetwork, group_candidates
from crossroute.analysis.network.gated import Asked, Indexed, View, shown
from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.errors import NotFound
from crossroute.api.network import NOT_FOUND, node_json
from crossroute.ingest.rates import about_eur
from crossroute.sharing.records import Key
from crossroute.store import Workspace

router = APIRouter(prefix="/api/network", tags=["network"])
MAX_PAYMENTS = 500


def _payments(index: Indexed, members: set[int]) -> dict[Key, list[int]]:
    """Payment records touching a member -> the nodes they tie (payer side first)."""
    graph = index.graph
    found: dict[Key, list[int]] = defaultdict(list)
    for m in members:
        for i in index.by_node.get(m, ()):
            e = graph.evidence[i]
            if e.schema == "Payment":
                found[(e.source, e.record_id)].extend((e.a, e.b))
    return {k: list(dict.fromkeys(v)) for k, v in list(found.items())[:MAX_PAYMENTS]}


def _customers(case: CaseNetwork, seen: View, events: list[int]) -> int:
    """Passengers the caller may see on the group's crossings the caller may see (through ties the
    caller may see): the group's customers as far as the caller can tell."""
    graph = case.graph
    wanted = {e for e in events if any(k in seen.records for k in graph.records[e])}
    return len(
        {
            end
            for i in seen.ties
            if graph.evidence[i].kind == "participant"
            for end in (graph.evidence[i].a, graph.evidence[i].b)
            if end not in wanted
            and case.customer[end]
            and (graph.evidence[i].a in wanted or graph.evidence[i].b in wanted)
        }
    )


def _amount(record: dict[str, Any]) -> tuple[float, str] | None:
    props = record.get("properties") or {}
    try:
        value = float((props.get("amount") or [""])[0])
    except ValueError:
        return None
    return value, str((props.get("currency") or ["?"])[0])


def with_eur(ws: Workspace, found: dict[str, Any]) -> dict[str, Any]:
    """The payments also added up in EUR at monthly reference rates (`about_eur`), the rates named."""
    return {**found, "about_eur": about_eur(ws, found["payments"])}


def money(case: CaseNetwork, payments: dict[Key, list[int]], seen: View) -> dict[str, Any]:
    """Payments the caller may see: each with its date, amount and visible parties; totals by currency
    and by month; flows between visible people."""
    graph, rows = case.graph, []
    totals: dict[str, float] = defaultdict(float)
    months: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    flows: dict[tuple[int, int, str], float] = defaultdict(float)
    for key, ends in payments.items():
        record = seen.records.get(key)
        if record is None or (amount := _amount(record)) is None:
            continue
        value, currency = amount
        date = ((record.get("properties") or {}).get("date") or [None])[0]
        people = [n for n in ends if n in seen.nodes and graph.types[n] == "Person"]
        totals[currency] += value
        months[str(date or "undated")[:7]][currency] += value
        if len(people) == 2:
            flows[(people[0], people[1], currency)] += value
        rows.append({"record": {k: record.get(k) for k in ("source", "record_id", "grading", "handling")},
                     "date": date, "amount": value, "currency": currency,
                     "parties": [node_json(case, seen, n) for n in people]})  # fmt: skip
    return {
        "payments": sorted(rows, key=lambda r: str(r["date"])),
        "totals": dict(totals),
        "by_month": {m: dict(c) for m, c in sorted(months.items())},
        "flows": [
            {"from": node_json(case, seen, a), "to": node_json(case, seen, b), "currency": c,
             "amount": v}
            for (a, b, c), v in sorted(flows.items(), key=lambda kv: -kv[1])[:30]
        ],
    }  # fmt: skip


@router.get("/groups/{group}", responses=NOT_FOUND)
def group_page(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    group: Annotated[int, Path(ge=0, le=1_000_000)],
) -> dict[str, Any]:
    """A group candidate: members the caller may see with their inferred roles, role counts, route
    segments (with the events behind them), countries and money (one audit entry)."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        found = next(
            (g for g in group_candidates(case, min_members=2) if g.community == group), None
        )
        if found is None:
            asked = [Asked(str(group), (), False)]
            shown(ws, user.name, stated, index, [], [], path="api group", asked=asked)
            raise NotFound(f"no group {group} that you may see (see GET /api/network/groups)")
        graph, membership = case.graph, case.communities.membership
        members = set(found.members)
        events = [e for e in graph.segments if int(membership[e]) == group]
        payments = _payments(index, members)
        nodes = members | set(events) | {n for ends in payments.values() for n in ends}
        keys = [k for e in events for k in graph.records[e]] + list(payments)
        asked = [Asked(str(group), (), False)]
        seen = shown(ws, user.name, stated, index, nodes, keys, path="api group", asked=asked)
        visible = [m for m in found.members if m in seen.nodes and seen.complete(m)]
        if not visible:
            raise NotFound(f"no group {group} that you may see (see GET /api/network/groups)")
        segments: Counter[str] = Counter(
            graph.segments[e] for e in events if any(k in seen.records for k in graph.records[e])
        )
        roles = Counter(case.roles[m].role for m in visible if m in case.roles)
        countries = Counter(c for m in visible for c in seen.countries(m))
        return {
            "group": group,
            "members": sorted(
                (node_json(case, seen, m) for m in visible), key=lambda n: -n["score"]
            ),
            "roles": roles.most_common(),
            "countries": countries.most_common(8),
            "routes": segments.most_common(),
            "customers": _customers(case, seen, events),
            "money": with_eur(ws, money(case, payments, seen)),
        }

    return svc.run(work)
