"""Shared Rich console and progress bars for the commands."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

console = Console()
errors = Console(stderr=True)


def byte_progress() -> Progress:
    """A progress bar over bytes read."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=False,
    )


def count_progress() -> Progress:
    """A progress bar over items done."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeElapsedColumn(),
        console=errors,
        transient=False,
    )


def fail(message: str, code: int = 2) -> None:
    """Print a clear error (no traceback) and exit non-zero."""
    import typer

    errors.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)
