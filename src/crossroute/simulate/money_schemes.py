"""Laundering schemes for the transaction simulator, one function per typology. Each adds its
transactions to the book (labelled with its scheme id and typology) and returns how many.

The knobs vary per seed (sizes, delays, amounts, how close to the threshold), so a detector tuned on one
seed meets different schemes on another."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from crossroute.simulate.money import Book, Population

DAY = 86_400
THRESHOLD = 10_000.0


@dataclass(frozen=True)
class Knobs:
    """How this network's criminals behave."""

    fee: float  # median smuggling fee paid by a relative
    payers: tuple[int, int]  # relatives per collector
    band: float  # structured deposits lie in [band * threshold, threshold)
    hop_days: float  # median days money rests in a mule account
    keep: tuple[float, float]  # share passed on at each hop
    borrow: float  # chance a scheme uses an account that also has ordinary activity

    @classmethod
    def draw(cls, rng: np.random.Generator) -> Knobs:
        low = int(rng.integers(8, 15))
        return cls(
            fee=float(rng.uniform(1200, 4000)),
            payers=(low, low + int(rng.integers(10, 25))),
            band=float(rng.uniform(0.8, 0.93)),
            hop_days=float(rng.uniform(0.5, 3.0)),
            keep=(float(rng.uniform(0.85, 0.93)), float(rng.uniform(0.95, 0.995))),
            borrow=float(rng.uniform(0.3, 0.7)),
        )


def _account(book: Book, pop: Population, knobs: Knobs, kind: str = "personal") -> int:
    """An account for a role in a scheme: sometimes one with ordinary activity (camouflage)."""
    if kind == "personal" and book.rng.random() < knobs.borrow:
        return int(book.rng.choice(pop.persons))
    return int(book.accounts(1, kind)[0])


def _start(book: Book, span: float) -> float:
    return float(book.rng.uniform(1, book.days - span - 1))


def _delay(book: Book, knobs: Knobs, n: int = 1) -> np.ndarray:
    return (book.rng.gamma(2.0, knobs.hop_days / 2.0, n) * DAY).astype(np.int64) + 600


def fee_collection(book: Book, pop: Population, knobs: Knobs, sid: str) -> int:
    """Relatives (many abroad) pay smuggling fees to a collector, who soon fans the money out."""
    rng = book.rng
    collector = _account(book, pop, knobs)
    n = int(rng.integers(*knobs.payers))
    abroad = rng.random(n) < 0.6
    payers = np.where(abroad, rng.choice(pop.abroad, n), rng.choice(pop.persons, n))
    span = float(rng.uniform(7, 25))
    start = _start(book, span + 8)
    t_in = book.times(n, start, start + span)
    fees = rng.lognormal(np.log(knobs.fee), 0.25, n)
    book.add(
        t_in,
        payers,
        collector,
        fees,
        "transfer",
        scheme=sid,
        typology="fee_collection",
        laundering=True,
    )
    k = int(rng.integers(3, 9))
    takers = np.array([_account(book, pop, knobs) for _ in range(k)])
    shares = rng.dirichlet(np.ones(k)) * fees.sum() * rng.uniform(*knobs.keep)
    t_out = int(t_in.max()) + _delay(book, knobs, k)
    book.add(
        t_out,
        collector,
        takers,
        shares,
        "transfer",
        scheme=sid,
        typology="fee_collection",
        laundering=True,
    )
    return n + k


def structuring(book: Book, pop: Population, knobs: Knobs, sid: str) -> int:
    """Cash paid in just under the reporting threshold, into one account or by several depositors
    into their own accounts that then pass it to one collector."""
    rng = book.rng
    span = float(rng.uniform(3, 20))
    start = _start(book, span + 6)
    made = 0
    if rng.random() < 0.5:
        account = _account(book, pop, knobs)
        n = int(rng.integers(4, 12))
        amounts = rng.uniform(knobs.band * THRESHOLD, THRESHOLD - 1, n)
        t = book.times(n, start, start + span)
        book.add(
            t,
            -1,
            account,
            amounts,
            "cash_deposit",
            scheme=sid,
            typology="structuring",
            laundering=True,
        )
        out = _account(book, pop, knobs)
        book.add(
            [int(t.max()) + int(_delay(book, knobs)[0])], account, out,
            [amounts.sum() * rng.uniform(*knobs.keep)], "transfer",
            scheme=sid, typology="structuring", laundering=True,
        )  # fmt: skip
        return n + 1
    collector = _account(book, pop, knobs)
    for _ in range(int(rng.integers(3, 7))):
        smurf = _account(book, pop, knobs)
        n = int(rng.integers(1, 4))
        amounts = rng.uniform(knobs.band * THRESHOLD, THRESHOLD - 1, n)
        t = book.times(n, start, start + span)
        book.add(
            t,
            -1,
            smurf,
            amounts,
            "cash_deposit",
            scheme=sid,
            typology="structuring",
            laundering=True,
        )
        book.add(
            [int(t.max()) + int(_delay(book, knobs)[0])], smurf, collector,
            [amounts.sum() * rng.uniform(*knobs.keep)], "transfer",
            scheme=sid, typology="structuring", laundering=True,
        )  # fmt: skip
        made += n + 1
    return made


