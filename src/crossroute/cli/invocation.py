"""How to run `crossroute` the way this process was run, so that a command the CLI prints (the demo's
`serve` line) works when pasted as printed, with or without the venv on PATH."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def crossroute_command() -> str:
    """`crossroute` when that name on PATH is this program, else its path (`.venv/bin/crossroute`,
    relative to the current folder where it can be), else `PYTHON -m crossroute`."""
    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    on_path = shutil.which("crossroute")
    if program is not None and program.name == "crossroute" and program.exists():
        if on_path and Path(on_path).resolve() == program.resolve():
            return "crossroute"
        return _shown(program)
    if on_path:
        return "crossroute"
    return f"{_shown(Path(sys.executable))} -m crossroute"


def _shown(path: Path) -> str:
    try:
        relative = os.path.relpath(path.absolute(), Path.cwd())
    except ValueError:  # another drive
        return str(path)
    return relative if not relative.startswith("..") else str(path.absolute())
