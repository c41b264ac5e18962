"""How to run `crossroute` the way this process was run, so that a command the CLI prints (the demo's
`serve` line) works when pasted as printed: `make demo` runs it through `uv run`, which puts the venv on
PATH for that run only, so a bare `crossroute` would not be found afterwards."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def crossroute_command() -> str:
    """The program's path (`.venv/bin/crossroute`, relative to the current folder where it can be)
    when it lives in a virtual environment; `crossroute` when installed on PATH outside one; else
    `PYTHON -m crossroute`."""
    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if program is not None and program.name == "crossroute" and program.exists():
        on_path = shutil.which("crossroute")
        in_venv = sys.prefix != sys.base_prefix
        if not in_venv and on_path and Path(on_path).resolve() == program.resolve():
            return "crossroute"
        return _shown(program)
    return f"{_shown(Path(sys.executable))} -m crossroute"


def _shown(path: Path) -> str:
    try:
        relative = os.path.relpath(path.absolute(), Path.cwd())
    except ValueError:  # another drive
        return str(path.absolute())
    return relative if not relative.startswith("..") else str(path.absolute())
