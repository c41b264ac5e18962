"""Ports: the risk officer's inspection list, one declaration's explanation, the per-port board.

Declarations name parties (importers, declarants, sellers), so the list and the explanation need an
analyst or supervisor and a purpose, and each call is one audit entry; the board is aggregate counts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from crossroute.analysis.ports.selection import EXPLORATION_SHARE, Budget
from crossroute.analysis.ports.views import day_list, declaration, port_board
from crossroute.api.deps import AnalystDep, CallerDep, PurposeDep, ServiceDep
from crossroute.sharing import Purpose, User
from crossroute.sharing.audit import Action, append_by
from crossroute.store import Workspace

router = APIRouter(prefix="/api/ports", tags=["ports"])


def _audit(ws: Workspace, user: User, stated: Purpose, **detail: object) -> None:
    append_by(
        ws, user, Action.CONSULTATION, purpose=stated.text, case_ref=stated.case_ref,
        detail={"api": "ports", **detail},
    )  # fmt: skip


@router.get("/list")
def inspection_list(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    date: Annotated[dt.date | None, Query(description="YYYY-MM-DD")] = None,
    share: Annotated[float, Query(gt=0, le=1)] = 0.02,
    explore: Annotated[float, Query(ge=0, le=1)] = EXPLORATION_SHARE,
) -> dict[str, Any]:
    """A day's inspection list (default: the latest scored day): top of the ranking plus exploration."""

    def work(ws: Workspace) -> dict[str, Any]:
        day = date.isoformat() if date else None  # a real date: FastAPI refuses 2021-13-45 (422)
        found = day_list(ws, day, Budget(share=share, explore=explore), caller=(user.name, stated))
        _audit(ws, user, stated, step="list", date=found["date"], items=len(found["items"]))
        return found

    return svc.run(work)


@router.get(
    "/declarations/{declaration_id}", responses={404: {"description": "no such declaration"}}
)
def explain_declaration(
    declaration_id: str, user: AnalystDep, stated: PurposeDep, svc: ServiceDep
) -> dict[str, Any]:
    """One declaration, its score and the reasons (the factors that raised its risk most)."""

    def work(ws: Workspace) -> dict[str, Any] | None:
        found = declaration(ws, declaration_id)
        _audit(ws, user, stated, step="declaration", declaration=declaration_id)
        return found

    found = svc.run(work)
    if found is None:
        raise HTTPException(404, f"no declaration {declaration_id!r}")
    return found


@router.get("/board")
def board(user: CallerDep, svc: ServiceDep) -> dict[str, Any]:
    """Per port (office) and month: declarations, inspections with outcome, hits, share scored risky."""
    return {"rows": svc.run(port_board)}
