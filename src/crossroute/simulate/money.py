"""A transaction network with ground truth: ordinary activity (salaries, rent, shopping, bills, cash,
remittances, trade), look-alikes that resemble laundering but are not (shops with many small inflows,
cash-heavy shops depositing near the threshold, family remittance loops, payroll fan-out, importers), and
laundering schemes in seven typologies at well under 1% of transactions.

Writes OUT/accounts.csv, OUT/transactions.csv (the canonical formats) and OUT/truth.csv
(`txn_id,is_laundering,scheme_id,typology`; look-alike transactions carry is_laundering 0 and a
`lookalike_*` typology so a benchmark can measure precision on them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from numpy.typing import ArrayLike

from crossroute.simulate.money_schemes import SCHEMES, Knobs

START = dt.datetime(2025, 1, 1)
DAY = 86_400
HOME = ("FR", "BE", "DE", "NL")
ABROAD = ("AL", "TR", "PK", "IQ", "AF", "ER", "SY", "MA", "NG", "VN")
BANKS = ("BNP", "KBC", "DEUTSCHE", "ING", "SOCGEN", "BELFIUS", "SPARKASSE", "RABO")


@dataclass
class Book:
    """Accounts and transactions as columns, with their truth."""

    rng: np.random.Generator
    days: int
    account_ids: list[str] = field(default_factory=list)
    account_country: list[str] = field(default_factory=list)
    account_type: list[str] = field(default_factory=list)
    ts: list[np.ndarray] = field(default_factory=list)
    src: list[np.ndarray] = field(default_factory=list)
    dst: list[np.ndarray] = field(default_factory=list)
    amount: list[np.ndarray] = field(default_factory=list)
    channel: list[np.ndarray] = field(default_factory=list)
    scheme: list[np.ndarray] = field(default_factory=list)
    typology: list[np.ndarray] = field(default_factory=list)
    laundering: list[np.ndarray] = field(default_factory=list)

    def accounts(self, n: int, kind: str, countries: tuple[str, ...] = HOME) -> np.ndarray:
        """n new accounts (indexes) of a kind, in the given countries."""
        start = len(self.account_ids)
        picked = self.rng.choice(countries, n)
        for i in range(n):
            self.account_ids.append(f"A{start + i:07d}")
            self.account_country.append(str(picked[i]))
            self.account_type.append(kind)
        return np.arange(start, start + n)

    def add(
        self,
        ts: ArrayLike,
        src: ArrayLike,
        dst: ArrayLike,
        amount: ArrayLike,
        channel: str,
        *,
        scheme: str = "",
        typology: str = "",
        laundering: bool = False,
    ) -> None:
        """Transactions (src or dst -1 for cash); times in seconds from START, clipped to the period."""
        n = len(np.atleast_1d(ts))
        self.ts.append(np.clip(np.asarray(ts, np.int64), 0, self.days * DAY - 1))
        self.src.append(np.broadcast_to(np.asarray(src, np.int64), n).copy())
        self.dst.append(np.broadcast_to(np.asarray(dst, np.int64), n).copy())
        self.amount.append(np.round(np.maximum(np.asarray(amount, float), 1.0), 2))
        self.channel.append(np.full(n, channel, object))
        self.scheme.append(np.full(n, scheme, object))
        self.typology.append(np.full(n, typology, object))
        self.laundering.append(np.full(n, laundering))

    def local(self, candidates: np.ndarray, account: int) -> np.ndarray:
        """The candidates in the account's country (all of them when none is)."""
        home = self.account_country[account]
        same = [c for c in candidates if self.account_country[c] == home]
        return np.array(same) if same else candidates

    def times(self, n: int, start: float = 0.0, end: float | None = None) -> np.ndarray:
        """n times uniformly between two day offsets, in office-ish hours."""
        last = self.days if end is None else end
        day = self.rng.uniform(start, last, n).astype(np.int64)
        return day * DAY + self.rng.integers(7 * 3600, 21 * 3600, n)