def mules(book: Book, pop: Population, knobs: Knobs, sid: str) -> int:
    """Money passed through chains of mule accounts within days, little left behind."""
    rng = book.rng
    origin = _account(book, pop, knobs, "business")
    made = 0
    start = _start(book, 30)
    for _ in range(int(rng.integers(2, 5))):
        amount = float(rng.lognormal(np.log(7000), 0.5))
        t = int(book.times(1, start, start + 10)[0])
        here = origin
        for _hop in range(int(rng.integers(2, 5))):
            mule = _account(book, pop, knobs)
            book.add(
                [t], here, mule, [amount], "transfer", scheme=sid, typology="mule", laundering=True
            )
            t += int(_delay(book, knobs)[0])
            amount *= float(rng.uniform(*knobs.keep))
            here, made = mule, made + 1
        if rng.random() < 0.5:
            book.add(
                [t],
                here,
                -1,
                [amount],
                "cash_withdrawal",
                scheme=sid,
                typology="mule",
                laundering=True,
            )
        else:
            exit_account = int(rng.choice(pop.abroad))
            book.add(
                [t],
                here,
                exit_account,
                [amount],
                "transfer",
                scheme=sid,
                typology="mule",
                laundering=True,
            )
        made += 1
    return made


def scatter_gather(book: Book, pop: Population, knobs: Knobs, sid: str) -> int:
    """One source scatters to intermediaries who each pass it on to one sink."""
    rng = book.rng
    source = _account(book, pop, knobs, "business")
    sink = _account(book, pop, knobs, "business")
    k = int(rng.integers(4, 11))
    middle = np.array([_account(book, pop, knobs) for _ in range(k)])
    start = _start(book, 15)
    t1 = book.times(k, start, start + 3)
    amounts = rng.uniform(3000, 9500, k)
    book.add(
        t1,
        source,
        middle,
        amounts,
        "transfer",
        scheme=sid,
        typology="scatter_gather",
        laundering=True,
    )
    t2 = t1 + _delay(book, knobs, k)
    book.add(
        t2, middle, sink, amounts * rng.uniform(*knobs.keep, k), "transfer",
        scheme=sid, typology="scatter_gather", laundering=True,
    )  # fmt: skip
    return 2 * k


def gather_scatter(book: Book, pop: Population, knobs: Knobs, sid: str) -> int:
    """Several sources pay one hub, which soon pays several recipients."""
    rng = book.rng
    hub = _account(book, pop, knobs, "business")
    k1, k2 = int(rng.integers(4, 10)), int(rng.integers(4, 10))
    sources = np.array([_account(book, pop, knobs) for _ in range(k1)])
    sinks = np.array([_account(book, pop, knobs) for _ in range(k2)])
    start = _start(book, 15)
    t1 = book.times(k1, start, start + 5)
    amounts = rng.uniform(2000, 9500, k1)
    book.add(
        t1,
        sources,
        hub,
        amounts,
        "transfer",
        scheme=sid,
        typology="gather_scatter",
        laundering=True,
    )
    total = amounts.sum() * rng.uniform(*knobs.keep)
    t2 = int(t1.max()) + _delay(book, knobs, k2)
    book.add(
        t2, hub, sinks, rng.dirichlet(np.ones(k2) * 3) * total, "transfer",
        scheme=sid, typology="gather_scatter", laundering=True,
    )  # fmt: skip
    return k1 + k2


