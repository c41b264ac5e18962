"""Budgeted selection, outcomes loaded back, retraining and the drift report, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from crossroute.analysis.ports.selection import Budget, select
from crossroute.cli.app import app
from crossroute.store import Workspace

runner = CliRunner()


def invoke(*args: str | Path) -> str:
    done = runner.invoke(app, [str(arg) for arg in args])
    assert done.exit_code == 0, done.output
    return done.output


def test_budget_per_day_with_exploration() -> None:
    scores = pd.DataFrame(
        {
            "declaration_id": [f"D{i}" for i in range(200)],
            "date": ["2021-01-01"] * 100 + ["2021-01-02"] * 100,
            "office": "1",
            "score": [i / 200 for i in range(200)],
        }
    )
    chosen = select(scores, Budget(share=0.1, explore=0.2), seed=3)
    assert chosen.groupby("date").size().tolist() == [10, 10]
    assert chosen.groupby("chosen_by").size().to_dict() == {"explore": 4, "top": 16}
    top_day_one = chosen[(chosen["chosen_by"] == "top") & (chosen["date"] == "2021-01-01")]
    assert set(top_day_one["declaration_id"]) == {f"D{i}" for i in range(92, 100)}
    assert len(select(scores, Budget(per_day=3, explore=0.0))) == 6


def test_select_outcomes_retrain_drift(customs_files: tuple[Path, Path], tmp_path: Path) -> None:
    train, later = customs_files
    ws = tmp_path / "ws"
    invoke("ports", "train", ws, "--declarations", train)
    invoke("ports", "score", ws, later, "--out", tmp_path / "scores.csv")
    listed = invoke(
        "ports", "select", ws, "--share", "0.5", "--explore", "0.5", "--out", tmp_path / "l.csv"
    )
    assert "random" in listed
    chosen = pd.read_csv(tmp_path / "l.csv", dtype={"declaration_id": str})
    assert set(chosen["chosen_by"]) == {"top", "explore"}
    truth = pd.read_csv(later, dtype=str)
    outcomes = truth[truth["Declaration ID"].isin(chosen["declaration_id"])]
    outcomes = outcomes[["Declaration ID", "Fraud", "Critical Fraud"]]
    pd.concat([outcomes, pd.DataFrame([{"Declaration ID": "NOPE", "Fraud": "1"}])]).to_csv(
        tmp_path / "outcomes.csv", index=False
    )
    loaded = invoke("ports", "outcomes", ws, tmp_path / "outcomes.csv", "--retrain")
    assert f"{len(outcomes)} outcomes loaded; 1 quarantined" in loaded
    assert "model 2: trained on 1,120 declarations" in loaded
    report = invoke("ports", "drift", ws)
    assert "explore" in report and "top" in report
    with Workspace.open(ws) as opened:
        reason = opened.scalar("SELECT reason FROM ports.quarantine WHERE declaration_id = 'NOPE'")
    assert "not a declaration this workspace holds" in reason
