"""The contract: `crossroute ingest WS accounts.csv transactions.csv --agency CODE` and
`crossroute money alerts WS --user U --purpose P --out alerts.csv`, through the real CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroute.cli.app import app
from crossroute.sharing import audit
from crossroute.store import Workspace
from tests.finance.builders import Network, background

PASSWORD = "a long admin password"


def cli(*args: str | Path, stdin: str | None = None) -> str:
    done = CliRunner().invoke(
        app, [str(a) for a in args], input=stdin, env={"CROSSROUTE_PASSWORD": PASSWORD}
    )
    assert done.exit_code == 0, done.output
    return done.output


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A workspace with a small network (structuring in it) and bad rows, and a fresh analyst."""
    folder = tmp_path_factory.mktemp("contract")
    net = Network()
    background(net, [f"P{i}" for i in range(6)], "EMPLOYER", "LANDLORD")
    for day in range(4):
        net.pay(10 + day, None, "P1", 9_100 + 200 * day)
    net.pay(15, "P1", "ABROAD", 37_000)
    accounts, txns = net.write(folder / "files")
    with txns.open("a") as file:
        file.write("BAD1,2025-03-02,P1,P2,-5,EUR,transfer\n")
        file.write("BAD2,2025-03-02,P1,P2,abc,EUR,transfer\n")
        file.write("BAD3,2025-03-02,P1,P2,5,XXQ,transfer\n")
        file.write("BAD4,2025-03-02,P1,NOBODY,5,EUR,transfer\n")
        file.write("BAD5,1850-01-01,P1,P2,5,EUR,transfer\n")
        file.write("T00001,2025-03-02,P1,P2,5,EUR,transfer\n")
        file.write('OK1,2025-03-02,P1,P2,"1.234,50",EUR,transfer\n')
        file.write("OK2,2025-03-02T10:11:12,,P2,20,eur,cash_deposit\n")
    ws = folder / "ws"
    cli("init", ws)
    cli("ingest", ws, txns, accounts, "--agency", "FR-OCRIEST")
    cli(
        "users",
        "init-admin",
        ws,
        "admin",
        "--agency",
        "FR-OCRIEST",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    cli("users", "add", ws, "ana", "--agency", "FR-OCRIEST", "--role", "analyst", "--as", "admin")
    cli("users", "add", ws, "bob", "--agency", "UK-NCA", "--role", "analyst", "--as", "admin")
    return ws, folder


def test_load_keeps_every_bad_row_with_its_reason(loaded: tuple[Path, Path]) -> None:
    ws, _ = loaded
    with Workspace.open(ws, read_only=True) as workspace:
        reasons = dict(
            workspace.rows(
                "SELECT split_part(raw, '|', 1), field || ': ' || reason FROM quarantine"
            )
        )
        loaded_ok = workspace.rows(
            "SELECT txn_id, amount, ts FROM finance_transactions WHERE txn_id IN ('OK1', 'OK2') "
            "ORDER BY txn_id"
        )
        batches = workspace.rows("SELECT agency, format, file_sha256 FROM ingest_batches")
    assert reasons == {
        "BAD1": "amount: negative",
        "BAD2": "amount: not a number",
        "BAD3": "currency: not an ISO 4217 code",
        "BAD4": "to_account: unknown account",
        "BAD5": "timestamp: out of range",
        "T00001": "txn_id: duplicate txn_id in the file",
    }
    assert [(t, float(a)) for t, a, _ in loaded_ok] == [("OK1", 1234.5), ("OK2", 20.0)]
    assert str(loaded_ok[1][2]) == "2025-03-02 10:11:12"
    assert {(a, f) for a, f, _ in batches} == {
        ("FR-OCRIEST", "finance-accounts"),
        ("FR-OCRIEST", "finance-transactions"),
    }


def test_loading_the_same_file_again_changes_nothing(loaded: tuple[Path, Path]) -> None:
    ws, folder = loaded
    output = cli(
        "ingest", ws, folder / "files" / "transactions.csv", "--agency", "FR-OCRIEST", "--json"
    )
    assert json.loads(output.splitlines()[-1])["already_loaded_as"] == 2


def test_alerts_for_the_loading_agencys_analyst(loaded: tuple[Path, Path]) -> None:
    ws, folder = loaded
    out = folder / "alerts.csv"
    with Workspace.open(ws, read_only=True) as workspace:
        before = len(audit.entries(workspace))
    cli("money", "alerts", ws, "--user", "ana", "--purpose", "CASE-7: cash into P1", "--out", out)
    with out.open() as file:
        rows = list(csv.DictReader(file))
    assert rows and list(rows[0]) == ["txn_id", "score", "typology", "alert_id"]
    assert {r["typology"] for r in rows} == {"structuring"}
    assert len({r["alert_id"] for r in rows}) == 1 and len(rows) == 5
    assert all(0 <= float(r["score"]) <= 1 for r in rows)
    with Workspace.open(ws, read_only=True) as workspace:
        logged = audit.entries(workspace)[before:]
    assert len(logged) == 1 and logged[0].actor == "ana"
    assert logged[0].purpose == "CASE-7: cash into P1"


def test_another_agency_sees_only_what_the_owner_shares(loaded: tuple[Path, Path]) -> None:
    ws, folder = loaded
    out = folder / "bob.csv"
    cli("money", "alerts", ws, "--user", "bob", "--purpose", "CASE-8: check", "--out", out)
    shared = out.read_text().splitlines()
    assert len(shared) == 6  # SIENA H0 by default: shown to partners for law enforcement
    cli("money", "alerts", ws, "--user", "admin", "--purpose", "CASE-8: check", "--out", out)
    assert out.read_text().splitlines() == ["txn_id,score,typology,alert_id"]
