"""Shared fixtures: a fresh workspace and a runner for the real `crossroute` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import traceback
import warnings
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


# The CLI's Rich consoles take their width once, when first imported: as wide as the subprocess runs had.
os.environ.setdefault("COLUMNS", "200")


def run_cli(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `crossroute ARGS` in this process (Typer's CliRunner) and answer as the real command would:
    its stdout, its stderr, its exit code, and an uncaught exception as a traceback on stderr with
    exit code 1. Warnings are printed, not raised, as in a real process. `run_cli_process` runs a real
    subprocess (for kills, servers and start-up)."""
    from typer.testing import CliRunner

    from crossroute.cli.app import app

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        result = CliRunner().invoke(app, [str(a) for a in args])
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    done = subprocess.CompletedProcess(
        ["crossroute", *map(str, args)], result.exit_code, result.stdout, stderr
    )
    if check and done.returncode != 0:
        raise AssertionError(
            f"crossroute {args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done


def logged_by(ws: Path, *args: str | Path, check: bool = True) -> list[dict[str, Any]]:
    """Run `crossroute ARGS` on WS (in-process); the audit entries it wrote, each as its actor, action,
    purpose and subjects with its detail's fields."""
    from crossroute.sharing.audit import entries

    with Workspace.open(ws) as opened:
        before = int(opened.scalar("SELECT coalesce(max(seq), 0) FROM sharing.audit_log"))
    run_cli(*args, check=check)
    with Workspace.open(ws) as opened:
        found = entries(opened, before)
    return [
        {"actor": e.actor, "action": e.action, "purpose": e.purpose, "subjects": e.subjects,
         **json.loads(e.detail)}
        for e in found
    ]  # fmt: skip


def run_cli_process(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
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
