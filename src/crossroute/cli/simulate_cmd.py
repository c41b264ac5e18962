"""`crossroute simulate`: write a realistic cross-border case with ground truth."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.progress import TaskID

from crossroute.cli.console import console, count_progress


def register(app: typer.Typer) -> None:
    app.command()(simulate)


def simulate(
    out: Annotated[Path, typer.Argument(help="Folder to write the scenario into.")],
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files.")] = 7,
    scale: Annotated[
        str, typer.Option(help="small (~3k persons), medium (~30k) or large (>=1M).")
    ] = "small",
) -> None:
    """Simulate a cross-border smuggling and trafficking case: every agency's files in its own format and
    language, their mappings, a manifest, and the ground truth in OUT/truth."""
    if scale not in ("small", "medium", "large"):
        raise typer.BadParameter("scale must be small, medium or large")
    summary = run_simulation(out, seed, scale)  # type: ignore[arg-type]
    console.print(summary)
    console.print(f"Next: crossroute init WS && crossroute ingest WS {out}")


def run_simulation(out: Path, seed: int, scale: Literal["small", "medium", "large"]) -> object:
    from crossroute.simulate import simulate as run

    with count_progress() as progress:
        tasks: dict[str, TaskID] = {}

        def report(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = progress.add_task(name, total=total)
            progress.update(tasks[name], completed=done, total=total)

        return run(out, seed=seed, scale=scale, progress=report)
