"""Bulk exports through the gate.

- `export WS clusters` (record_id,source,entity_id) carries pseudonymous ids only, no names, dates or
  identifiers. Tools call it without a user, so it is logged as a *system* disclosure (actor `system`,
  recipient the file) and its cells are made spreadsheet-safe.
- `export WS parquet` copies every data table, personal data included: only an administrator, with a
  purpose, logged as a disclosure to the folder. Sharing tables (accounts, the audit log) are never in it.
"""

from __future__ import annotations

from pathlib import Path

from crossroute.sharing import audit
from crossroute.sharing.audit import Action
from crossroute.sharing.errors import AccessDenied
from crossroute.sharing.exports import neutralise_file
from crossroute.sharing.policy import require_purpose
from crossroute.sharing.users import Role, get_user, require_role
from crossroute.store import Workspace

SYSTEM = "system"
CLUSTERS_PURPOSE = "pseudonymous record-to-entity export (crossroute export WS clusters)"


def log_clusters_export(workspace: Workspace, out: Path, rows: int) -> None:
    neutralised = neutralise_file(out)
    audit.append(
        workspace,
        actor=SYSTEM,
        action=Action.DISCLOSURE,
        purpose=CLUSTERS_PURPOSE,
        detail={"path": "export clusters", "rows": rows, "formula_cells_neutralised": neutralised},
        recipients=[str(out)],
    )


def authorise_bulk(workspace: Workspace, user: str | None, purpose: str | None, out: Path) -> None:
    """An administrator with a purpose may copy every data table; logged before anything is written."""
    if user is None:
        raise AccessDenied(
            "a Parquet export copies personal data: give --user ADMINISTRATOR and --purpose WHY"
        )
    admin = get_user(workspace, user)
    require_role(admin, Role.ADMINISTRATOR)
    stated = require_purpose(purpose)
    audit.append_by(
        workspace,
        admin,
        Action.DISCLOSURE,
        purpose=stated.text,
        detail={"path": "export parquet"},
        recipients=[str(out)],
    )
