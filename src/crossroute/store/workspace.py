"""A workspace is a folder holding one DuckDB file. Opening it applies pending schema migrations."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

DB_FILE = "crossroute.duckdb"
_LOCK_HELD = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")


class WorkspaceError(Exception):
    """A workspace that is missing, already exists, or cannot be opened."""


class Workspace:
    """One workspace folder and its open DuckDB connection."""

    def __init__(self, path: Path, connection: duckdb.DuckDBPyConnection) -> None:
        self.path = path
        self.db = connection

    @classmethod
    def create(cls, path: Path) -> Workspace:
        """Make a new workspace folder; refuses to overwrite an existing one."""
        if (path / DB_FILE).exists():
            raise WorkspaceError(f"{path} is already a workspace")
        path.mkdir(parents=True, exist_ok=True)
        return cls.open(path, create=True)

    @classmethod
    def open(cls, path: Path, *, create: bool = False, read_only: bool = False) -> Workspace:
        """Open a workspace folder and bring its schema up to date."""
        db_path = path / DB_FILE
        if not create and not db_path.exists():
            raise WorkspaceError(
                f"{path} is not a workspace (no {DB_FILE}); run `crossroute init {path}`"
            )
        try:
            connection = duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.Error as error:
            holder = _lock_holder(str(error))
            if holder is not None:
                raise WorkspaceError(_locked(path, *holder)) from None
            raise WorkspaceError(f"cannot open {db_path}: {error}") from error
        connection.execute("SET enable_progress_bar = false")
        workspace = cls(path, connection)
        if not read_only:
            workspace.migrate()
        return workspace

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied, each in its own transaction; returns their names."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)"
        )
        done = {row[0] for row in self.rows("SELECT name FROM schema_migrations")}
        applied = []
        for name, sql in available_migrations():
            if name in done:
                continue
            with self.transaction():
                self.db.execute(sql)
                self.db.execute(
                    "INSERT INTO schema_migrations VALUES (?, current_timestamp)", [name]
                )
            applied.append(name)
        return applied

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """All rows of a query with bound parameters (results are always fully fetched)."""
        return self.db.execute(sql, list(params)).fetchall()

    def scalar(self, sql: str, params: Sequence[object] = ()) -> Any:
        """The first column of the first row, or None."""
        found = self.rows(sql, params)
        return found[0][0] if found else None

    @contextmanager
    def staged(self, tables: Mapping[str, Any]) -> Iterator[None]:
        """Arrow tables registered under the given names for the statements inside the block."""
        for name, table in tables.items():
            self.db.register(name, table)
        try:
            yield
        finally:
            for name in tables:
                self.db.unregister(name)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Everything inside commits together or not at all."""
        self.db.execute("BEGIN TRANSACTION")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _lock_holder(message: str) -> tuple[int, str] | None:
    """(process id, its command line) of the process DuckDB says holds the file's lock."""
    found = _LOCK_HELD.search(message)
    if found is None:
        return None
    pid = int(found.group(2))
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except (OSError, UnicodeDecodeError):
        command = ""
    return pid, command or found.group(1)


def _locked(path: Path, pid: int, command: str) -> str:
    what = f"process {pid} ({command[:200]})"
    if " serve" in f" {command}":
        return (
            f"{path} is open in `crossroute serve`, {what}, which holds it while it runs. Use the "
            "server's API for this (e.g. POST /api/admin/users/NAME/disable, see docs/api.md), or "
            f"stop the server (kill {pid}) and run the command again."
        )
    return (
        f"{path} is in use by {what}: a workspace has one writer at a time. Wait for it to "
        f"finish, or stop it (kill {pid}), and run the command again."
    )


def available_migrations() -> list[tuple[str, str]]:
    """(name, SQL) of every migration shipped with the package, in order."""
    folder = resources.files("crossroute.store").joinpath("migrations")
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".sql")), key=lambda e: e.name
    )
    return [(entry.name.removesuffix(".sql"), entry.read_text("utf-8")) for entry in files]
