"""`crossroute resolve`: who is who across agencies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from crossroute.cli.console import console, errors, fail
from crossroute.cli.logs import library_logs
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.sharing import events


def register(app: typer.Typer) -> None:
    app.command()(resolve)


def resolve(
    workspace: WorkspaceArg,
    engine: Annotated[
        str,
        typer.Option(
            help="duckdb (embedded, default) or spark (the same model on Splink's Spark backend, "
            "a local Spark started for the run; needs Java 17+)."
        ),
    ] = "duckdb",
    threshold: Annotated[
        float, typer.Option(help="Match probability from which two records may merge.")
    ] = 0.5,
    full: Annotated[
        bool, typer.Option("--full", help="Re-train and re-score everything, not only new records.")
    ] = False,
) -> None:
    """Resolve every Person record into entities (Splink, trained on the workspace's own data, with
    clustering that refuses contradictions) and index identifiers (phones, documents, accounts...) as
    their own nodes. After the first run only new records are scored, against everything, and existing
    entities keep their ids (`--full` re-trains and re-scores all). Library logs (Splink's notes on
    its training) go to WS/logs/crossroute.log."""
    seconds = resolve_and_show(workspace, engine, threshold, full)
    console.print(
        f"{seconds:.1f} s. Next: crossroute export {workspace} clusters --out clusters.csv"
    )


def resolve_and_show(
    workspace: Path, engine: str = "duckdb", threshold: float = 0.5, full: bool = False
) -> float:
    """Resolve with a progress line per step, print the summary table; the seconds it took."""
    from crossroute.resolve.engines import ENGINES, EngineUnavailableError, engine_named
    from crossroute.resolve.runner import resolve as run

    if engine not in ENGINES:
        fail(f"unknown engine {engine!r}: use {' or '.join(ENGINES)}")
    with open_workspace(workspace) as ws, library_logs(workspace):
        try:
            summary = run(
                ws,
                threshold=threshold,
                full=full,
                progress=lambda text: errors.print(f"[dim]{text}[/]"),
                engine=engine_named(engine),
            )
        except EngineUnavailableError as error:
            fail(str(error))
            raise
        events.sync(ws)  # the run's own entry (a combination), and any load not yet logged
    table = Table(title=f"Resolution run {summary.run_id}", show_header=False)
    table.add_column("")
    table.add_column("", justify="right")
    for label, value in (
        ("person records", summary.records),
        ("candidate pairs", summary.pairs),
        ("merged pairs", summary.merged),
        ("refused (contradictions)", summary.refused),
        ("entities", summary.entities),
        ("identifier links", summary.identifiers),
    ):
        table.add_row(label, f"{value:,}")
    console.print(table)
    return float(summary.seconds)
