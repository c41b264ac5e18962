"""Analysts' confirm/split decisions: stored with who, when and why; the latest per pair wins."""

from __future__ import annotations

from dataclasses import dataclass

from crossroute.model.record_key import RecordKey
from crossroute.store import Workspace

KINDS = ("confirm", "split")


class DecisionError(ValueError):
    """A decision that cannot be recorded (unknown record, same record twice, no reason)."""


@dataclass(frozen=True)
class Links:
    """Pairs that must be one entity, and pairs that must never be."""

    must: list[tuple[str, str]]
    cannot: list[tuple[str, str]]


def record_uid(workspace: Workspace, record: str) -> str:
    """source|record_id for a record given as SOURCE:ID, SOURCE|ID, or an id only one agency uses."""
    for key in RecordKey.readings(record):
        if workspace.scalar(
            "SELECT count(*) FROM persons WHERE source = ? AND record_id = ?", list(key.pair())
        ):
            return str(key)
    sources = workspace.rows("SELECT source FROM persons WHERE record_id = ?", [record])
    if len(sources) == 1:
        return str(RecordKey(str(sources[0][0]), record))
    if sources:
        raise DecisionError(
            f"record id {record!r} is used by several agencies: give SOURCE:{record}"
        )
    raise DecisionError(f"no person record {record!r}")


def decide(workspace: Workspace, kind: str, left: str, right: str, user: str, reason: str) -> int:
    """Record a decision; returns its id."""
    if kind not in KINDS:
        raise DecisionError(f"decision must be one of {', '.join(KINDS)}, not {kind!r}")
    if not user.strip() or not reason.strip():
        raise DecisionError("a decision needs who made it (--user) and why (--why)")
    a, b = sorted((record_uid(workspace, left), record_uid(workspace, right)))
    if a == b:
        raise DecisionError("a decision is about two different records")
    with workspace.transaction():
        decision_id = int(workspace.scalar("SELECT nextval('decision_ids')"))
        workspace.rows(
            "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, current_localtimestamp(), ?)",
            [decision_id, kind, a, b, user.strip(), reason.strip()],
        )
    return decision_id


def current_links(workspace: Workspace) -> Links:
    """The latest decision on each pair, as must-links and cannot-links."""
    rows = workspace.rows(
        "SELECT kind, unique_id_l, unique_id_r FROM decisions "
        "QUALIFY row_number() OVER (PARTITION BY unique_id_l, unique_id_r ORDER BY decision_id DESC) = 1"
    )
    return Links(
        must=[(a, b) for kind, a, b in rows if kind == "confirm"],
        cannot=[(a, b) for kind, a, b in rows if kind == "split"],
    )
