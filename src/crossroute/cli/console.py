"""Shared Rich console and progress bars for the commands."""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

# Rich cuts output that is not a terminal at 80 columns: a table piped to a file or read by a script
# loses its columns. Wider then, unless COLUMNS says otherwise.
NOT_A_TERMINAL_WIDTH = 200


def _width(stream: object) -> int | None:
    isatty = getattr(stream, "isatty", None)
    if os.environ.get("COLUMNS") or (callable(isatty) and isatty()):
        return None
    return NOT_A_TERMINAL_WIDTH


console = Console(width=_width(sys.stdout))
errors = Console(stderr=True, width=_width(sys.stderr))


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
