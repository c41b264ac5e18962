"""The transaction frame every detector reads: one temporary DuckDB table `fx` with an integer id per
transaction, times in seconds, amounts in the reporting currency (EUR), both sides' countries, and the
cash side empty. Detectors write their findings to `finance_hits` and `finance_reasons`."""

from __future__ import annotations

import os

import duckdb

DAY = 86_400.0
# DuckDB's memory for the money analysis (it spills to the workspace's temporary folder beyond it) and
# its threads; override with CROSSROUTE_DUCKDB_MEMORY (e.g. "4GB") and CROSSROUTE_DUCKDB_THREADS.
MEMORY_LIMIT = "5GB"
REPORTING_CURRENCY = "EUR"

_FRAME = """
CREATE OR REPLACE TEMP TABLE fx AS
WITH rates AS (
    SELECT month, currency, per_eur FROM finance_rates
    QUALIFY row_number() OVER (PARTITION BY month, currency ORDER BY source) = 1
)
SELECT
    row_number() OVER (ORDER BY t.ts, t.txn_id) AS tid,
    t.txn_id,
    t.ts,
    epoch(t.ts) AS t,
    t.from_account AS src,
    t.to_account AS dst,
    CAST(CASE WHEN t.currency = 'EUR' THEN t.amount
         ELSE t.amount / coalesce(r.per_eur, last_rate.per_eur, 1.0) END AS DOUBLE) AS eur,
    coalesce(t.channel, CASE WHEN t.from_account IS NULL THEN 'cash_deposit'
                             WHEN t.to_account IS NULL THEN 'cash_withdrawal' END) AS channel,
    coalesce(t.from_country, fa.country) AS src_country,
    coalesce(t.to_country, ta.country) AS dst_country
FROM finance_transactions t
LEFT JOIN (SELECT account_id, any_value(country) AS country FROM finance_accounts GROUP BY ALL) fa
    ON fa.account_id = t.from_account
LEFT JOIN (SELECT account_id, any_value(country) AS country FROM finance_accounts GROUP BY ALL) ta
    ON ta.account_id = t.to_account
LEFT JOIN rates r ON r.currency = t.currency AND r.month = date_trunc('month', t.ts)
LEFT JOIN (SELECT currency, arg_max(per_eur, month) AS per_eur FROM rates GROUP BY ALL) last_rate
    ON last_rate.currency = t.currency
"""

_VISIBLE_ONLY = """
WHERE (t.from_account IS NULL OR t.from_account IN (SELECT account_id FROM finance_visible_accounts))
  AND (t.to_account IS NULL OR t.to_account IN (SELECT account_id FROM finance_visible_accounts))
"""


def build_frame(db: duckdb.DuckDBPyConnection, *, visible_only: bool = False) -> int:
    """Make `fx` from the workspace's transactions (with `visible_only`, those whose every account is
    in `finance_visible_accounts`, left by the gate) and empty hit tables; returns the transactions."""
    db.execute(_FRAME + (_VISIBLE_ONLY if visible_only else ""))
    reset_hits(db)
    found = db.execute("SELECT count(*) FROM fx").fetchone()
    return int(found[0]) if found else 0


def reset_hits(db: duckdb.DuckDBPyConnection) -> None:
    """Empty tables for the detectors' findings."""
    db.execute(
        "CREATE OR REPLACE TEMP TABLE finance_hits "
        "(typology VARCHAR, alert_key VARCHAR, tid BIGINT, score DOUBLE)"
    )
    db.execute(
        "CREATE OR REPLACE TEMP TABLE finance_reasons "
        "(typology VARCHAR, alert_key VARCHAR, accounts VARCHAR[], why JSON)"
    )


def tune(db: duckdb.DuckDBPyConnection) -> None:
    """Bound DuckDB's memory (`MEMORY_LIMIT`, spilling to disk beyond it) and use every core, unless
    the environment says otherwise."""
    memory = os.environ.get("CROSSROUTE_DUCKDB_MEMORY", MEMORY_LIMIT)
    threads = int(os.environ.get("CROSSROUTE_DUCKDB_THREADS", "0")) or (os.cpu_count() or 1)
    db.execute(f"SET memory_limit = '{_size(memory)}'")
    db.execute(f"SET threads = {threads}")


def _size(text: str) -> str:
    """A memory size like `5GB` or `512MB` (checked: it goes into a SET statement)."""
    cleaned = text.strip().upper().replace(" ", "")
    number = cleaned.rstrip("KMGTIB")
    if not number.replace(".", "", 1).isdigit() or cleaned[len(number) :] not in {
        "KB", "MB", "GB", "TB", "KIB", "MIB", "GIB", "TIB",
    }:  # fmt: skip
        raise ValueError(f"CROSSROUTE_DUCKDB_MEMORY: not a memory size: {text!r}")
    return cleaned
