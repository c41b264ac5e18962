"""The transaction simulator: canonical files, laundering well under 1% in every typology, look-alikes."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from crossroute.ingest.finance import FinanceKind, finance_kind
from crossroute.simulate.money import simulate_money
from crossroute.simulate.money_schemes import SCHEMES


def test_a_small_network_has_every_typology_and_its_look_alikes(tmp_path: Path) -> None:
    counts = simulate_money(tmp_path, seed=3, transactions=40_000, laundering_rate=0.008)
    assert finance_kind(tmp_path / "accounts.csv") is FinanceKind.ACCOUNTS
    assert finance_kind(tmp_path / "transactions.csv") is FinanceKind.TRANSACTIONS
    with (tmp_path / "truth.csv").open() as file:
        truth = list(csv.DictReader(file))
    assert len(truth) == counts["transactions"]
    laundering = [r for r in truth if r["is_laundering"] == "1"]
    assert 0 < len(laundering) < 0.01 * len(truth)
    assert {r["typology"] for r in laundering} == set(SCHEMES)
    kinds = Counter(r["typology"] for r in truth if r["typology"].startswith("lookalike"))
    assert {"lookalike_payroll", "lookalike_cash_shop", "lookalike_remittance", "lookalike_shop",
            "lookalike_collector"} <= set(kinds)  # fmt: skip
    again = simulate_money(tmp_path / "again", seed=3, transactions=40_000, laundering_rate=0.008)
    assert again == counts
