"""Rows quarantined at ingest and values kept as written because they could not be cleaned, for a
data-protection officer or an administrator (they hold personal data as supplied). Each use is logged."""

from __future__ import annotations

from dataclasses import dataclass

from crossroute.model.record_key import RecordKey
from crossroute.sharing import audit
from crossroute.sharing.audit import Action
from crossroute.sharing.users import Role, User, require_role
from crossroute.store import Workspace

LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class Quarantined:
    """A row not loaded: where, which field, why, the row as read."""

    batch_id: int
    file_path: str
    row_number: int | None
    field: str | None
    reason: str
    raw: str | None


@dataclass(frozen=True, slots=True)
class ValueIssue:
    """A value of a loaded record that could not be cleaned, kept as written in PROPERTY_invalid."""

    batch_id: int
    file_path: str
    row_number: int | None
    source: str
    schema: str
    record_id: str
    field: str
    property: str
    raw: str
    reason: str


def _filter(file: str | None, batch: int | None) -> tuple[str, list[object]]:
    where: list[str] = ["TRUE"]
    params: list[object] = []
    if file:
        where.append("file_path LIKE ?")
        params.append(f"%{file}")
    if batch is not None:
        where.append("batch_id = ?")
        params.append(batch)
    return " AND ".join(where), params


def quarantined(
    workspace: Workspace,
    user: User,
    purpose: str,
    *,
    file: str | None = None,
    batch: int | None = None,
    limit: int = LIMIT,
) -> list[Quarantined]:
    """Quarantined rows (of files whose path ends with `file`, or of one batch), in file order."""
    require_role(user, Role.DPO, Role.ADMINISTRATOR)
    where, params = _filter(file, batch)
    rows = workspace.rows(
        "SELECT batch_id, file_path, row_number, field, reason, raw FROM quarantine "
        f"WHERE {where} ORDER BY batch_id, row_number LIMIT ?",
        [*params, limit],
    )
    found = [Quarantined(*row) for row in rows]
    _log(workspace, user, "quarantine", purpose, file, batch, len(found))
    return found


def value_issues(
    workspace: Workspace,
    user: User,
    purpose: str,
    *,
    file: str | None = None,
    batch: int | None = None,
    limit: int = LIMIT,
) -> list[ValueIssue]:
    """Values kept as written, not understood (of files whose path ends with `file`, or of a batch)."""
    require_role(user, Role.DPO, Role.ADMINISTRATOR)
    where, params = _filter(file, batch)
    rows = workspace.rows(
        "SELECT batch_id, file_path, row_number, source, schema, record_id, field, property, raw, "
        f"reason FROM value_issues WHERE {where} ORDER BY batch_id, row_number LIMIT ?",
        [*params, limit],
    )
    found = [ValueIssue(*row) for row in rows]
    subjects = sorted({str(RecordKey(v.source, v.record_id)) for v in found})
    _log(workspace, user, "quarantine --value-issues", purpose, file, batch, len(found), subjects)
    return found


def _log(
    workspace: Workspace,
    user: User,
    path: str,
    purpose: str,
    file: str | None,
    batch: int | None,
    count: int,
    subjects: list[str] | None = None,
) -> None:
    audit.append_by(
        workspace,
        user,
        Action.CONSULTATION,
        purpose=purpose,
        detail={"path": path, "file": file, "batch": batch, "rows": count},
        subjects=subjects or [],
    )
