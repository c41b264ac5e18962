"""Shared fixtures: a fresh workspace and a runner for the real `crossroute` command."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crossroute.store import Workspace

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.create(tmp_path / "ws")
    yield ws
    ws.close()


def run_cli(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `crossroute ARGS` in a real subprocess, as a user would."""
    done = subprocess.run(
        [sys.executable, "-m", "crossroute", *map(str, args)],
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    if check and done.returncode != 0:
        raise AssertionError(
            f"crossroute {args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done


def status(ws_path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(run_cli("status", ws_path, "--json").stdout)
    return result
