"""Seized communications through the gate: search (hits in their conversation), a conversation, a
handle's page (its attributed person and evidence), the contact graph, triage. Each call one audit
entry, through `analysis.comms`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field

from crossroute.analysis.comms import index, service
from crossroute.analysis.comms import search as comms_search
from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.sharing.errors import SharingError

router = APIRouter(prefix="/api/comms", tags=["seized communications"])


@router.get("/search")
def search(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """Ranked hits of a query (words, "phrase", OR, NOT, from:, to:, handle:, conv:, after:,
    before:), each with its conversation around it."""
    try:
        hits = svc.run(lambda ws: comms_search.search(ws, user.name, q, stated, limit=limit))
    except index.QueryError as error:
        raise HTTPException(422, str(error)) from None
    return {"query": q, "hits": [h.as_dict() for h in hits]}


@router.get("/thread")
def thread(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    a: Annotated[str, Query(min_length=1)],
    b: Annotated[str, Query(min_length=1)],
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, Any]:
    """The messages between two handles, in time order."""
    messages = svc.run(lambda ws: service.thread(ws, user.name, stated, a, b, limit))
    return {"a": a, "b": b, "messages": messages}


@router.get("/handle/{handle}", responses={404: {"description": "no message you may see"}})
def handle(user: AnalystDep, stated: PurposeDep, svc: ServiceDep, handle: str) -> dict[str, Any]:
    """A handle: its person cluster, the person's other handles with the links' evidence, contacts."""
    page = svc.run(lambda ws: service.handle_page(ws, user.name, stated, handle))
    if page is None:
        raise HTTPException(404, "no message you may see has this handle")
    return page


@router.get("/graph")
def graph(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    limit: Annotated[int, Query(ge=1, le=20000)] = 2000,
) -> dict[str, Any]:
    """Persons (attributed handle clusters) and their ties, groups and key players; each person with
    the entities of the agencies' records you may see that hold one of its handles (phone, handle)."""
    attributed, found, joined = svc.run(lambda ws: service.graph(ws, user.name, stated))
    members: dict[str, list[str]] = {}
    for h, c in attributed.cluster_of.items():
        members.setdefault(c, []).append(h)
    ties = sorted(found.person_ties, key=lambda t: -t.messages)[:limit]
    return {
        "persons": [
            {
                "id": p,
                "handles": sorted(members.get(p, [])),
                "group": found.group.get(p),
                "entities": [k.as_dict() for k in joined.get(p, [])],
            }
            for p in found.persons
        ],
        "ties": [t.__dict__ for t in ties],
        "key_players": [
            {"id": p, "betweenness": b, "pagerank": r} for p, b, r in found.key_players
        ],
    }


@router.get("/triage")
def triage(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    limit: Annotated[int, Query(ge=1, le=5000)] = 100,
) -> dict[str, Any]:
    """The messages most likely criminal, the words the model learnt, insiders with evidence."""
    messages, result = svc.run(lambda ws: service.scores(ws, user.name, stated))
    order = result.scores.argsort()[::-1][:limit].tolist()
    return {
        "messages": [
            {"msg_id": messages.msg_id[k], "from_handle": messages.handles[messages.sender[k]],
             "to_handle": messages.handles[messages.receiver[k]], "text": messages.text[k],
             "score": round(float(result.scores[k]), 4)}
            for k in order
        ],
        "learnt_terms": result.learnt_terms,
        "insiders": [
            {"handle": h, "score": round(s, 3), "evidence": [messages.text[k] for k in ks]}
            for h, s, ks in result.insiders[:20]
        ],
    }  # fmt: skip


class HandleDecision(BaseModel):
    a: str = Field(min_length=1, max_length=200, description="A handle.")
    b: str = Field(min_length=1, max_length=200, description="Another handle.")
    decision: Literal["same", "different"]
    reason: str = Field(min_length=3, max_length=1000, description="Why: logged with the decision.")


@router.post(
    "/decisions",
    status_code=201,
    responses={404: {"description": "a handle in no message you may see"}},
)
def decide(
    user: AnalystDep, stated: PurposeDep, svc: ServiceDep, body: HandleDecision
) -> dict[str, Any]:
    """Confirm (same) or split (different) two handles you may see; attribution obeys it from then
    on. Logged as an alteration with the reason."""
    try:
        svc.run(
            lambda ws: service.decide(
                ws, user.name, stated, body.a, body.b, body.decision, body.reason
            )
        )
    except service.HandleNotSeen as error:
        raise HTTPException(404, str(error)) from None
    except SharingError as error:
        raise HTTPException(422, str(error)) from None
    return {"a": body.a, "b": body.b, "decision": body.decision}
