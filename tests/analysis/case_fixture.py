"""One small simulated case, ingested and resolved once per test session (the analysis and export tests
both use it)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from crossroute.analysis.network.case import CaseNetwork, analyse_case
from crossroute.store import Workspace
from tests.conftest import run_cli


def session_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every test process of this session shares: with pytest-xdist, each worker has a base
    temp folder of its own under one parent; alone, the base temp folder itself."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def built_once(folder: Path) -> Iterator[bool]:
    """Build `folder` once per session whichever worker asks first; the others wait for it. Yields
    whether the caller must build it (then `done` is written when the block ends without error)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            must_build = not (folder / "done").exists()
            yield must_build
            if must_build:
                (folder / "done").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def resolved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = session_root(tmp_path_factory) / "network-case"
    scenario, ws = root / "scenario", root / "ws"
    with built_once(root) as must_build:
        if must_build:
            run_cli("simulate", scenario, "--seed", "11", "--scale", "small")
            run_cli("init", ws)
            run_cli("ingest", ws, scenario)
            run_cli("resolve", ws)
    return scenario, ws


def analysed(ws: Path) -> CaseNetwork:
    with Workspace.open(ws, read_only=True) as workspace:
        return analyse_case(workspace, seeds=3)
