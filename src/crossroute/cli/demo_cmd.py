"""`crossroute demo`: the main job on the embedded default, start to end."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from crossroute.cli.console import console
from crossroute.cli.ingest_cmd import ingest
from crossroute.cli.resolve_cmd import resolve
from crossroute.cli.simulate_cmd import run_simulation
from crossroute.cli.workspace_cmd import print_status
from crossroute.store import Workspace
from crossroute.store.stats import workspace_status


def register(app: typer.Typer) -> None:
    app.command()(demo)


def demo(
    folder: Annotated[
        Path, typer.Argument(help="Where to put the scenario and the workspace.")
    ] = Path("demo"),
    seed: Annotated[int, typer.Option(help="Scenario seed.")] = 7,
) -> None:
    """Simulate a small case, ingest every agency's files, show what the workspace holds and resolve
    who is who."""
    scenario, workspace = folder / "scenario", folder / "workspace"
    for path in (scenario, workspace):
        if path.exists():
            shutil.rmtree(path)
    console.rule("1. Simulate a small cross-border case")
    run_simulation(scenario, seed, "small")
    console.rule("2. Ingest every agency's files")
    Workspace.create(workspace).close()
    ingest(workspace, [scenario])
    console.rule("3. What the workspace holds")
    with Workspace.open(workspace) as ws:
        print_status(workspace_status(ws))
    console.rule("4. Who is who across agencies")
    resolve(workspace)
    console.print(
        f"\nWorkspace: [bold]{workspace}[/]. Try: crossroute status {workspace} --json; "
        f"crossroute export {workspace} clusters --out clusters.csv; crossroute explain {workspace} ENTITY"
    )
