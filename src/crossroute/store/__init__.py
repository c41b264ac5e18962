"""The workspace: a folder with one DuckDB file, its tables, migrations and Parquet import/export."""

from crossroute.store.workspace import Workspace, WorkspaceError

__all__ = ["Workspace", "WorkspaceError"]
