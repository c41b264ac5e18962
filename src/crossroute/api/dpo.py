"""The DPO's views: is the audit chain intact, who looked at a record, unusual access. DPO users only;
each use (except the chain check) is itself logged by the sharing layer."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Query

from crossroute.api.deps import CallerDep, PurposeDep, ServiceDep
from crossroute.api.entities import REFUSED
from crossroute.model.record_key import NotARecordKey, RecordKey
from crossroute.sharing import AuditBroken, SharingError, audit, dpo
from crossroute.sharing.users import Role, require_role
from crossroute.store import Workspace

router = APIRouter(prefix="/api/dpo", tags=["dpo"])


@router.get("/audit", responses=REFUSED)
def audit_chain(user: CallerDep, svc: ServiceDep) -> dict[str, Any]:
    """Whether the audit log's hash chain and head anchor verify (DPOs and administrators)."""
    require_role(user, Role.DPO, Role.ADMINISTRATOR)

    def work(ws: Workspace) -> dict[str, Any]:
        head = audit.current_head(ws)
        try:
            entries = audit.verify(ws)
        except AuditBroken as error:
            return {"intact": False, "problem": str(error), "head": None}
        return {
            "intact": True,
            "entries": entries,
            "head": f"{head.seq}:{head.hash}" if head else None,
        }

    return svc.run(work)


@router.get("/accesses", responses=REFUSED)
def accesses(
    user: CallerDep,
    stated: PurposeDep,
    svc: ServiceDep,
    record: Annotated[str, Query(min_length=3, max_length=200, description="SOURCE:RECORD_ID")],
) -> dict[str, Any]:
    """Who looked at a record, when and why."""
    require_role(user, Role.DPO)
    try:
        key = RecordKey.parse(record, ":")
    except NotARecordKey:
        raise SharingError(f"a record is SOURCE:RECORD_ID, not {record!r}") from None
    found = svc.run(
        lambda ws: dpo.accesses(ws, user, key.source.upper(), key.record_id, stated.text)
    )
    return {"record": record, "accesses": [dataclasses.asdict(a) for a in found]}


@router.get("/unusual", responses=REFUSED)
def unusual(
    user: CallerDep,
    stated: PurposeDep,
    svc: ServiceDep,
    factor: Annotated[float, Query(gt=1, le=100)] = 3.0,
    minimum: Annotated[int, Query(ge=1, le=100_000)] = 20,
) -> dict[str, Any]:
    """Volume spikes and look-ups outside the user's cases."""
    require_role(user, Role.DPO)
    found = svc.run(lambda ws: dpo.unusual(ws, user, stated.text, factor=factor, minimum=minimum))
    return {"findings": [dataclasses.asdict(f) for f in found]}
