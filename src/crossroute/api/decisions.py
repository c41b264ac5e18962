"""Analysts' decisions: confirm that two person records are one person, or split them. Both records
must be ones the caller may see (one audit entry); the decision is logged as an alteration and takes
effect at the next resolution (`crossroute resolve`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.entities import REFUSED
from crossroute.api.errors import NotFound
from crossroute.model.record_key import RecordKey
from crossroute.sharing import Purpose, User, gate
from crossroute.sharing.decisions import NoSuchRecord, gated_decision
from crossroute.sharing.records import Key
from crossroute.store import Workspace

router = APIRouter(prefix="/api/decisions", tags=["decisions"])
RECORD = "A person record: SOURCE:RECORD_ID (or an id only one agency uses)."


class Decision(BaseModel):
    kind: Literal["confirm", "split"]
    left: str = Field(min_length=1, max_length=200, description=RECORD)
    right: str = Field(min_length=1, max_length=200, description=RECORD)
    reason: str = Field(min_length=3, max_length=1000, description="Why: logged with the decision.")


def _key(uid: str) -> Key:
    return RecordKey.parse(uid).pair()


def _visible(ws: Workspace, user: User, keys: list[Key], stated: Purpose, path: str) -> set[Key]:
    groups = {RecordKey(s, r).shown: [(s, r)] for s, r in keys}
    views = gate.entity(ws, user.name, groups, stated, path=path)
    return {(str(r["source"]), str(r["record_id"])) for v in views for r in v.records}


@router.post(
    "", status_code=201, responses=REFUSED | {404: {"description": "no such record you may see"}}
)
def record_decision(
    user: AnalystDep, stated: PurposeDep, svc: ServiceDep, body: Decision
) -> dict[str, Any]:
    """Record a confirm or split between two person records you may see."""

    def work(ws: Workspace) -> dict[str, Any]:
        try:  # one consultation entry for both records, then the decision's own
            decision_id, uids = gated_decision(
                ws, user, stated, body.kind, body.left, body.right, body.reason, path="api decide"
            )
        except NoSuchRecord as error:
            raise NotFound(str(error)) from None
        return {"decision_id": decision_id, "kind": body.kind, "records": sorted(uids),
                "note": "takes effect at the next resolution (crossroute resolve)"}  # fmt: skip

    return svc.run(work)


@router.get("", responses=REFUSED)
def list_decisions(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """The latest decisions on records the caller may see (both of them), newest first."""

    def work(ws: Workspace) -> dict[str, Any]:
        rows = ws.rows(
            "SELECT decision_id, kind, unique_id_l, unique_id_r, decided_by, decided_at, reason "
            "FROM decisions ORDER BY decision_id DESC LIMIT ?",
            [limit],
        )
        keys = list(dict.fromkeys(_key(u) for row in rows for u in (row[2], row[3])))
        seen = _visible(ws, user, keys, stated, "api decisions") if keys else set()
        return {"decisions": [
            {"decision_id": d, "kind": k, "records": [left, right], "by": by, "at": str(at), "reason": why}
            for d, k, left, right, by, at, why in rows if _key(left) in seen and _key(right) in seen
        ]}  # fmt: skip

    return svc.run(work)
