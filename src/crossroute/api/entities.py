"""Search and entity detail, through the gate: every record shown with its agency, grading, handling and
restriction; an entity's records compared field by field; the resolution's match explanation cut down
to the records the caller may see."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.errors import NotFound
from crossroute.ingest.issues import is_invalid_property, not_understood
from crossroute.model.record_key import RecordKey
from crossroute.resolve.explain import EntityExplanation
from crossroute.sharing import Purpose, User, gate
from crossroute.sharing.explain import NothingToSee, seen_entity
from crossroute.sharing.gate import EntityView
from crossroute.store import Workspace

router = APIRouter(prefix="/api", tags=["entities"])
REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"description": "no purpose, or a purpose the rules refuse"},
    401: {"description": "not logged in"},
    403: {"description": "the caller's role may not consult personal data"},
}


def summary(view: EntityView) -> dict[str, Any]:
    """An entity as a search result: its names, sources and what the caller may know of it."""
    names = list(
        dict.fromkeys(str(r.get("caption") or "") for r in view.records if r.get("caption"))
    )
    return {
        **view.as_dict(),
        "names": names,
        "agencies": sorted({str(r["source"]) for r in view.records}),
        "schemata": sorted({str(r["schema"]) for r in view.records}),
    }


@router.get("/search", responses=REFUSED)
def search(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="A name in any spelling or script, an identifier in any format, an entity "
            "id or SOURCE:RECORD_ID.",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """Entities matching the query, as the caller may see them (one audit entry)."""
    views = svc.run(lambda ws: gate.search(ws, user.name, q, stated, limit=limit))
    return {"query": q, "entities": [summary(v) for v in views]}


@router.get("/entities/{entity_id}", responses=REFUSED | {404: {"description": "nothing to see"}})
def entity(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    entity_id: Annotated[str, Path(min_length=1, max_length=200)],
) -> dict[str, Any]:
    """Every record of an entity the caller may see, compared field by field, with the match
    explanation (one audit entry)."""
    return svc.run(lambda ws: entity_detail(ws, user, entity_id, stated))


def entity_detail(ws: Workspace, user: User, entity_id: str, stated: Purpose) -> dict[str, Any]:
    """An entity (or the entity of a record the caller may see), the same NotFound for hidden and
    absent; one audit entry naming what was asked."""
    found: EntityExplanation | None = None
    if ws.scalar("SELECT count(*) FROM (SELECT 1 FROM clusters LIMIT 1)"):
        try:
            view, found = seen_entity(ws, user.name, entity_id, stated, path="api entity")
        except NothingToSee:
            raise NotFound(f"no entity {entity_id!r} that you may see") from None
    else:  # not resolved: entities are records, found by the search (anchored on its matches)
        views = [
            v for v in gate.search(ws, user.name, entity_id, stated, limit=5)
            if v.entity_id == entity_id and v.records
        ]  # fmt: skip
        if not views:
            raise NotFound(f"no entity {entity_id!r} that you may see")
        view = views[0]
    detail = summary(view)
    detail["fields"] = compare(view.records)
    detail["not_understood"] = not_understood(ws, view.records)
    detail["explanation"] = None
    if found is not None:
        uids = {str(RecordKey(str(r["source"]), str(r["record_id"]))) for r in view.records}
        detail["explanation"] = {
            "prior_weight": found.prior_weight,
            "pairs": [
                dataclasses.asdict(p) for p in found.pairs if p.left in uids and p.right in uids
            ],
        }
    return detail


def compare(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each property across the records: the values each record gives, and whether they agree
    (one value, given by two or more records), disagree (several values) or stand alone."""
    values: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for r in records:
        uid = RecordKey(str(r["source"]), str(r["record_id"])).shown
        for prop, given in (r.get("properties") or {}).items():
            if is_invalid_property(prop):  # shown apart, with why (`not_understood`)
                continue
            shown = [str(v) for v in (given or []) if v not in (None, "")]
            if shown:
                values[prop][uid] = shown
    out = []
    for prop in sorted(values):
        by_record = values[prop]
        distinct = {_norm(v) for vs in by_record.values() for v in vs}
        state = "single" if len(by_record) == 1 else "agree" if len(distinct) == 1 else "disagree"
        out.append({"property": prop, "state": state, "values": by_record})
    return out


def _norm(value: str) -> str:
    return " ".join(value.casefold().split())
