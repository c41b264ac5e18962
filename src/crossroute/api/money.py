"""Follow the money: laundering alerts, one alert's subgraph, money trails and totals, through the
gate (`analysis/finance/service.py`): the caller's visible transactions only, one audit entry per call."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from crossroute.analysis.finance import linked, service
from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.entities import REFUSED
from crossroute.api.errors import NotFound
from crossroute.store import Workspace

router = APIRouter(prefix="/api/money", tags=["money"])
NOT_FOUND = REFUSED | {404: {"description": "nothing of that name that you may see"}}


@router.get("/alerts", responses=REFUSED)
def alerts(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    typology: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, Any]:
    """The alerts queue, highest score first: typology, score, accounts, reasons, transactions."""

    def work(ws: Workspace) -> dict[str, Any]:
        found = service.alerts(ws, user.name, stated)
        rows = found.alerts.to_pylist()
        typologies = sorted({r["typology"] for r in rows})
        if typology:
            rows = [r for r in rows if r["typology"] == typology]
        return {
            "typologies": typologies,
            "transactions_scanned": found.transactions,
            "alerts": rows[:limit],
            "truncated": len(rows) > limit,
        }

    return svc.run(work)


@router.get("/alerts/{alert_id}", responses=NOT_FOUND)
def alert(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    alert_id: Annotated[str, Path(min_length=1, max_length=40)],
) -> dict[str, Any]:
    """One alert: typology, score, the figures that fired, and its subgraph (accounts, payments with
    amounts and dates)."""

    def work(ws: Workspace) -> dict[str, Any]:
        found = service.alert_detail(ws, user.name, stated, alert_id)
        if found is None:
            raise NotFound(f"no alert {alert_id!r} that you may see")
        return found

    return svc.run(work)


@router.get("/accounts/{account_id}/flows", responses=NOT_FOUND)
def flows(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    account_id: Annotated[str, Path(min_length=1, max_length=100)],
    direction: Literal["down", "up"] = "down",
    depth: Annotated[int, Query(ge=1, le=6)] = 4,
    hop_days: Annotated[float, Query(gt=0, le=365)] = 30.0,
) -> dict[str, Any]:
    """Where the account's money went (down) or came from (up): time-respecting payments, each with
    the amount carried on from the previous hop."""

    def work(ws: Workspace) -> dict[str, Any]:
        steps = service.follow(
            ws, user.name, stated, account_id, direction, depth=depth, hop_days=hop_days
        )
        if steps is None:
            raise NotFound(f"no account {account_id!r} that you may see")
        return {"account": account_id, "direction": direction, "steps": steps}

    return svc.run(work)


@router.get("/paths", responses=NOT_FOUND)
def paths(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=100)],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=100)],
    depth: Annotated[int, Query(ge=1, le=6)] = 4,
    hop_days: Annotated[float, Query(gt=0, le=365)] = 30.0,
) -> dict[str, Any]:
    """The time-respecting paths of payments from one account to another, each with the amount that
    can have gone the whole way."""

    def work(ws: Workspace) -> dict[str, Any]:
        found = service.paths(ws, user.name, stated, source, target, depth=depth, hop_days=hop_days)
        if found is None:
            raise NotFound(f"no two accounts {source!r} and {target!r} that you may see")
        return {"from": source, "to": target, "paths": found}

    return svc.run(work)


@router.get("/totals", responses=REFUSED)
def totals(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    by: Literal["month", "corridor", "currency", "channel"] = "month",
) -> dict[str, Any]:
    """Payments and amounts (EUR) you may see, by month, corridor, currency or channel."""
    return svc.run(lambda ws: {"by": by, "rows": service.money_totals(ws, user.name, stated, by)})


@router.get("/groups/{group}", responses=NOT_FOUND)
def group_money(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    group: Annotated[int, Path(ge=0, le=1_000_000)],
) -> dict[str, Any]:
    """A group's money: the accounts its members hold (tied by holder record, IBAN or name), totals in
    and out in EUR, counterparties with their holders, top accounts and a Sankey of the flows."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        found = linked.group_money(ws, user.name, stated, case, index, group)
        if found is None:
            raise NotFound(f"no group {group} that you may see")
        return found

    return svc.run(work)


@router.get("/accounts/{account_id}", responses=NOT_FOUND)
def account(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    account_id: Annotated[str, Path(min_length=1, max_length=100)],
) -> dict[str, Any]:
    """An account: its holders among the people you may see (with their groups), its money in and out
    in EUR, counterparties and a Sankey of the flows."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        found = linked.account_people(ws, user.name, stated, case, index, account_id)
        if found is None:
            raise NotFound(f"no account {account_id!r} that you may see")
        return found

    return svc.run(work)
