"""Federation: the analyst's calls (`/api/federation/...`, bearer token and purpose) and the peer
listener's (`/federation/...`, mutual TLS, the caller named by its certificate's fingerprint).

`crossroute serve WS --node CONFIG` mounts `router` on the API and serves `peer_app` on the config's
`listen` address; both use the same workspace service."""

from __future__ import annotations

import functools
import hashlib
import ssl
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from crossroute.api import errors
from crossroute.api.deps import AnalystDep, CallerDep, PurposeDep, ServiceDep
from crossroute.federation import deconflict, request_store, requests
from crossroute.federation.config import NodeConfig
from crossroute.federation.deadlines import Access, Urgency
from crossroute.federation.node import Node, keep_hits, kept_hits
from crossroute.federation.peers import PeerError, Peers
from crossroute.federation.wire import encodings_from_json, encodings_json, hit_from_json, hit_json
from crossroute.sharing import SharingError, audit
from crossroute.sharing.audit import Action
from crossroute.store import Workspace

router = APIRouter(prefix="/api/federation", tags=["federation"])
peer_router = APIRouter(prefix="/federation", tags=["federation (peers)"])


def mount(app: FastAPI, config: NodeConfig) -> FastAPI:
    """Mount the analyst's router on `app`; returns the peer app (same service)."""
    node, peers = Node.load(config), Peers(config, config.journal)
    app.state.node, app.state.peers = node, peers
    app.include_router(router)
    peer_app = FastAPI(title=f"Crossroute node {node.name} (peers)", version="0.1.0")
    peer_app.state.service, peer_app.state.node = app.state.service, node
    errors.install(peer_app)
    peer_app.include_router(peer_router)
    return peer_app


def _node(request: Request) -> Node:
    found: Node = request.app.state.node
    return found


def _peers(request: Request) -> Peers:
    found: Peers = request.app.state.peers
    return found


NodeDep = Annotated[Node, Depends(_node)]
PeersDep = Annotated[Peers, Depends(_peers)]


def _peer(request: Request, node: NodeDep) -> str:
    """The calling node, named by the certificate it presented (the CA already checked it)."""
    chain = request.scope.get("extensions", {}).get("tls", {}).get("client_cert_chain") or []
    if not chain:
        raise HTTPException(403, "no client certificate")
    fingerprint = hashlib.sha256(ssl.PEM_cert_to_DER_cert(chain[0])).hexdigest()
    peer = node.config.peer_by_fingerprint(fingerprint)
    if peer is None:
        raise HTTPException(403, "this certificate is not a peer's")
    return peer.name


PeerDep = Annotated[str, Depends(_peer)]


