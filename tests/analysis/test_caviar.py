"""CAVIAR, a real drug-importation network seen through wiretaps in 11 phases with police seizures between
them (Morselli 2009): key players per phase and how the network reorganised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crossroute.analysis.network.phases import phases, read_matrix
from tests.conftest import run_cli

CAVIAR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "caviar"
PHASES = [CAVIAR / f"phase{i}.csv" for i in range(1, 12)]

pytestmark = pytest.mark.skipif(
    not CAVIAR.is_dir(), reason="shared/data/caviar is not beside the repo"
)


def test_matrices_load_as_weighted_ties() -> None:
    first = read_matrix(PHASES[0])
    assert len(first.names) == 15 and first.names[0] == "1"
    assert first.rows > 0 and float(first.weight.sum()) > first.rows  # repeated calls weigh more


def test_the_organiser_leads_then_the_network_reorganises() -> None:
    found = phases(PHASES, top=5)
    assert [p.name for p in found] == [f"phase{i}" for i in range(1, 12)]
    leaders = [p.top[0][0] for p in found]
    assert leaders[:8] == ["1"] * 8  # n1 runs the network through the early phases
    assert leaders[-1] != "1"  # after the seizures someone else is most central
    assert "12" in [n for n, _ in found[-1].top[:2]]
    assert any(p.left for p in found[1:]) and any(p.appeared for p in found[1:])
    assert max(p.nodes for p in found) > found[0].nodes


def test_the_phases_command(tmp_path: Path) -> None:
    done = run_cli("network", "phases", *PHASES, "--json")
    rows = json.loads(done.stdout)
    assert len(rows) == 11 and rows[0]["key_players"].startswith("1 ")
