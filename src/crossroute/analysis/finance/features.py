"""Graph features per transaction for the learned score, computed in DuckDB over the frame `fx` and the
detectors' hit tables: the payment itself (amount, cash, cross-border), both accounts (fan-in and
fan-out overall and in the payment's week, flow-through ratio, cash near the threshold, one-off share),
the amount against the account's history, the relationship, how fast the money moved on, and the
detectors' scores for the payment, its accounts and its counterparties."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from crossroute.analysis.finance.detect import DETECTORS
from crossroute.analysis.finance.params import Thresholds

_ACCOUNTS = """
CREATE OR REPLACE TEMP TABLE feat_accounts AS
WITH sides AS (
    SELECT dst AS acct, src AS other, eur, 1 AS incoming, src IS NULL AS cash FROM fx WHERE dst IS NOT NULL
    UNION ALL
    SELECT src, dst, eur, 0, dst IS NULL FROM fx WHERE src IS NOT NULL
),
hit_accounts AS (
    SELECT acct, max(score) AS hit_score FROM (
        SELECT f.src AS acct, h.score FROM finance_hits h JOIN fx f USING (tid)
        UNION ALL SELECT f.dst, h.score FROM finance_hits h JOIN fx f USING (tid)
    ) WHERE acct IS NOT NULL GROUP BY acct
)
SELECT s.acct,
    count(DISTINCT s.other) FILTER (WHERE s.incoming = 1) AS fan_in,
    count(DISTINCT s.other) FILTER (WHERE s.incoming = 0) AS fan_out,
    coalesce(sum(s.eur) FILTER (WHERE s.incoming = 1), 0) AS in_sum,
    coalesce(sum(s.eur) FILTER (WHERE s.incoming = 0), 0) AS out_sum,
    count(*) FILTER (WHERE s.incoming = 1 AND s.cash) AS cash_in,
    count(*) FILTER (WHERE s.incoming = 1 AND s.cash AND s.eur >= $low AND s.eur < $threshold)
        AS near_threshold,
    median(s.eur) FILTER (WHERE s.incoming = 1) AS median_in,
    median(s.eur) FILTER (WHERE s.incoming = 0) AS median_out,
    count(*) AS activity,
    coalesce(any_value(h.hit_score), 0) AS hit_score
FROM sides s LEFT JOIN hit_accounts h USING (acct)
GROUP BY s.acct
"""

_NEIGHBOURS = """
CREATE OR REPLACE TEMP TABLE feat_neighbours AS
SELECT n.acct, avg(CASE WHEN a.hit_score > 0 THEN 1.0 ELSE 0.0 END) AS flagged_neighbours
FROM (
    SELECT src AS acct, dst AS other FROM fx WHERE src IS NOT NULL AND dst IS NOT NULL
    UNION SELECT dst, src FROM fx WHERE src IS NOT NULL AND dst IS NOT NULL
) n JOIN feat_accounts a ON a.acct = n.other
GROUP BY n.acct
"""

_WEEKLY = """
CREATE OR REPLACE TEMP TABLE feat_weekly AS
SELECT acct, week, count(DISTINCT other) FILTER (WHERE incoming) AS week_fan_in,
    count(DISTINCT other) FILTER (WHERE NOT incoming) AS week_fan_out
