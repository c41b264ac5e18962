"""Small transaction networks written as canonical CSVs, for the finance tests."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

START = dt.datetime(2025, 3, 1, 9, 0)
TXN_HEADER = ["txn_id", "timestamp", "from_account", "to_account", "amount", "currency", "channel"]


class Network:
    """Accounts and transactions added by tests; `write` gives the two CSV files."""

    def __init__(self) -> None:
        self.accounts: dict[str, tuple[str, str]] = {}
        self.rows: list[list[str]] = []

    def account(self, account_id: str, country: str = "FR", kind: str = "personal") -> str:
        self.accounts[account_id] = (country, kind)
        return account_id

    def pay(
        self, day: float, src: str | None, dst: str | None, amount: float, channel: str = ""
    ) -> str:
        for side in (src, dst):
            if side is not None and side not in self.accounts:
                self.account(side)
        txn_id = f"T{len(self.rows) + 1:05d}"
        when = START + dt.timedelta(days=day)
        if not channel:
            channel = (
                "cash_deposit" if src is None else "cash_withdrawal" if dst is None else "transfer"
            )
        self.rows.append(
            [txn_id, when.isoformat(), src or "", dst or "", f"{amount:.2f}", "EUR", channel]
        )
        return txn_id

    def write(self, folder: Path) -> tuple[Path, Path]:
        folder.mkdir(parents=True, exist_ok=True)
        accounts, txns = folder / "accounts.csv", folder / "transactions.csv"
        with accounts.open("w", newline="") as file:
            out = csv.writer(file)
            out.writerow(["account_id", "country", "type", "bank"])
            for account_id, (country, kind) in self.accounts.items():
                out.writerow([account_id, country, kind, "BANK"])
        with txns.open("w", newline="") as file:
            out = csv.writer(file)
            out.writerow(TXN_HEADER)
            out.writerows(self.rows)
        return accounts, txns


def background(net: Network, people: Iterable[str], employer: str, landlord: str) -> None:
    """Ordinary life: monthly salary, rent and a little shopping for each person."""
    for i, person in enumerate(people):
        for month in range(3):
            net.pay(month * 30 + 27, employer, person, 2400 + i)
            net.pay(month * 30 + 1, person, landlord, 900)
            net.pay(month * 30 + 5, person, "SHOP", 40 + i)
