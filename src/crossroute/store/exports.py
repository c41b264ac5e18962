"""Contract exports other tools rely on (documented in docs/cli.md and docs/formats.md)."""

from __future__ import annotations

from pathlib import Path

from crossroute.store.workspace import Workspace, WorkspaceError


def export_clusters(workspace: Workspace, out: Path) -> int:
    """Write `record_id,source,entity_id`, one row per Person record; returns rows written."""
    runs = workspace.scalar("SELECT count(*) FROM resolution_runs")
    if not runs:
        raise WorkspaceError(
            f"{workspace.path} has no resolution yet: run `crossroute resolve` first"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    relation = workspace.db.sql(
        "SELECT record_id, source, entity_id FROM clusters ORDER BY source, record_id"
    )
    relation.write_csv(str(out), header=True)
    return int(workspace.scalar("SELECT count(*) FROM clusters"))