@dataclass(frozen=True)
class Sizes:
    persons: int
    employers: int
    shops: int
    cash_shops: int
    utilities: int
    landlords: int
    importers: int
    migrants: int

    @classmethod
    def for_transactions(cls, n: int) -> Sizes:
        """Population sizes giving about n transactions over six months."""
        persons = max(200, n // 42)
        return cls(
            persons=persons,
            employers=max(5, persons // 40),
            shops=max(10, persons // 25),
            cash_shops=max(6, persons // 60),
            utilities=max(3, persons // 2000),
            landlords=max(10, persons // 8),
            importers=max(4, persons // 150),
            migrants=max(20, persons // 6),
        )


def simulate_money(
    out: Path, *, seed: int = 1, transactions: int = 500_000, laundering_rate: float = 0.003
) -> dict[str, int]:
    """Write the network into `out`; returns counts."""
    rng = np.random.default_rng(seed)
    book = Book(rng, days=182)
    sizes = Sizes.for_transactions(transactions)
    population = _ordinary(book, sizes)
    knobs = Knobs.draw(rng)
    budget = int(transactions * laundering_rate)
    made = 0
    scheme_no = 0
    names = list(SCHEMES)
    while made < budget:
        name = names[scheme_no % len(names)]
        scheme_no += 1
        made += SCHEMES[name](book, population, knobs, f"S{scheme_no:04d}")
    return _write(book, out, rng)


@dataclass(frozen=True)
class Population:
    """The ordinary accounts schemes borrow (senders, mules, businesses)."""

    persons: np.ndarray
    migrants: np.ndarray
    abroad: np.ndarray
    shops: np.ndarray
    cash_shops: np.ndarray
    cash_takings: np.ndarray  # median daily takings of each cash shop
    importers: np.ndarray


def _ordinary(book: Book, s: Sizes) -> Population:
    rng, days = book.rng, book.days
    persons = book.accounts(s.persons, "personal")
    employers = book.accounts(s.employers, "business")
    shops = book.accounts(s.shops, "business")
    cash_shops = book.accounts(s.cash_shops, "business")
    utilities = book.accounts(s.utilities, "business")
    landlords = book.accounts(s.landlords, "personal")
    importers = book.accounts(s.importers, "business")
    wholesalers = book.accounts(max(5, s.importers * 3), "business")
    producers = book.accounts(max(5, s.importers * 2), "business", ABROAD)
    abroad = book.accounts(s.migrants, "personal", ABROAD)
    months = days // 30
    # Salaries: payroll fan-out, each employer pays its staff on one day a month (look-alike).
    employer_of = rng.choice(employers, s.persons)
    salary = rng.lognormal(np.log(2300), 0.35, s.persons)
    for m in range(months):
        for e in employers:
            staff = persons[employer_of == e]
            if not len(staff):
                continue
            day = m * 30 + 27
            t = day * DAY + rng.integers(8 * 3600, 10 * 3600) + np.zeros(len(staff), np.int64)
            book.add(
                t, e, staff, salary[staff - persons[0]] * rng.uniform(0.98, 1.02, len(staff)),
                "transfer", scheme=f"L-payroll-{e}", typology="lookalike_payroll",
            )  # fmt: skip
    # Rent: each renter pays a landlord early each month.
    renters = persons[rng.random(s.persons) < 0.7]
    landlord_of = rng.choice(landlords, len(renters))
    rent = rng.lognormal(np.log(850), 0.3, len(renters))
    for m in range(months):
        t = (m * 30 + rng.integers(0, 5, len(renters))) * DAY + rng.integers(
            8 * 3600, 20 * 3600, len(renters)
        )
        book.add(t, renters, landlord_of, rent, "transfer")
    # Bills: utilities gather from very many payers.
    payer = np.repeat(persons, months)
    book.add(
        book.times(len(payer)), payer, rng.choice(utilities, len(payer)),
        rng.lognormal(np.log(90), 0.5, len(payer)), "direct_debit",
    )  # fmt: skip
    # Shopping: small card payments; shops are look-alikes for fee collection (many small inflows).
    n_shop = s.persons * 16
    book.add(
        book.times(n_shop), rng.choice(persons, n_shop), rng.choice(shops, n_shop),
        rng.lognormal(np.log(35), 0.9, n_shop), "card", scheme="L-shops", typology="lookalike_shop",
    )  # fmt: skip
    # Shops pay their regular suppliers (wholesalers) a few times a month.
    for shop in shops:
        n = int(rng.integers(6, 14))
        nearby = book.local(wholesalers, shop)
        regular = rng.choice(nearby, min(len(nearby), int(rng.integers(1, 4))), replace=False)
        book.add(
            book.times(n), shop, rng.choice(regular, n),
            rng.lognormal(np.log(1500), 0.6, n), "transfer",
        )  # fmt: skip
    # Cash withdrawals and transfers between friends.
    n_atm = s.persons * 3
    book.add(
        book.times(n_atm), rng.choice(persons, n_atm), -1,
        rng.choice([20, 40, 50, 100, 150, 200, 300], n_atm), "cash_withdrawal",
    )  # fmt: skip
    n_p2p = s.persons * 2
    book.add(
        book.times(n_p2p), rng.choice(persons, n_p2p), rng.choice(persons, n_p2p),
        rng.lognormal(np.log(60), 1.0, n_p2p), "transfer",
    )  # fmt: skip
    takings = _cash_shops(book, cash_shops, wholesalers, persons)
    _remittances(book, persons, abroad, s.migrants)
    _trade(book, importers, wholesalers, producers)
    _savings(book, persons)
    _agencies(book, persons, abroad, producers)
    return Population(persons, persons[: s.migrants], abroad, shops, cash_shops, takings, importers)


def _cash_shops(
    book: Book, shops: np.ndarray, suppliers: np.ndarray, persons: np.ndarray
) -> np.ndarray:
    """Cash-heavy shops (look-alikes for structuring and fronts): takings paid in several times a week,
    some near or above 10,000 by chance; they pay suppliers and staff."""
    rng, days = book.rng, book.days
    takings = rng.lognormal(np.log(2500), 0.5, len(shops))
    for shop, median in zip(shops, takings, strict=True):
        every = int(rng.integers(1, 4))
        deposit_days = np.arange(int(rng.integers(0, every)), days, every)
        amounts = median * every * rng.lognormal(0, 0.35, len(deposit_days))
        t = deposit_days * DAY + rng.integers(16 * 3600, 19 * 3600, len(deposit_days))
        book.add(
            t, -1, shop, amounts, "cash_deposit",
            scheme=f"L-cashshop-{shop}", typology="lookalike_cash_shop",
        )  # fmt: skip
        n = int(rng.integers(8, 20))
        nearby = book.local(suppliers, shop)
        regular = rng.choice(nearby, min(len(nearby), int(rng.integers(1, 4))), replace=False)
        book.add(
            book.times(n), shop, rng.choice(regular, n),
            rng.lognormal(np.log(median * 8), 0.4, n), "transfer",
        )  # fmt: skip
        staff = rng.choice(book.local(persons[:500], shop), int(rng.integers(1, 5)))
        for m in range(days // 30):
            book.add(
                np.full(len(staff), (m * 30 + 28) * DAY + 9 * 3600), shop, staff,
                rng.lognormal(np.log(1700), 0.2, len(staff)), "transfer",
            )  # fmt: skip
    return takings


def _remittances(book: Book, persons: np.ndarray, abroad: np.ndarray, n: int) -> None:
    """Migrants send money home every month; some families send a little back (remittance loops)."""
    rng, days = book.rng, book.days
    senders = persons[:n]
    for m in range(days // 30):
        t = (m * 30 + rng.integers(0, 10, n)) * DAY + rng.integers(9 * 3600, 20 * 3600, n)
        book.add(
            t, senders, abroad, rng.lognormal(np.log(300), 0.5, n), "transfer",
            scheme="L-remit", typology="lookalike_remittance",
        )  # fmt: skip
        back = rng.random(n) < 0.08
        book.add(
            t[back] + rng.integers(2, 20, int(back.sum())) * DAY, abroad[back], senders[back],
            rng.lognormal(np.log(150), 0.7, int(back.sum())), "transfer",
            scheme="L-remit", typology="lookalike_remittance",
        )  # fmt: skip


def _trade(
    book: Book, importers: np.ndarray, wholesalers: np.ndarray, producers: np.ndarray
) -> None:
    """Importers pay their foreign producers' invoices (cross-border trade, a look-alike for hawala
    settlement); wholesalers buy from one or two importers each."""
    rng = book.rng
    for imp in importers:
        n = int(rng.integers(4, 12))
        regular = rng.choice(producers, int(rng.integers(1, 4)), replace=False)
        book.add(
            book.times(n), imp, rng.choice(regular, n),
            np.round(rng.lognormal(np.log(18000), 0.6, n), -2), "transfer",
            scheme="L-trade", typology="lookalike_trade",
        )  # fmt: skip
    for wholesaler in wholesalers:
        n = int(rng.integers(6, 14))
        nearby = book.local(importers, wholesaler)
        regular = rng.choice(nearby, min(len(nearby), int(rng.integers(1, 3))), replace=False)
        book.add(
            book.times(n), wholesaler, rng.choice(regular, n),
            rng.lognormal(np.log(6000), 0.6, n), "transfer",
        )  # fmt: skip


def _savings(book: Book, persons: np.ndarray) -> None:
    """Some people move money to a savings account of theirs and back (quick in-and-out look-alike)."""
    rng = book.rng
    savers = rng.choice(persons, max(5, len(persons) // 50), replace=False)
    savings = book.accounts(len(savers), "savings")
    for person, account in zip(savers, savings, strict=True):
        n = int(rng.integers(1, 4))
        t = book.times(n)
        amounts = rng.lognormal(np.log(3000), 0.6, n)
        book.add(
            t,
            person,
            account,
            amounts,
            "transfer",
            scheme="L-savings",
            typology="lookalike_own_accounts",
        )
        book.add(
            t + rng.integers(1, 5, n) * DAY, account, person, amounts, "transfer",
            scheme="L-savings", typology="lookalike_own_accounts",
        )  # fmt: skip


def _agencies(book: Book, persons: np.ndarray, abroad: np.ndarray, producers: np.ndarray) -> None:
    """Travel agencies and car dealers (look-alikes for fee collection): many one-off customers, some
    abroad, paying 500-4,000, and the business paying its regular suppliers in bursts."""
    rng, days = book.rng, book.days
    for agency in book.accounts(max(3, len(persons) // 1500), "business"):
        n = int(rng.integers(30, 120))
        customers = np.where(rng.random(n) < 0.3, rng.choice(abroad, n), rng.choice(persons, n))
        amounts = rng.lognormal(np.log(1500), 0.5, n)
        book.add(
            book.times(n), customers, agency, amounts, "transfer",
            scheme=f"L-agency-{agency}", typology="lookalike_collector",
        )  # fmt: skip
        regular = rng.choice(producers, int(rng.integers(1, 4)), replace=False)
        k = days // 14
        book.add(
            np.arange(k) * 14 * DAY + 11 * 3600, agency, rng.choice(regular, k),
            np.full(k, amounts.sum() * 0.85 / k), "transfer",
            scheme=f"L-agency-{agency}", typology="lookalike_collector",
        )  # fmt: skip


def _write(book: Book, out: Path, rng: np.random.Generator) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    ts = np.concatenate(book.ts)
    order = np.argsort(ts, kind="stable")
    n = len(ts)
    ids = np.array([f"T{i:08d}" for i in rng.permutation(n)], object)
    ids_account = np.array([*book.account_ids, ""], object)
    countries = np.array([*book.account_country, ""], object)
    src = np.concatenate(book.src)[order]
    dst = np.concatenate(book.dst)[order]
    stamps = np.datetime64(START, "s") + ts[order].astype("timedelta64[s]")
    channel = np.concatenate(book.channel)[order]
    txns = pa.table(
        {
            "txn_id": ids,
            "timestamp": np.datetime_as_string(stamps, unit="s"),
            "from_account": ids_account[src],
            "to_account": ids_account[dst],
            "amount": np.concatenate(book.amount)[order],
            "currency": np.full(n, "EUR", object),
            "channel": channel,
            "from_country": countries[src],
            "to_country": countries[dst],
        }
    )
    pacsv.write_csv(txns, out / "transactions.csv")
    laundering = np.concatenate(book.laundering)[order]
    truth = pa.table(
        {
            "txn_id": ids,
            "is_laundering": laundering.astype(np.int8),
            "scheme_id": np.concatenate(book.scheme)[order],
            "typology": np.concatenate(book.typology)[order],
        }
    )
    pacsv.write_csv(truth, out / "truth.csv")
    m = len(book.account_ids)
    opened = np.datetime64(START, "D") - rng.integers(30, 5000, m).astype("timedelta64[D]")
    accounts = pa.table(
        {
            "account_id": book.account_ids,
            "country": book.account_country,
            "type": book.account_type,
            "bank": rng.choice(BANKS, m),
            "holder_name": [f"Holder {i}" for i in range(m)],
            "opened_on": np.datetime_as_string(opened),
        }
    )
    pacsv.write_csv(accounts, out / "accounts.csv")
    schemes = {
        s for s, flag in zip(truth["scheme_id"].to_pylist(), laundering, strict=True) if flag
    }
    return {
        "accounts": m,
        "transactions": n,
        "laundering": int(laundering.sum()),
        "schemes": len(schemes),
    }