FROM (
    SELECT dst AS acct, src AS other, true AS incoming, date_trunc('week', ts) AS week FROM fx
    WHERE dst IS NOT NULL
    UNION ALL
    SELECT src, dst, false, date_trunc('week', ts) FROM fx WHERE src IS NOT NULL
) GROUP BY ALL
"""

_TYPOLOGY_COLUMNS = ", ".join(
    f"coalesce(max(score) FILTER (WHERE typology = '{name}'), 0) AS hit_{name}"
    for name in DETECTORS
)

_FEATURES = f"""
SELECT f.tid, f.txn_id, f.t,
    ln(1 + f.eur) AS log_amount,
    CAST(f.src IS NULL AS INTEGER) AS cash_in,
    CAST(f.dst IS NULL AS INTEGER) AS cash_out,
    CAST(f.src_country IS DISTINCT FROM f.dst_country AS INTEGER) AS cross_border,
    CAST(f.eur >= $low AND f.eur < $threshold AS INTEGER) AS near_threshold,
    coalesce(s.fan_in, 0) AS src_fan_in, coalesce(s.fan_out, 0) AS src_fan_out,
    coalesce(d.fan_in, 0) AS dst_fan_in, coalesce(d.fan_out, 0) AS dst_fan_out,
    coalesce(d.out_sum / nullif(d.in_sum, 0), 0) AS dst_flow_through,
    coalesce(s.out_sum / nullif(s.in_sum, 0), 0) AS src_flow_through,
    coalesce(d.cash_in, 0) AS dst_cash_in, coalesce(d.near_threshold, 0) AS dst_near_threshold,
    coalesce(f.eur / nullif(d.median_in, 0), 0) AS amount_vs_dst_history,
    coalesce(f.eur / nullif(s.median_out, 0), 0) AS amount_vs_src_history,
    ln(1 + coalesce(s.activity, 0)) AS src_activity, ln(1 + coalesce(d.activity, 0)) AS dst_activity,
    coalesce(r.n, 0) AS relation_payments, coalesce(r.months, 0) AS relation_months,
    coalesce(ws.week_fan_out, 0) AS src_week_fan_out, coalesce(wd.week_fan_in, 0) AS dst_week_fan_in,
    coalesce(pin.passed, 0) AS passed_on, coalesce(pout.passing, 0) AS passing_on,
    coalesce(s.hit_score, 0) AS src_hit_score, coalesce(d.hit_score, 0) AS dst_hit_score,
    coalesce(ns.flagged_neighbours, 0) AS src_flagged_neighbours,
    coalesce(nd.flagged_neighbours, 0) AS dst_flagged_neighbours,
    h.* EXCLUDE (tid)
FROM fx f
LEFT JOIN feat_accounts s ON s.acct = f.src
LEFT JOIN feat_accounts d ON d.acct = f.dst
LEFT JOIN feat_neighbours ns ON ns.acct = f.src
LEFT JOIN feat_neighbours nd ON nd.acct = f.dst
LEFT JOIN relations r ON r.src = f.src AND r.dst = f.dst
LEFT JOIN feat_weekly ws ON ws.acct = f.src AND ws.week = date_trunc('week', f.ts)
LEFT JOIN feat_weekly wd ON wd.acct = f.dst AND wd.week = date_trunc('week', f.ts)
LEFT JOIN (SELECT in_tid AS tid, 1 AS passed FROM pass_through GROUP BY ALL) pin ON pin.tid = f.tid
LEFT JOIN (SELECT out_tid AS tid, 1 AS passing FROM pass_through GROUP BY ALL) pout ON pout.tid = f.tid
LEFT JOIN (SELECT tid, {_TYPOLOGY_COLUMNS} FROM finance_hits GROUP BY tid) h ON h.tid = f.tid
ORDER BY f.tid
"""

ID_COLUMNS = ("tid", "txn_id", "t")


def transaction_features(db: duckdb.DuckDBPyConnection, p: Thresholds) -> pa.Table:
    """One row per transaction of the frame: ids (`ID_COLUMNS`) then numeric features. Needs the
    detectors run first (`detect.run_detectors`)."""
    params = {"low": p.near_low, "threshold": p.reporting_threshold}
    db.execute(_ACCOUNTS, params)
    db.execute(_NEIGHBOURS)
    db.execute(_WEEKLY)
    table = db.sql(_FEATURES, params=params).to_arrow_table()
    assert table is not None
    names = [n for n in table.column_names if n not in ID_COLUMNS]
    filled = {n: table.column(n).fill_null(0).cast(pa.float64()) for n in names}
    return pa.table({**{n: table.column(n) for n in ID_COLUMNS}, **filled})