def _call(peers: Peers, peer: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    try:
        return peers.post(peer, path, body)
    except PeerError as error:
        raise HTTPException(502, str(error)) from None


# ---- the analyst's calls ------------------------------------------------------------------------


class MatchBody(BaseModel):
    peers: list[str] | None = Field(default=None, description="Peers to ask (all if absent).")


@router.post("/match")
def match(
    body: MatchBody,
    user: AnalystDep,
    purpose: PurposeDep,
    svc: ServiceDep,
    node: NodeDep,
    peers: PeersDep,
) -> dict[str, Any]:
    """Send this node's encodings to peers; keep and return the hits (ours: record; theirs: node,
    reference, score)."""
    names = [p.upper() for p in body.peers] if body.peers else sorted(node.config.peers)
    if unknown := sorted(set(names) - set(node.config.peers)):
        raise SharingError(f"not peers of {node.name}: {', '.join(unknown)}")
    message = {"encodings": encodings_json(svc.run(node.publication).encodings)}
    hits = []
    for peer in names:
        found = _call(peers, peer, "/federation/match", message)
        hits += [hit_from_json(h) for h in found["hits"]]

    def keep(ws: Workspace) -> int:
        audit.append_by(
            ws,
            user,
            Action.DISCLOSURE,
            purpose=purpose.text,
            case_ref=purpose.case_ref,
            detail={
                "path": "federation match",
                "encodings": len(message["encodings"]["references"]),
            },
            recipients=names,
        )
        return keep_hits(ws, node, user.name, names, hits)

    svc.run(keep)
    return {"peers": names, "hits": svc.run(kept_hits)}


@router.get("/hits")
def hits(user: AnalystDep, svc: ServiceDep) -> dict[str, Any]:
    """The hits our records got at peers."""
    return {"hits": svc.run(kept_hits)}


class Ask(BaseModel):
    reference: str = Field(
        min_length=3, max_length=80, description="The peer's reference of a hit."
    )
    urgency: Urgency = Urgency.NORMAL
    accessible: Access = Access.DIRECT


@router.post("/requests")
def ask(
    body: Ask,
    user: AnalystDep,
    purpose: PurposeDep,
    svc: ServiceDep,
    node: NodeDep,
    peers: PeersDep,
) -> dict[str, Any]:
    """Ask the owner of a hit for the information (purpose from X-Purpose, case from X-Case)."""
    made = svc.run(
        lambda ws: requests.ask(
            ws, node.name, user, body.reference, purpose, body.urgency, body.accessible
        )
    )
    _call(peers, made.owner_node, "/federation/requests", made.message())
    return made.as_dict()


@router.get("/requests")
def list_requests(user: CallerDep, svc: ServiceDep, overdue: bool = False) -> dict[str, Any]:
    """Requests we sent and received, with their deadlines; `overdue=true` for overdue ones only."""
    found = svc.run(lambda ws: request_store.list_requests(ws, overdue_only=overdue))
    return {"requests": [r.as_dict() for r in found]}


class Decision(BaseModel):
    decision: str = Field(description="approve, narrow or refuse")
    note: str | None = Field(default=None, max_length=1000)
    records: list[str] | None = Field(default=None, description="Narrow: SOURCE|RECORD_ID kept.")
    fields: list[str] | None = Field(default=None, description="Narrow: properties kept.")


@router.post("/requests/{request_id}/decision")
def decide(
    request_id: str, body: Decision, user: CallerDep, svc: ServiceDep, peers: PeersDep
) -> dict[str, Any]:
    """The owner's supervisor answers a request; disclosed records go to the asking node."""
    made = svc.run(
        lambda ws: requests.decide(
            ws, user, request_id, body.decision, body.note, body.records, body.fields
        )
    )
    _call(peers, made.asking_node, "/federation/answers", requests.answer(made))
    return made.as_dict()


@router.post("/deconfliction")
def deconfliction(
    user: AnalystDep, svc: ServiceDep, node: NodeDep, peers: PeersDep
) -> dict[str, Any]:
    """Compare our open operations with every peer's; alerts on both sides."""
    mine = svc.run(lambda ws: deconflict.offer(ws, node))
    for peer in sorted(node.config.peers):
        found = _call(peers, peer, "/federation/deconfliction", mine.message())
        overlaps = [(o["operation"], o["contact"], o["kind"]) for o in found["overlaps"]]
        svc.run(functools.partial(deconflict.raise_alerts, mine=mine, peer=peer, overlaps=overlaps))
    return {"alerts": svc.run(deconflict.alerts)}


@router.get("/alerts")
def alerts(user: AnalystDep, svc: ServiceDep) -> dict[str, Any]:
    """Overlaps of our operations with peers' operations: whom to contact, no details."""
    return {"alerts": svc.run(deconflict.alerts)}


# ---- the peers' calls ---------------------------------------------------------------------------


def _bad(error: Exception) -> SharingError:
    return SharingError(f"malformed message: {error}")


@peer_router.post("/match")
def peer_match(
    body: dict[str, Any], peer: PeerDep, svc: ServiceDep, node: NodeDep
) -> dict[str, Any]:
    """A peer's encodings matched here: hits only."""
    try:
        theirs = encodings_from_json(body["encodings"])
    except (KeyError, TypeError, ValueError) as error:
        raise _bad(error) from None
    found = svc.run(lambda ws: node.answer_match(ws, peer, theirs))
    return {"hits": [hit_json(h) for h in found]}


@peer_router.post("/requests")
def peer_request(
    body: dict[str, Any], peer: PeerDep, svc: ServiceDep, node: NodeDep
) -> dict[str, Any]:
    """A peer's request for information, kept for our supervisor."""
    try:
        kept = svc.run(lambda ws: requests.receive(ws, node.name, peer, body))
    except (KeyError, TypeError, ValueError) as error:
        raise _bad(error) from None
    return {"request_id": kept.request_id, "due_at": kept.due_at.isoformat()}


@peer_router.post("/answers")
def peer_answer(body: dict[str, Any], peer: PeerDep, svc: ServiceDep) -> dict[str, Any]:
    """The owner's answer to one of our requests."""
    try:
        kept = svc.run(lambda ws: requests.receive_answer(ws, peer, body))
    except (KeyError, TypeError, ValueError) as error:
        raise _bad(error) from None
    return {"request_id": kept.request_id, "status": kept.status}


@peer_router.post("/deconfliction")
def peer_deconfliction(
    body: dict[str, Any], peer: PeerDep, svc: ServiceDep, node: NodeDep
) -> dict[str, Any]:
    """A peer's open operations compared with ours: alerts here, overlaps (their token, our
    contact, kind) back."""

    def work(ws: Workspace) -> list[dict[str, str]]:
        mine = deconflict.offer(ws, node)
        found = deconflict.compare(mine, body, peer)
        theirs = body.get("contacts", {})
        deconflict.raise_alerts(
            ws, mine, peer, [(m, str(theirs.get(t, peer)), k) for m, t, k in found]
        )
        return [{"operation": t, "contact": mine.contacts[m], "kind": k} for m, t, k in found]

    try:
        return {"overlaps": svc.run(work)}
    except (KeyError, TypeError, ValueError) as error:
        raise _bad(error) from None
