"""The workspace: one DuckDB file, migrations applied once, Parquet round trip of every table."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroute.ingest.loader import ingest_file
from crossroute.sharing.users import create_first_admin
from crossroute.store import Workspace, WorkspaceError
from crossroute.store import workspace as workspace_module
from crossroute.store.parquet import data_tables, export_parquet, import_parquet
from crossroute.store.workspace import DB_FILE, available_migrations
from tests.conftest import FIXTURES, run_cli, status


def test_init_makes_one_duckdb_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    run_cli("init", ws)
    assert (ws / DB_FILE).is_file()
    again = run_cli("init", ws, check=False)
    assert again.returncode != 0 and "already a workspace" in again.stderr


def test_migrations_apply_once(workspace: Workspace) -> None:
    assert workspace.migrate() == []
    applied = {row[0] for row in workspace.rows("SELECT name FROM schema_migrations")}
    assert applied == {name for name, _ in available_migrations()}


def test_records_loaded_before_the_zstd_migration_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a workspace from before 006 (with 007's value_issues, which the ingest of today writes to)
    earlier = [m for m in available_migrations() if m[0] < "006" or m[0].startswith("007")]
    monkeypatch.setattr(workspace_module, "available_migrations", lambda: earlier)
    with Workspace.create(tmp_path / "ws") as old:
        ingest_file(old, FIXTURES / "malformed" / "persons.csv")
        before = old.rows("SELECT * FROM records ORDER BY row_number")
    monkeypatch.undo()
    with Workspace.open(tmp_path / "ws") as ws:
        assert ws.rows("SELECT * FROM records ORDER BY row_number") == before
        table = ws.scalar("SELECT sql FROM duckdb_tables() WHERE table_name = 'records'")
        assert ws.scalar("SELECT count(*) FROM persons") == len(before)
    assert "properties JSON USING COMPRESSION ZSTD" in table


def test_opening_a_missing_workspace_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="crossroute init"):
        Workspace.open(tmp_path / "nowhere")
    done = run_cli("status", tmp_path / "nowhere", check=False)
    assert done.returncode == 2 and "crossroute init" in done.stderr


def test_parquet_round_trip_of_every_table(tmp_path: Path) -> None:
    source = tmp_path / "a"
    run_cli("init", source)
    run_cli("ingest", source, FIXTURES / "malformed" / "persons.csv")
    run_cli("resolve", source)
    with Workspace.open(source) as ws:  # a Parquet export copies personal data: administrators only
        create_first_admin(ws, "root", "UK-NCA", "a long admin password")
    run_cli(
        "export",
        source,
        "parquet",
        "--out",
        tmp_path / "pq",
        "--user",
        "root",
        "--purpose",
        "backup",
    )
    target = tmp_path / "b"
    run_cli("init", target)
    run_cli("import", target, tmp_path / "pq")
    first, second = status(source), status(target)
    assert {k: v for k, v in first.items() if k != "workspace"} == {
        k: v for k, v in second.items() if k != "workspace"
    }
    with Workspace.open(target) as ws:
        export_parquet(ws, tmp_path / "pq2")
        assert ws.scalar("SELECT count(*) FROM persons") == first["persons"]
        assert ws.scalar("SELECT count(*) FROM clusters") == first["persons"]
        tables = set(data_tables(ws))
    assert {p.stem for p in (tmp_path / "pq2").glob("*.parquet")} == tables
    assert {"records", "quarantine", "ingest_batches", "clusters", "decisions"} <= tables


def test_import_refuses_unknown_tables(tmp_path: Path, workspace: Workspace) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    workspace.db.sql("SELECT 1 AS x").write_parquet(str(folder / "nonsense.parquet"))
    with pytest.raises(WorkspaceError, match="nonsense"):
        import_parquet(workspace, folder)
