"""Ports: the displacement monitor (per port and month, shifts flagged; counts only, any logged-in user)
and the corrupt-insider list (an analyst or supervisor with a purpose, whom the policy's list rule
allows; one audit entry per call, a refusal logged too)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from crossroute.analysis.ports.displacement import Params, monitor
from crossroute.analysis.ports.insiders import LIST, TOP, insiders
from crossroute.api.deps import AnalystDep, CallerDep, PurposeDep, ServiceDep
from crossroute.sharing import lists
from crossroute.sharing.policy import Visibility
from crossroute.store import Workspace

router = APIRouter(prefix="/api/ports", tags=["ports"])


@router.get("/displacement")
def displacement(
    user: CallerDep,
    svc: ServiceDep,
    z: Annotated[float, Query(ge=0, le=10)] = 2.0,
    window: Annotated[int, Query(ge=2, le=36)] = 6,
    lag: Annotated[int, Query(ge=0, le=6)] = 1,
    min_declarations: Annotated[int, Query(ge=1)] = 30,
    risky_origins: Annotated[str | None, Query(description="comma-separated codes")] = None,
) -> dict[str, Any]:
    """Per port (office) and month: declarations, inspected, hits, risky-origin share, main routes;
    shifts of risky traffic between ports (method and thresholds: docs/ports.md)."""
    chosen = (
        tuple(o.strip() for o in risky_origins.split(",") if o.strip()) if risky_origins else None
    )
    params = Params(
        window=window, z=z, lag=lag, min_declarations=min_declarations, risky_origins=chosen
    )

    def work(ws: Workspace) -> dict[str, Any]:
        return monitor(ws, params).as_dict()

    return svc.run(work)


@router.get("/insiders/access")
def insider_access(user: CallerDep, svc: ServiceDep) -> dict[str, bool]:
    """Whether the policy lets the caller see the insider list (about the caller's own rights only)."""
    found = svc.run(lambda ws: lists.verdict(ws, user, LIST))
    return {"allowed": found.visibility is Visibility.FULL}


@router.get("/insiders")
def insider_list(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    top: Annotated[int, Query(ge=1, le=200)] = TOP,
) -> dict[str, Any]:
    """Port, customs, police and dock staff tied to the networks, ranked, with the evidence (403 when
    the policy names other readers)."""
    return svc.run(lambda ws: insiders(ws, user.name, stated, top=top, path="api ports insiders"))
