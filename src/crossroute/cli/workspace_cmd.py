"""Workspace commands: init, status, export, import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from crossroute.cli.console import console, fail
from crossroute.cli.sharing_options import known_user, refusals
from crossroute.sharing import system_export
from crossroute.sharing.collection import Actor, log_import
from crossroute.store import Workspace, WorkspaceError
from crossroute.store.exports import export_clusters
from crossroute.store.parquet import export_parquet, import_parquet
from crossroute.store.stats import workspace_status

WorkspaceArg = Annotated[
    Path, typer.Argument(help="The workspace folder (made by `crossroute init`).")
]


def open_workspace(path: Path) -> Workspace:
    try:
        return Workspace.open(path)
    except WorkspaceError as error:
        fail(str(error))
        raise


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(status)
    app.command(name="export")(export)
    app.command(name="import")(import_)


def init(workspace: WorkspaceArg) -> None:
    """Make a new workspace: a folder with one DuckDB file, schema up to date."""
    try:
        Workspace.create(workspace).close()
    except WorkspaceError as error:
        fail(str(error))
    console.print(
        f"Workspace ready: [bold]{workspace}[/]. Next: crossroute ingest {workspace} FILE..."
    )


def status(
    workspace: WorkspaceArg,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object (for scripts).")
    ] = False,
) -> None:
    """What the workspace holds: records per agency and schema, quarantined rows, batches."""
    with open_workspace(workspace) as ws:
        summary = workspace_status(ws)
    if as_json:
        print(json.dumps(summary))
        return
    print_status(summary)


def print_status(summary: dict[str, object]) -> None:
    table = Table(title=f"Workspace {summary['workspace']}")
    table.add_column("agency")
    table.add_column("records", justify="right")
    by_agency = summary["records_by_agency"]
    assert isinstance(by_agency, dict)
    for code, count in by_agency.items():
        table.add_row(code, f"{count:,}")
    table.add_row("[bold]total", f"[bold]{summary['records']:,}")
    console.print(table)
    by_schema = summary["records_by_schema"]
    assert isinstance(by_schema, dict)
    console.print("By schema: " + ", ".join(f"{k} {v:,}" for k, v in by_schema.items()))
    console.print(
        f"Quarantined rows: {summary['quarantined']:,}   "
        f"Values kept as written, not understood: {summary.get('value_issues', 0):,}   "
        f"Ingest batches: {summary['batches']:,}"
    )


def export(
    workspace: WorkspaceArg,
    what: Annotated[
        str, typer.Argument(help="`parquet` (every table) or `clusters` (record -> entity).")
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Output folder (parquet) or CSV file (clusters).")
    ],
    user: Annotated[
        str | None,
        typer.Option(help="parquet: the administrator exporting (it copies personal data)."),
    ] = None,
    purpose: Annotated[
        str | None, typer.Option(help="parquet: why (backup, scale-out hand-over...); logged.")
    ] = None,
) -> None:
    """Export workspace data. `parquet` writes every table to OUT/<table>.parquet (personal data: an
    administrator with --user and --purpose; logged as a disclosure); `clusters` writes OUT as CSV with
    one row per Person record: record_id,source,entity_id (after `crossroute resolve`; pseudonymous ids
    only, logged as a system disclosure; cells a spreadsheet would run as formulas get a leading ')."""
    with open_workspace(workspace) as ws:
        if what == "parquet":
            with refusals():
                if user is not None:
                    known_user(ws, user)  # a token, when set, must be theirs
                system_export.authorise_bulk(ws, user, purpose, out)
            written = export_parquet(ws, out)
            console.print(", ".join(f"{t} {n:,}" for t, n in written.items()) + f" -> {out}")
        elif what == "clusters":
            count = export_clusters(ws, out)
            system_export.log_clusters_export(ws, out, count)
            console.print(f"{count:,} records -> {out}")
        else:
            fail(f"unknown export {what!r}; available: parquet, clusters")


def import_(
    workspace: WorkspaceArg,
    folder: Annotated[
        Path, typer.Argument(help="A folder written by `crossroute export WS parquet`.")
    ],
    user: Annotated[
        str | None,
        typer.Option(
            help="Who imports (a user of the workspace); logged. Without it the operating-system "
            "user is logged, marked as such."
        ),
    ] = None,
    purpose: Annotated[str | None, typer.Option(help="Why (logged).")] = None,
) -> None:
    """Import a Parquet export (all tables) into a workspace, in one transaction; logged as one
    collection."""
    with open_workspace(workspace) as ws:
        with refusals():
            actor = Actor.of(known_user(ws, user)) if user else Actor.operating_system()
        try:
            loaded = import_parquet(ws, folder)
        except WorkspaceError as error:
            fail(str(error))
            return
        log_import(ws, actor, str(folder), loaded, purpose)
    console.print(", ".join(f"{t} {n:,}" for t, n in loaded.items()))
