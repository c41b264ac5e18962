"""Requests for information as kept in the workspace (`federation.requests`), on both sides: what a
request says, its deadline and whether it is overdue."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from crossroute.federation.deadlines import Access, Urgency
from crossroute.sharing import SharingError
from crossroute.sharing.clock import utc_now
from crossroute.store import Workspace

_COLUMNS = (
    "request_id, direction, asking_node, owner_node, reference, purpose, case_ref, urgency, "
    "accessible, asked_by, asked_at, due_at, status, decided_by, decided_at, note, disclosed"
)


@dataclass(frozen=True)
class Request:
    request_id: str
    direction: str  # outgoing | incoming
    asking_node: str
    owner_node: str
    reference: str
    purpose: str
    case_ref: str | None
    urgency: Urgency
    accessible: Access
    asked_by: str
    asked_at: dt.datetime
    due_at: dt.datetime
    status: str
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    note: str | None = None
    disclosed: list[dict[str, Any]] | None = None

    def overdue(self, now: dt.datetime | None = None) -> bool:
        return self.status == "pending" and (now or utc_now()) > self.due_at

    def message(self) -> dict[str, Any]:
        """What the asking node sends the owner: no name, no identifier, only the owner's reference."""
        return {
            "request_id": self.request_id,
            "reference": self.reference,
            "purpose": self.purpose,
            "case_ref": self.case_ref,
            "urgency": self.urgency.value,
            "accessible": self.accessible.value,
            "asked_by": self.asked_by,
            "asked_at": self.asked_at.isoformat(),
        }

    def as_dict(self, now: dt.datetime | None = None) -> dict[str, Any]:
        found = {**self.message(), "direction": self.direction, "asking_node": self.asking_node}
        found |= {
            "owner_node": self.owner_node,
            "due_at": self.due_at.isoformat(),
            "status": self.status,
            "overdue": self.overdue(now),
            "decided_by": self.decided_by,
            "note": self.note,
            "disclosed": self.disclosed,
        }
        return found


def list_requests(workspace: Workspace, *, overdue_only: bool = False) -> list[Request]:
    found = [
        _request(row)
        for row in workspace.rows(
            f"SELECT {_COLUMNS} FROM federation.requests ORDER BY asked_at, request_id"
        )
    ]
    return [r for r in found if r.overdue()] if overdue_only else found


def get(workspace: Workspace, request_id: str, direction: str) -> Request:
    rows = workspace.rows(
        f"SELECT {_COLUMNS} FROM federation.requests WHERE request_id = ? AND direction = ?",
        [request_id, direction],
    )
    if not rows:
        raise SharingError(f"no {direction} request {request_id}")
    return _request(rows[0])


def with_disclosed(request: Request, disclosed: list[dict[str, Any]]) -> Request:
    return Request(**{**request.__dict__, "disclosed": disclosed})


def insert(workspace: Workspace, request: Request) -> None:
    if workspace.scalar(
        "SELECT count(*) FROM federation.requests WHERE request_id = ? AND direction = ?",
        [request.request_id, request.direction],
    ):
        raise SharingError(f"request {request.request_id} is already kept")
    workspace.rows(
        f"INSERT INTO federation.requests ({_COLUMNS}) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL)",
        [
            request.request_id,
            request.direction,
            request.asking_node,
            request.owner_node,
            request.reference,
            request.purpose,
            request.case_ref,
            request.urgency.value,
            request.accessible.value,
            request.asked_by,
            request.asked_at,
            request.due_at,
            request.status,
        ],
    )


def _request(row: tuple[Any, ...]) -> Request:
    disclosed = json.loads(row[16]) if row[16] else None
    return Request(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        Urgency(row[7]),
        Access(row[8]),
        row[9],
        row[10],
        row[11],
        row[12],
        row[13],
        row[14],
        row[15],
        disclosed,
    )
