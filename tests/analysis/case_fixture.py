"""One small simulated case, ingested and resolved once per test session (the analysis and export tests
both use it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroute.analysis.network.case import CaseNetwork, analyse_case
from crossroute.store import Workspace
from tests.conftest import run_cli


def resolved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.getbasetemp() / "network-case"
    scenario, ws, done = root / "scenario", root / "ws", root / "done"
    if not done.exists():
        run_cli("simulate", scenario, "--seed", "11", "--scale", "small")
        run_cli("init", ws)
        run_cli("ingest", ws, scenario)
        run_cli("resolve", ws)
        done.touch()
    return scenario, ws


def analysed(ws: Path) -> CaseNetwork:
    with Workspace.open(ws, read_only=True) as workspace:
        return analyse_case(workspace, seeds=3)
