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
from crossroute.resolve.decisions import DecisionError, decide
from crossroute.sharing import Purpose, SharingError, User, events, gate
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
    source, _, record_id = uid.partition("|")
    return source, record_id


def _visible(
    ws: Workspace,
    user: User,
    keys: list[Key],
    stated: Purpose,
    path: str,
    asked: list[str] | None = None,
) -> set[Key]:
    groups = {f"{s}:{r}": [(s, r)] for s, r in keys} or {"": [("", "")]}
    views = gate.entity(ws, user.name, groups, stated, path=path, asked=asked)
    return {(str(r["source"]), str(r["record_id"])) for v in views for r in v.records}


def _candidates(ws: Workspace, text: str) -> list[Key]:
    """The person records `text` may name: SOURCE:ID or SOURCE|ID, else an id of any agency."""
    found: list[Key] = []
    for separator in ("|", ":"):
        source, sep, record_id = text.partition(separator)
        if sep:
            found.append((source, record_id))
    rows = ws.rows("SELECT source, record_id FROM clusters WHERE record_id = ?", [text])
    return list(dict.fromkeys([*found, *((str(s), str(r)) for s, r in rows)]))


def _chosen(text: str, candidates: list[Key], seen: set[Key]) -> Key:
    """The one record the caller may see that `text` names; the same NotFound for a record that is
    hidden, one that does not exist, and an id naming several records (none is named by its agency)."""
    found = [k for k in candidates if k in seen]
    if len(found) != 1:
        raise NotFound(f"no person record {text!r} that you may see (give SOURCE:RECORD_ID)")
    return found[0]


@router.post(
    "", status_code=201, responses=REFUSED | {404: {"description": "no such record you may see"}}
)
def record_decision(
    user: AnalystDep, stated: PurposeDep, svc: ServiceDep, body: Decision
) -> dict[str, Any]:
    """Record a confirm or split between two person records you may see."""

    def work(ws: Workspace) -> dict[str, Any]:
        asked = [body.left, body.right]
        candidates = [_candidates(ws, text) for text in asked]
        keys = list(dict.fromkeys(k for found in candidates for k in found))
        seen = _visible(ws, user, keys, stated, "api decide", asked)
        left, right = (_chosen(t, c, seen) for t, c in zip(asked, candidates, strict=True))
        uids = [f"{left[0]}|{left[1]}", f"{right[0]}|{right[1]}"]
        try:
            decision_id = decide(ws, body.kind, uids[0], uids[1], user.name, body.reason)
        except DecisionError as error:
            raise SharingError(str(error)) from None
        events.sync(ws)  # the decision's own audit entry (an alteration)
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
