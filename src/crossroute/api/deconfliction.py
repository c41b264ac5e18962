"""Deconfliction over HTTP: register an operation of your agency with its targets, close it, and read the
alerts on your agency's operations (whom to contact; never the other agency's operation or targets)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.entities import REFUSED
from crossroute.sharing import deconfliction as dc
from crossroute.store import Workspace

router = APIRouter(prefix="/api/deconfliction", tags=["deconfliction"])


class TargetIn(BaseModel):
    target: str = Field(
        min_length=3, max_length=300,
        description="KIND:VALUE: phone:07700 900123, vehicle:AB-123-CD, person:UK-NCA:N1 (a record) or "
        "person:ENTITY_ID, address:12 Rue des Dunes, Calais, document:X123, email:a@b.c",
    )  # fmt: skip
    starts_on: dt.date
    ends_on: dt.date


class Operation(BaseModel):
    op_ref: str = Field(min_length=1, max_length=100, description="Your operation's reference.")
    contact: str = Field(
        min_length=1, max_length=200, description="Whom other agencies should call."
    )
    targets: list[TargetIn] = Field(min_length=1, max_length=200)


def alert_json(alert: dc.Alert) -> dict[str, Any]:
    found = dataclasses.asdict(alert)
    found["raised_at"] = alert.raised_at.isoformat()
    return found


@router.post("/operations", status_code=201, responses=REFUSED)
def register(
    user: AnalystDep, stated: PurposeDep, svc: ServiceDep, body: Operation
) -> dict[str, Any]:
    """Register an operation of your agency; answers the alerts it raises at once."""
    region = dc.region_of(user)
    targets = [dc.parse_target(t.target, t.starts_on, t.ends_on, region) for t in body.targets]

    def work(ws: Workspace) -> dict[str, Any]:
        raised = dc.register(ws, user, body.op_ref, body.contact, targets, stated.text)
        return {
            "op_ref": body.op_ref,
            "targets": len(targets),
            "alerts": [alert_json(a) for a in raised],
        }

    return svc.run(work)


@router.post("/operations/{op_ref}/close", responses=REFUSED)
def close(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    op_ref: Annotated[str, Path(min_length=1, max_length=100)],
) -> dict[str, str]:
    """Close an operation of your agency (it raises no new alerts)."""
    svc.run(lambda ws: dc.close(ws, user, op_ref))
    return {"op_ref": op_ref, "status": "closed", "purpose": stated.text}


@router.get("/alerts", responses=REFUSED)
def alerts(user: AnalystDep, stated: PurposeDep, svc: ServiceDep) -> dict[str, Any]:
    """Alerts on your agency's operations: the other agency and whom to contact."""
    found = svc.run(lambda ws: dc.alerts_for(ws, user))
    return {"alerts": [alert_json(a) for a in found], "purpose": stated.text}