def round_trip(book: Book, pop: Population, knobs: Knobs, sid: str) -> int:
    """Money leaves an account through shell companies (often abroad) and comes back to it."""
    rng = book.rng
    origin = _account(book, pop, knobs, "business")
    made = 0
    start = _start(book, 40)
    for _cycle in range(int(rng.integers(1, 4))):
        length = int(rng.integers(3, 6))
        shells = [
            int(book.accounts(1, "business", ("CY", "AE", "MT", "HK", "LU"))[0])
            for _ in range(length - 1)
        ]
        path = [origin, *shells, origin]
        amount = float(rng.lognormal(np.log(40000), 0.6))
        t = int(book.times(1, start, start + 10)[0])
        for a, b in itertools.pairwise(path):
            book.add(
                [t], a, b, [amount], "transfer", scheme=sid, typology="round_trip", laundering=True
            )
            t += int(_delay(book, knobs)[0]) + DAY
            amount *= float(rng.uniform(0.95, 0.995))
            made += 1
        start += float(rng.uniform(5, 12))
    return made


def hawala(book: Book, pop: Population, knobs: Knobs, sid: str) -> int:
    """Customers pay cash to a hawaladar here; a partner abroad pays recipients there; the two settle
    by over-invoiced trade between a business here and one abroad."""
    rng = book.rng
    here = int(book.accounts(1, "business")[0])
    there = int(book.accounts(1, "business", ("PK", "AF", "IQ", "SY", "ER", "TR"))[0])
    trader = (
        int(rng.choice(pop.importers))
        if rng.random() < 0.5
        else int(book.accounts(1, "business")[0])
    )
    partner = int(book.accounts(1, "business", ("AE", "TR", "PK"))[0])
    n = int(rng.integers(12, 35))
    span = float(rng.uniform(20, 45))
    start = _start(book, span + 15)
    amounts = rng.lognormal(np.log(1500), 0.5, n)
    book.add(
        book.times(n, start, start + span),
        -1,
        here,
        amounts,
        "cash_deposit",
        scheme=sid,
        typology="hawala",
        laundering=True,
    )
    payouts = amounts * rng.uniform(0.95, 0.98, n)
    recipients = rng.choice(book.local(pop.abroad, there), n)
    book.add(
        book.times(n, start + 1, start + span + 2),
        there,
        recipients,
        payouts,
        "transfer",
        scheme=sid,
        typology="hawala",
        laundering=True,
    )
    k = int(rng.integers(1, 4))
    total = amounts.sum()
    t_settle = book.times(k, start + span, start + span + 10)
    book.add(
        t_settle,
        here,
        trader,
        np.full(k, total / k),
        "transfer",
        scheme=sid,
        typology="hawala",
        laundering=True,
    )
    invoices = np.round(np.full(k, total / k) * rng.uniform(1.0, 1.05, k), -3)
    book.add(
        t_settle + DAY,
        trader,
        partner,
        invoices,
        "transfer",
        scheme=sid,
        typology="hawala",
        laundering=True,
    )
    book.add(
        t_settle + 3 * DAY,
        partner,
        there,
        invoices * 0.97,
        "transfer",
        scheme=sid,
        typology="hawala",
        laundering=True,
    )
    return 2 * n + 3 * k


def cash_front(book: Book, pop: Population, knobs: Knobs, sid: str) -> int:
    """A business whose cash takings are far above its peers', passed on to its controller abroad."""
    rng = book.rng
    front = int(book.accounts(1, "business")[0])
    peers = float(np.median(pop.cash_takings))
    days = int(rng.integers(25, 50))
    start = int(_start(book, days))
    every = int(rng.integers(1, 3))
    deposit_days = np.arange(start, start + days, every)
    amounts = peers * every * rng.uniform(3, 6) * rng.lognormal(0, 0.2, len(deposit_days))
    t = deposit_days * DAY + rng.integers(16 * 3600, 19 * 3600, len(deposit_days))
    book.add(
        t, -1, front, amounts, "cash_deposit", scheme=sid, typology="cash_front", laundering=True
    )
    controller = int(rng.choice(pop.abroad))
    weeks = np.arange(start + 7, start + days + 7, 7)
    book.add(
        weeks * DAY + 10 * 3600, front, controller,
        np.full(len(weeks), amounts.sum() * 0.85 / len(weeks)), "transfer",
        scheme=sid, typology="cash_front", laundering=True,
    )  # fmt: skip
    return len(deposit_days) + len(weeks)


SCHEMES: dict[str, Callable[[Book, Population, Knobs, str], int]] = {
    "fee_collection": fee_collection,
    "structuring": structuring,
    "mule": mules,
    "scatter_gather": scatter_gather,
    "gather_scatter": gather_scatter,
    "round_trip": round_trip,
    "hawala": hawala,
    "cash_front": cash_front,
}
