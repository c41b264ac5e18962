"""What a workspace holds, in numbers (no personal data)."""

from __future__ import annotations

from typing import Any

from crossroute.store.workspace import Workspace


def workspace_status(workspace: Workspace) -> dict[str, Any]:
    """Counts of records (total, per agency, per schema), quarantined rows, values kept as written
    because they could not be cleaned (`value_issues`) and ingest batches."""
    by_agency = dict(workspace.rows("SELECT source, count(*) FROM records GROUP BY 1 ORDER BY 1"))
    by_schema = dict(workspace.rows("SELECT schema, count(*) FROM records GROUP BY 1 ORDER BY 1"))
    quarantined = _scalar(workspace, "SELECT count(*) FROM quarantine")
    value_issues = _scalar(workspace, "SELECT count(*) FROM value_issues")
    batches = _scalar(workspace, "SELECT count(*) FROM ingest_batches")
    return {
        "workspace": str(workspace.path),
        "records": sum(by_agency.values()),
        "records_by_agency": by_agency,
        "records_by_schema": by_schema,
        "persons": by_schema.get("Person", 0),
        "quarantined": quarantined,
        "value_issues": value_issues,
        "batches": batches,
    }


def _scalar(workspace: Workspace, sql: str) -> int:
    return int(workspace.scalar(sql))
