"""Requests for information between nodes (SIENA-like: reference, purpose, urgency), on both sides.

The asking analyst sends a request after a hit (`ask`); the owner node keeps it (`receive`) until its
supervisor approves, narrows (some records, some fields) or refuses it (`decide`). Disclosed records are
read through the sharing gate for a disclosure to the asking node, so the policy applies and the gate
logs the disclosure with its recipient; they travel with their handling codes and grading. The asking
node keeps what it received and logs it as a collection (`receive_answer`).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from typing import Any

from crossroute.federation.deadlines import Access, Urgency, due
from crossroute.federation.request_store import (
    Request,
    get,
    insert,
    with_disclosed,
)
from crossroute.model.record_key import RecordKey
from crossroute.sharing import AccessDenied, Purpose, Role, SharingError, Use, User, audit, gate
from crossroute.sharing.audit import Action
from crossroute.sharing.clock import utc_now
from crossroute.sharing.policy import require_query_role
from crossroute.sharing.users import get_user
from crossroute.store import Workspace

DECISIONS = ("approve", "narrow", "refuse")
ALWAYS_SENT = ("source", "record_id", "schema", "handling", "grading", "subject_category", "nature")


def ask(
    workspace: Workspace,
    node: str,
    user: User,
    reference: str,
    purpose: Purpose,
    urgency: Urgency,
    accessible: Access = Access.DIRECT,
) -> Request:
    """A new outgoing request about a peer's reference that hit one of our records."""
    require_query_role(user)
    owner = reference.partition(":")[0]
    if not workspace.scalar(
        "SELECT count(*) FROM federation.hits WHERE peer = ? AND reference = ?", [owner, reference]
    ):
        raise SharingError(f"no hit on {reference}: a request follows a hit (match first)")
    now = utc_now()
    request = Request(
        f"{node}-{now:%Y%m%d}-{secrets.token_hex(3)}",
        "outgoing",
        node,
        owner,
        reference,
        purpose.text,
        purpose.case_ref,
        urgency,
        accessible,
        user.name,
        now,
        due(now, urgency, accessible),
        "pending",
    )
    insert(workspace, request)
    return request


def receive(workspace: Workspace, node: str, peer: str, message: dict[str, Any]) -> Request:
    """Keep a peer's request for our supervisor; its deadline counts from when it was asked."""
    reference = str(message["reference"])
    if not reference.startswith(f"{node}:"):
        raise SharingError(f"{reference} is not a reference of {node}")
    asked_at = dt.datetime.fromisoformat(str(message["asked_at"])).replace(tzinfo=None)
    urgency, accessible = Urgency(message["urgency"]), Access(message["accessible"])
    request = Request(
        str(message["request_id"]),
        "incoming",
        peer,
        node,
        reference,
        str(message["purpose"]),
        message.get("case_ref"),
        urgency,
        accessible,
        str(message["asked_by"]),
        asked_at,
        due(asked_at, urgency, accessible),
        "pending",
    )
    if not request.request_id.startswith(f"{peer}-"):
        raise SharingError(f"request {request.request_id} was not made by {peer}")
    insert(workspace, request)
    return request


def decide(
    workspace: Workspace,
    supervisor: User,
    request_id: str,
    decision: str,
    note: str | None = None,
    records: Sequence[str] | None = None,
    fields: Sequence[str] | None = None,
) -> Request:
    """The owner's supervisor approves (the referenced record and the rest of its entity held here),
    narrows (only `records`, given as SOURCE|RECORD_ID, and/or only `fields`) or refuses."""
    if supervisor.role is not Role.SUPERVISOR:
        raise AccessDenied(f"{supervisor.name} is {supervisor.role.value}: a supervisor decides")
    if decision not in DECISIONS:
        raise SharingError(f"decision {decision!r} is one of {', '.join(DECISIONS)}")
    request = get(workspace, request_id, "incoming")
    if request.status != "pending":
        raise SharingError(f"request {request_id} was already {request.status}")
    disclosed: list[dict[str, Any]] = []
    if decision != "refuse":
        disclosed = _disclose(workspace, supervisor, request, records, fields)
        if not disclosed:
            note = f"{note or ''} (nothing may be disclosed under the records' handling codes)"
    status = {"approve": "approved", "narrow": "narrowed", "refuse": "refused"}[decision]
    workspace.rows(
        "UPDATE federation.requests SET status = ?, decided_by = ?, decided_at = ?, note = ?, "
        "disclosed = ? WHERE request_id = ? AND direction = 'incoming'",
        [
            status,
            supervisor.name,
            utc_now(),
            note,
            json.dumps([_key(r) for r in disclosed]),
            request_id,
        ],
    )
    return with_disclosed(get(workspace, request_id, "incoming"), disclosed)


