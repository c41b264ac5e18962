"""Parquet export and import of every workspace table (the hand-over format for Spark and backups)."""

from __future__ import annotations

from pathlib import Path

from crossroute.store.sql import quote_ident
from crossroute.store.workspace import Workspace, WorkspaceError


def data_tables(workspace: Workspace) -> list[str]:
    """The workspace's tables, bookkeeping excluded."""
    rows = workspace.rows(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' "
        "ORDER BY table_name"
    )
    return [row[0] for row in rows]


def export_parquet(workspace: Workspace, folder: Path) -> dict[str, int]:
    """Write each table to FOLDER/<table>.parquet; returns rows written per table."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for table in data_tables(workspace):
        relation = workspace.db.table(table)
        relation.write_parquet(str(folder / f"{table}.parquet"))
        written[table] = _count(workspace, table)
    return written


def import_parquet(workspace: Workspace, folder: Path) -> dict[str, int]:
    """Append FOLDER/<table>.parquet into the matching tables, all in one transaction."""
    tables = data_tables(workspace)
    files = {path.stem: path for path in folder.glob("*.parquet")}
    unknown = sorted(set(files) - set(tables))
    if unknown:
        raise WorkspaceError(f"{folder}: no table for {', '.join(u + '.parquet' for u in unknown)}")
    loaded = {}
    with workspace.transaction():
        for table, path in sorted(files.items()):
            before = _count(workspace, table)
            workspace.rows(
                f"INSERT INTO {quote_ident(table)} BY NAME SELECT * FROM read_parquet(?)",
                [str(path)],
            )
            loaded[table] = _count(workspace, table) - before
        for table, column, sequence in SEQUENCES:
            if table in files:
                _advance_sequence(workspace, table, column, sequence)
    return loaded


def _count(workspace: Workspace, table: str) -> int:
    return int(workspace.scalar(f"SELECT count(*) FROM {quote_ident(table)}"))


# (table, id column, sequence) whose sequence must move past imported ids
SEQUENCES = (
    ("ingest_batches", "batch_id", "batch_ids"),
    ("resolution_runs", "run_id", "resolution_run_ids"),
    ("decisions", "decision_id", "decision_ids"),
)


def _advance_sequence(workspace: Workspace, table: str, column: str, sequence: str) -> None:
    """Move a sequence past the imported ids so new rows do not reuse them."""
    top = int(
        workspace.scalar(
            f"SELECT coalesce(max({quote_ident(column)}), 0) FROM {quote_ident(table)}"
        )
    )
    while int(workspace.scalar("SELECT nextval(?)", [sequence])) < top:
        pass
