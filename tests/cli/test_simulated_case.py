"""The simulator's agency files ingest through their mappings with no quarantine, and the ground truth
joins to every record; `crossroute demo` runs the whole main job."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroute.store import Workspace
from tests.conftest import run_cli, status


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("case")
    scenario, ws = root / "scenario", root / "ws"
    run_cli("simulate", scenario, "--seed", "11", "--scale", "small")
    run_cli("init", ws)
    run_cli("ingest", ws, scenario)
    return scenario, ws


def test_every_agency_file_loads_without_quarantine(ingested: tuple[Path, Path]) -> None:
    _, ws = ingested
    summary = status(ws)
    assert summary["quarantined"] == 0
    assert len(summary["records_by_agency"]) >= 6
    assert summary["records"] == sum(summary["records_by_agency"].values())
    assert summary["records_by_schema"]["Person"] >= 2000


def test_ground_truth_joins_to_every_record(ingested: tuple[Path, Path]) -> None:
    scenario, ws = ingested
    truth = str(scenario / "truth" / "records.csv")
    with Workspace.open(ws) as workspace:
        total, joined = workspace.rows(
            "SELECT count(*), count(t.entity_id) FROM records r LEFT JOIN "
            "read_csv(?, all_varchar = true) t USING (source, record_id, schema)",
            [truth],
        )[0]
    assert total == joined


def test_reingesting_the_scenario_is_idempotent(ingested: tuple[Path, Path]) -> None:
    scenario, ws = ingested
    before = status(ws)
    again = run_cli("ingest", ws, scenario, "--json")
    assert '"already_loaded_as"' in again.stdout
    assert status(ws) == before


@pytest.mark.slow
def test_demo_runs_the_main_job(tmp_path: Path) -> None:
    done = run_cli("demo", tmp_path / "demo")
    assert "What the workspace holds" in done.stdout
    assert "Resolution run 1" in done.stdout
    workspace = tmp_path / "demo" / "workspace"
    assert status(workspace)["quarantined"] == 0
    # no hint mid-run that is not the next step; library notes in the workspace's log, not here
    assert "Next:" not in done.stdout
    assert "probability" not in done.stderr and "converge" not in done.stderr
    assert (workspace / "logs" / "crossroute.log").exists()
    # the serve command works as printed: its program exists (here: this Python, `-m crossroute`)
    line = next(x for x in done.stdout.splitlines() if x.strip().endswith(f"serve {workspace}"))
    program = line.split()[0]
    assert Path(program).exists() or program == "crossroute", line
    assert "Administrator demo-admin, password " in " ".join(done.stdout.split())
