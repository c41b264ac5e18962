"""Whole of route: the public picture (trends with their sentences and charts, forecast, prevention,
provenance: aggregate statistics, any logged-in caller, no purpose needed) and the case on the legs of
the route (through the gate: an analyst with a purpose, one audit entry)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from crossroute.analysis.routes.legs import add_public, route_picture
from crossroute.analysis.routes.summary import public_picture
from crossroute.api.deps import AnalystDep, CallerDep, PurposeDep, ServiceDep
from crossroute.api.errors import NotFound
from crossroute.api.network import NOT_FOUND
from crossroute.model.gazetteer import locate
from crossroute.store import Workspace

router = APIRouter(prefix="/api/routes", tags=["routes"])


# the public picture per (workspace, last public-data load): computed once per load
_PICTURES: dict[tuple[str, str], dict[str, Any]] = {}


def _public(ws: Workspace, loaded: str) -> dict[str, Any]:
    key = (str(ws.path.resolve()), loaded)
    if key not in _PICTURES:
        _PICTURES.clear()
        _PICTURES[key] = public_picture(ws).as_json()
    return _PICTURES[key]


def _loaded(ws: Workspace) -> str:
    return str(ws.scalar("SELECT max(loaded_at) FROM public_sources") or "")


@router.get("/public", responses=NOT_FOUND)
def public(_: CallerDep, svc: ServiceDep) -> dict[str, Any]:
    """Trends from the public data (each with its computed sentence and an SVG chart), next weeks'
    forecast of arrivals and people per boat with 80% intervals, where prevention should aim (ranked,
    with evidence) and the provenance of each dataset (file, SHA-256, citation)."""

    def work(ws: Workspace) -> dict[str, Any]:
        loaded = _loaded(ws)
        if not loaded:
            raise NotFound("no public data loaded: run `crossroute routes load WS`")
        return _public(ws, loaded)

    return svc.run(work)


@router.get("/legs", responses=NOT_FOUND)
def legs(user: AnalystDep, stated: PurposeDep, svc: ServiceDep) -> dict[str, Any]:
    """The case on the legs of the route (origin, transit, staging, crossing, destination): places and
    records per leg, each group with what it does and the legs it serves, public figures for the same
    leg and period, and the functions left without a provider if the recommended targets were removed.
    Only records the caller may see (one audit entry)."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        picture = route_picture(
            ws, user.name, stated, case, index, locate=locate, path="api routes"
        )
        add_public(ws, picture)
        return picture.as_json()

    return svc.run(work)
