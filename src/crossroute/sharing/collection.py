"""Collection in the audit log: one entry per file loaded, by whoever loaded it (LED Art. 25).

Every face that loads data writes it the same way, once the file's batch is committed (so a load that
died half way leaves no entry for nothing loaded): the API's upload (the authenticated caller), the
command line's `ingest`, `comms ingest` and `import` (the `--user` given, authenticated, else the
operating-system user, marked as such). `sharing.events.sync` logs, as `system`, only batches that no entry names
(a process killed between its commit and its entry).
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

from crossroute.sharing import audit
from crossroute.sharing.audit import Action
from crossroute.sharing.users import User
from crossroute.store import Workspace

OS_USER = "os:"  # actor prefix of an operating-system user (not an account of the workspace)
COLLECTION_PATHS = ("ingest", "api ingest", "cli ingest")  # entries that log a batch


@dataclass(frozen=True, slots=True)
class Actor:
    """Who loads: a workspace account, or the operating-system user when no --user was given."""

    name: str
    agency: str | None = None
    role: str | None = None
    account: bool = True  # False: an operating-system user, not authenticated by the workspace

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user.name, user.agency, user.role.value)

    @classmethod
    def operating_system(cls) -> Actor:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no name for this uid (a bare container)
            name = "unknown"
        return cls(OS_USER + name, account=False)

    def fields(self, agency: str | None = None) -> dict[str, Any]:
        return {"actor": self.name, "agency": self.agency or agency, "role": self.role}


def log_batch(
    workspace: Workspace,
    batch_id: int,
    actor: Actor,
    *,
    path: str,
    file: str | None = None,
    purpose: str | None = None,
    case_ref: str | None = None,
    extra: dict[str, Any] | None = None,
) -> int:
    """One collection entry for a committed batch: file, SHA-256, rows loaded and quarantined."""
    found = workspace.rows(
        "SELECT agency, file_sha256, file_path, rows_read, loaded, quarantined, finished_at "
        "FROM ingest_batches WHERE batch_id = ?",
        [batch_id],
    )
    if not found:
        raise LookupError(f"no ingest batch {batch_id}")
    agency, sha, stored_path, rows_read, loaded, quarantined, finished = found[0]
    detail: dict[str, Any] = {
        "path": path,
        "batch": batch_id,
        "file": file or stored_path,
        "sha256": sha,
        "rows_read": rows_read,
        "records": loaded,
        "quarantined": quarantined,
        "finished_at": str(finished),
        **(extra or {}),
    }
    return log_by(
        workspace, actor, Action.COLLECTION, detail, purpose=purpose or "ingest", case_ref=case_ref,
        agency=agency,
    )  # fmt: skip


def log_corpus(
    workspace: Workspace,
    actor: Actor,
    agency: str,
    detail: dict[str, Any],
    *,
    path: str,
    case_ref: str | None = None,
) -> int:
    """One collection entry for a seized corpus once it is committed: its id (the file's SHA-256),
    file, messages loaded and quarantined, and the legal scope it was loaded with."""
    return log_by(
        workspace, actor, Action.COLLECTION, {"path": path, **detail}, purpose="ingest",
        case_ref=case_ref, agency=agency,
    )  # fmt: skip


def log_import(
    workspace: Workspace, actor: Actor, folder: str, tables: dict[str, int], purpose: str | None
) -> int:
    """One collection entry for a Parquet import: the folder and the rows of each table."""
    detail: dict[str, Any] = {"path": "cli import", "folder": folder, "tables": tables}
    return log_by(workspace, actor, Action.COLLECTION, detail, purpose=purpose or "import")


def log_by(
    workspace: Workspace,
    actor: Actor,
    action: Action,
    detail: dict[str, Any],
    *,
    purpose: str,
    case_ref: str | None = None,
    agency: str | None = None,
) -> int:
    """One entry for something an actor did (a load, or training a model on the loaded records):
    the account, or the operating-system user marked as such; `agency` when the actor has none."""
    detail = dict(detail)
    if not actor.account:
        detail["actor_is"] = "operating-system user (no --user given)"
    return audit.append(
        workspace, **actor.fields(agency), action=action, purpose=purpose, case_ref=case_ref,
        detail=detail,
    )  # fmt: skip
