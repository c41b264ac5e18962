"""The reporting currency and the money views at scale, on a workspace with loaded transactions (e.g.
`crossroute money simulate OUT --size 500000` then `crossroute ingest WS OUT/accounts.csv
OUT/transactions.csv --agency X`):

    uv run python benchmarks/money_currency.py WS [--busiest 50]

Works on a copy of WS. Prints, with CPU seconds (user+sys, DuckDB's threads included) and peak RSS:
converting every transaction again after a third are set to GBP and a third to USD (`rates.convert`, the
same ASOF join the load uses); tying the accounts to people (`people.holdings`, an empty graph: the cost
of reading the accounts); and the money of the busiest accounts (`people.accounts_money`: totals,
counterparties, top accounts, Sankey)."""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from crossroute.analysis.finance.people import accounts_money, holdings
from crossroute.analysis.network.entities import EntityGraph
from crossroute.ingest.rates import convert
from crossroute.store import Workspace


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--busiest", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "ws"
        shutil.copytree(args.workspace, copy)
        with Workspace.open(copy) as ws:
            ws.db.execute("SET memory_limit = '4GB'")
            n = ws.scalar("SELECT count(*) FROM finance_transactions")
            ws.db.execute(
                "UPDATE finance_transactions SET currency = CASE hash(txn_id) % 3 "
                "WHEN 0 THEN 'GBP' WHEN 1 THEN 'USD' ELSE 'EUR' END"
            )
            c, w = cpu(), time.perf_counter()
            done = convert(ws)
            print(f"convert {done:,} of {n:,} transactions (EUR/GBP/USD): "
                  f"{time.perf_counter() - w:.2f} s wall, {cpu() - c:.2f} CPU s")  # fmt: skip
            ws.db.execute(
                "CREATE TEMP TABLE finance_visible_accounts AS "
                "SELECT DISTINCT account_id, source FROM finance_accounts"
            )
            accounts = ws.scalar("SELECT count(*) FROM finance_accounts")
            c, w = cpu(), time.perf_counter()
            holdings(ws.db, EntityGraph())
            print(f"holdings over {accounts:,} accounts: {time.perf_counter() - w:.2f} s wall, "
                  f"{cpu() - c:.2f} CPU s")  # fmt: skip
            busiest = [
                str(r[0])
                for r in ws.rows(
                    "SELECT to_account FROM finance_transactions WHERE to_account IS NOT NULL "
                    "GROUP BY 1 ORDER BY count(*) DESC LIMIT ?",
                    [args.busiest],
                )
            ]
            c, w = cpu(), time.perf_counter()
            money = accounts_money(ws.db, busiest)
            print(f"money of the {len(busiest)} busiest accounts "
                  f"({sum(money['payments'].values()):,} payments): "
                  f"{time.perf_counter() - w:.2f} s wall, {cpu() - c:.2f} CPU s")  # fmt: skip
    print(f"peak RSS {rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
