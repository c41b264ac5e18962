"""The displacement monitor: per port and month counts, a planted shift of risky traffic from one port to
another after more inspections there is flagged (and nothing in steady traffic), across two nodes whose
declarations are not pooled (shared aggregates, counts only), through the CLI, the API and the briefing."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from crossroute.analysis.ports.displacement import Params, monitor
from crossroute.api.app import create_app
from crossroute.cli.app import app as cli
from crossroute.federation.port_aggregates import AggregateError, combine, read, share
from crossroute.report.displacement_section import displacement_section
from crossroute.sharing.tokens import issue_token
from crossroute.sharing.users import FIRST_ADMIN, Role, _insert, add_user
from crossroute.store import Workspace

with warnings.catch_warnings():  # starlette asks for `httpx2`; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

MONTHS = [f"2020-{m:02d}" for m in range(1, 13)] + ["2021-01", "2021-02"]
SHIFT = "2020-10"  # office 1 tightened in September; from October its risky traffic lands at 2


def rows(offices: list[str], seed: int, planted: bool) -> pa.Table:
    """80 declarations per office and month; origin XX is risky (half of them fraud)."""
    rng = np.random.default_rng(seed)
    out: dict[str, list[object]] = {k: [] for k in (
        "declaration_id", "date", "office", "importer", "origin", "departure", "transshipment",
        "fraud", "critical_fraud",
    )}  # fmt: skip
    for office in offices:
        for month in MONTHS:
            share = 0.2
            inspected = 0.1
            if planted and month >= SHIFT:
                share = {"1": 0.03, "2": 0.45}.get(office, share)
            if planted and office == "1" and month == "2020-09":
                inspected = 0.6
            for n in range(80):
                risky = rng.random() < share
                origin = "XX" if risky else str(rng.choice(["CN", "DE", "US"]))
                looked = rng.random() < inspected
                fraud = int(rng.random() < (0.5 if risky else 0.05)) if looked else None
                out["declaration_id"].append(f"D{office}-{month}-{n}")
                out["date"].append(f"{month}-{1 + n % 28:02d}")
                out["office"].append(office)
                out["importer"].append(f"IMP{rng.integers(0, 50)}")
                out["origin"].append(origin)
                out["departure"].append("PA" if risky and n % 2 else origin)
                out["transshipment"].append("Algeciras" if risky else None)
                out["fraud"].append(fraud)
                out["critical_fraud"].append(fraud)
    return pa.table(out)


def workspace(path: Path, offices: list[str], seed: int = 1, planted: bool = True) -> Path:
    with Workspace.create(path) as ws, ws.staged({"incoming": rows(offices, seed, planted)}):
        ws.db.execute(
            "INSERT INTO ports.declarations (declaration_id, date, office, importer, origin, "
            "departure, transshipment, fraud, critical_fraud, source_file, loaded_at) "
            "SELECT declaration_id, date::DATE, office, importer, origin, departure, transshipment, "
            "fraud, critical_fraud, 'test', current_timestamp FROM incoming"
        )
    return path


@pytest.fixture(scope="module")
def pooled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return workspace(tmp_path_factory.mktemp("pooled") / "ws", ["1", "2", "3"])


def test_the_planted_shift_is_flagged(pooled: Path) -> None:
    with Workspace.open(pooled) as ws:
        found = monitor(ws)
    assert found.risky_origins == ("XX",)
    assert {(s.drop_month, s.from_port, s.to_port) for s in found.shifts} == {(SHIFT, "1", "2")}
    shift = found.shifts[0]
    assert shift.enforcement and shift.moved > 5
    assert shift.from_share < shift.from_expected and shift.to_share > shift.to_expected
    row = next(r for r in found.rows if r.office == "2" and r.month == "2020-11")
    assert row.declarations == 80 and row.risky > 20
    assert row.routes[0][0] in ("XX", "CN", "DE", "US") and all(r[3] >= 3 for r in row.routes)


def test_steady_traffic_flags_nothing(tmp_path: Path) -> None:
    with Workspace.open(workspace(tmp_path / "ws", ["1", "2", "3"], seed=5, planted=False)) as ws:
        assert monitor(ws).shifts == []
        assert monitor(ws, Params(z=3.0)).shifts == []


def test_two_nodes_share_counts_only_and_the_shift_is_found_across_them(tmp_path: Path) -> None:
    antwerp = workspace(tmp_path / "a", ["1", "3"], seed=2)
    rotterdam = workspace(tmp_path / "b", ["2"], seed=3)
    params = Params(risky_origins=("XX",))
    with Workspace.open(antwerp) as a, Workspace.open(rotterdam) as b:
        shared = [share(a, "BE-ANTWERP", params), share(b, "NL-ROTTERDAM", params)]
    text = json.dumps(shared)
    assert "IMP" not in text and "D1-" not in text  # no party, no declaration
    found = combine([read(s) for s in shared], params)
    assert [(s.from_port, s.to_port) for s in found.shifts] == [("BE-ANTWERP/1", "NL-ROTTERDAM/2")]
    with pytest.raises(AggregateError, match="different risky origins"):
        other = {**shared[1], "risky_origins": ["XX", "YY"]}
        combine([read(shared[0]), read(other)], params)
    broken = {**shared[1], "rows": [{**shared[1]["rows"][0], "hits": -1}]}
    with pytest.raises(AggregateError, match="row 1: hits"):
        read(broken)


def test_cli_api_and_briefing(tmp_path: Path) -> None:
    antwerp = workspace(tmp_path / "a", ["1", "3"], seed=2)
    rotterdam = workspace(tmp_path / "b", ["2"], seed=3)
    runner = CliRunner()
    shared = tmp_path / "rotterdam.json"
    made = runner.invoke(cli, [
        "ports", "aggregates", str(rotterdam), "--node", "NL-ROTTERDAM", "--out", str(shared),
        "--risky-origins", "XX",
    ])  # fmt: skip
    assert made.exit_code == 0, made.output
    chart, out = tmp_path / "chart.svg", tmp_path / "monitor.json"
    shown = runner.invoke(cli, [
        "ports", "displacement", str(antwerp), "--with", str(shared), "--node", "BE-ANTWERP",
        "--risky-origins", "XX", "--chart", str(chart), "--json", str(out),
    ])  # fmt: skip
    assert shown.exit_code == 0, shown.output
    assert "SHIFT 2020-10: BE-ANTWERP/1" in shown.output and "NL-ROTTERDAM/2" in shown.output
    assert chart.read_text().startswith("<svg") and json.loads(out.read_text())["shifts"]
    with Workspace.open(antwerp) as ws:
        root = _insert(ws, "root", "BE-CUSTOMS", Role.ADMINISTRATOR, None, FIRST_ADMIN)
        add_user(ws, root, "officer", "BE-CUSTOMS", Role.ANALYST)
        token = issue_token(ws, root, "officer")[1]
        section = displacement_section(ws)
    assert "<svg" in section and "ports-displacement" in section
    with TestClient(create_app(antwerp, web=False)) as client:
        assert client.get("/api/ports/displacement").status_code == 401
        body = client.get(
            "/api/ports/displacement?risky_origins=XX&z=2",
            headers={"Authorization": f"Bearer {token}"},
        ).json()
    assert {"port", "month", "declarations", "inspected", "hits", "risky_share", "routes"} <= set(
        body["rows"][0]
    )
    assert body["risky_origins"] == ["XX"] and body["params"]["z"] == 2.0
