"""The transaction frame every detector reads: one temporary DuckDB table `fx` with an integer id per
transaction, times in seconds, amounts in the reporting currency (EUR), both sides' countries, and the
cash side empty. Detectors write their findings to `finance_hits` and `finance_reasons`."""

from __future__ import annotations

import duckdb

DAY = 86_400.0
REPORTING_CURRENCY = "EUR"

_FRAME = """
CREATE OR REPLACE TEMP TABLE fx AS
SELECT
    row_number() OVER (ORDER BY t.ts, t.txn_id) AS tid,
    t.txn_id,
    t.ts,
    epoch(t.ts) AS t,
    t.from_account AS src,
    t.to_account AS dst,
    -- converted at load (ingest/rates.py); NULL when the currency has no rate: left out of amount rules
    coalesce(t.amount_eur, CASE WHEN t.currency = 'EUR' THEN CAST(t.amount AS DOUBLE) END) AS eur,
    coalesce(t.channel, CASE WHEN t.from_account IS NULL THEN 'cash_deposit'
                             WHEN t.to_account IS NULL THEN 'cash_withdrawal' END) AS channel,
    coalesce(t.from_country, fa.country) AS src_country,
    coalesce(t.to_country, ta.country) AS dst_country
FROM finance_transactions t
LEFT JOIN (SELECT account_id, any_value(country) AS country FROM finance_accounts GROUP BY ALL) fa
    ON fa.account_id = t.from_account
LEFT JOIN (SELECT account_id, any_value(country) AS country FROM finance_accounts GROUP BY ALL) ta
    ON ta.account_id = t.to_account
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
