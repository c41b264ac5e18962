"""`crossroute ports records | select | outcomes | insiders-readers` write their audit entry: who (the
`--user`, authenticated before any work, or the operating-system user marked as such), what and why
(issue 13, s.2)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.conftest import logged_by, run_cli

WHY = "OP-QUAY: this week's inspections"


@pytest.fixture(scope="module")
def scored(customs_files: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A trained model, the later file scored, a supervisor and an analyst of the customs agency."""
    ws = tmp_path_factory.mktemp("ports-logged") / "ws"
    with Workspace.create(ws) as made:
        root = create_first_admin(made, "root", "BE-CUSTOMS", "a long admin password")
        add_user(made, root, "sam", "BE-CUSTOMS", Role.SUPERVISOR)
        add_user(made, root, "anna", "BE-CUSTOMS", Role.ANALYST)
    run_cli("ports", "train", ws, "--declarations", customs_files[0])
    run_cli("ports", "score", ws, customs_files[1], "--out", ws.parent / "scores.csv")
    return ws


def test_records_are_a_logged_disclosure(scored: Path) -> None:
    out = scored.parent / "records.jsonl"
    (by_anna,) = logged_by(scored, "ports", "records", scored, "--out", out, "--user", "anna",
                           "--purpose", WHY)  # fmt: skip
    assert (by_anna["actor"], by_anna["action"], by_anna["step"], by_anna["purpose"]) == (
        "anna",
        "disclosure",
        "records",
        WHY,
    )
    assert by_anna["file"] == str(out) and "actor_is" not in by_anna
    (by_os,) = logged_by(scored, "ports", "records", scored, "--out", out)
    assert by_os["actor"].startswith("os:") and "operating-system user" in by_os["actor_is"]
    assert by_os["purpose"] == "ports records"
    out.unlink()
    assert logged_by(scored, "ports", "records", scored, "--out", out, "--user", "nobody",
                     check=False) == []  # fmt: skip
    assert not out.exists()  # refused before anything was written


def test_select_and_outcomes_are_logged(scored: Path, customs_files: tuple[Path, Path]) -> None:
    chosen = scored.parent / "chosen.csv"
    found = logged_by(scored, "ports", "select", scored, "--per-day", "4", "--out", chosen,
                      "--user", "anna", "--purpose", WHY)  # fmt: skip
    select = next(e for e in found if e.get("step") == "select")
    assert (select["actor"], select["action"], select["purpose"]) == ("anna", "consultation", WHY)
    assert select["selection"]  # the saved list it made

    picked = pd.read_csv(chosen, dtype={"declaration_id": str})["declaration_id"]
    truth = pd.read_csv(customs_files[1], dtype=str)
    truth[truth["Declaration ID"].isin(picked)][["Declaration ID", "Fraud"]].to_csv(
        scored.parent / "outcomes.csv", index=False
    )
    with Workspace.open(scored) as opened:
        held = opened.scalar("SELECT count(*) FROM ports.quarantine")
    refused = logged_by(scored, "ports", "outcomes", scored, scored.parent / "outcomes.csv",
                        "--user", "nobody", check=False)  # fmt: skip
    with Workspace.open(scored) as opened:
        assert refused == [] and opened.scalar("SELECT count(*) FROM ports.quarantine") == held
    (outcomes,) = logged_by(scored, "ports", "outcomes", scored, scored.parent / "outcomes.csv",
                            "--user", "sam", "--purpose", WHY)  # fmt: skip
    assert (outcomes["actor"], outcomes["action"], outcomes["step"], outcomes["purpose"]) == (
        "sam",
        "alteration",
        "outcomes",
        WHY,
    )
    assert outcomes["file"] == str(scored.parent / "outcomes.csv")


def test_naming_the_insider_lists_readers_is_logged(scored: Path) -> None:
    why = "OP-QUAY: restrict the insider list"
    (named,) = logged_by(scored, "ports", "insiders-readers", scored, "--user", "sam",
                         "--allow", "anna", "--purpose", why)  # fmt: skip
    assert (named["actor"], named["action"], named["path"], named["purpose"]) == (
        "sam",
        "alteration",
        "lists readers",
        why,
    )
    assert named["list"] == "insiders" and named["named"] == ["anna"]
    (cleared,) = logged_by(scored, "ports", "insiders-readers", scored, "--user", "sam",
                           "--clear", "--purpose", why)  # fmt: skip
    assert (cleared["actor"], cleared["path"]) == ("sam", "lists clear")
    assert logged_by(scored, "ports", "insiders-readers", scored, "--user", "anna", "--allow",
                     "anna", "--purpose", why, check=False) == []  # fmt: skip  # no supervisor