def answer(request: Request) -> dict[str, Any]:
    """What the owner sends back: the decision and, unless refused, the records as disclosed."""
    return {
        "request_id": request.request_id,
        "status": request.status,
        "note": request.note,
        "records": request.disclosed or [],
    }


def receive_answer(workspace: Workspace, peer: str, message: dict[str, Any]) -> Request:
    """Keep the owner's answer and log what we received as a collection."""
    request = get(workspace, str(message["request_id"]), "outgoing")
    if request.owner_node != peer:
        raise SharingError(f"request {request.request_id} was not sent to {peer}")
    records = [dict(r) for r in message.get("records") or []]
    workspace.rows(
        "UPDATE federation.requests SET status = ?, decided_at = ?, note = ?, disclosed = ? "
        "WHERE request_id = ? AND direction = 'outgoing'",
        [
            str(message["status"]),
            utc_now(),
            message.get("note"),
            json.dumps(records),
            request.request_id,
        ],
    )
    audit.append_by(
        workspace,
        get_user(workspace, request.asked_by),
        Action.COLLECTION,
        purpose=request.purpose,
        case_ref=request.case_ref,
        detail={
            "path": "federation request",
            "request": request.request_id,
            "from": peer,
            "status": str(message["status"]),
        },
        subjects=[_key(r) for r in records],
    )
    return get(workspace, request.request_id, "outgoing")


def _disclose(
    workspace: Workspace,
    supervisor: User,
    request: Request,
    records: Sequence[str] | None,
    fields: Sequence[str] | None,
) -> list[dict[str, Any]]:
    keys = _entity_keys(workspace, request.reference)
    if records is not None:
        keys = [k for k in keys if str(RecordKey(*k)) in set(records)]
    purpose = Purpose(
        f"{request.request_id}: request of {request.asking_node}: {request.purpose}",
        None,
        Use.DISCLOSE,
        request.asking_node,
    )
    views = gate.entity(
        workspace, supervisor.name, {request.reference: keys}, purpose, path="federation disclose"
    )
    return [_narrowed(r, fields) for view in views for r in view.records]


def _entity_keys(workspace: Workspace, reference: str) -> list[tuple[str, str]]:
    """The referenced record and the other records of its resolved entity."""
    found = workspace.rows(
        "SELECT source, record_id FROM federation.published WHERE reference = ?", [reference]
    )
    if not found:
        raise SharingError(f"{reference} is not in this node's publication")
    source, record = found[0]
    members = workspace.rows(
        "SELECT c.source, c.record_id FROM clusters c WHERE c.entity_id = (SELECT entity_id FROM "
        "clusters WHERE source = ? AND record_id = ?) ORDER BY 1, 2",
        [source, record],
    )
    keys = [(str(s), str(r)) for s, r in members] or [(str(source), str(record))]
    return keys


def _narrowed(record: dict[str, Any], fields: Sequence[str] | None) -> dict[str, Any]:
    shown = {k: record[k] for k in ALWAYS_SENT if k in record}
    if "restriction" in record:
        shown["restriction"] = record["restriction"]
    props: dict[str, Any] = record.get("properties") or {}
    shown["properties"] = props if fields is None else {k: props[k] for k in fields if k in props}
    if fields is None or "caption" in fields:
        shown["caption"] = record.get("caption")
    return shown


def _key(record: dict[str, Any]) -> str:
    return str(RecordKey(str(record["source"]), str(record["record_id"])))
