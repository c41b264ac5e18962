"""Cash typologies over the frame `fx`: structuring, cash-intensive fronts, hawala offsetting.

Each detector is one function over the DuckDB connection: it reads `fx` and appends to `finance_hits`
(typology, alert key, transaction, score) and `finance_reasons` (the accounts and the figures that fired).
Cash paid in has no sending account; cash drawn out has no receiving account."""

from __future__ import annotations

import duckdb

from crossroute.analysis.finance.params import Thresholds

_PROFILE = """
CREATE OR REPLACE TEMP TABLE cash_profile AS
SELECT dst AS acct,
    count(*) AS n_cash,
    sum(eur) AS cash_sum,
    count(*) FILTER (WHERE eur >= $low AND eur < $threshold) AS n_near,
    count(*) FILTER (WHERE eur >= $threshold) AS n_over,
    coalesce(sum(eur) FILTER (WHERE eur >= $low AND eur < $threshold), 0) AS near_sum,
    max(t) FILTER (WHERE eur >= $low AND eur < $threshold) AS last_near,
    min(t) AS first_t,
    max(t) AS last_t
FROM fx WHERE src IS NULL AND dst IS NOT NULL
GROUP BY dst
"""


def cash_profile(db: duckdb.DuckDBPyConnection, p: Thresholds) -> None:
    """Per account: cash deposits, how many just under the threshold, how many over it."""
    db.execute(_PROFILE, {"low": p.near_low, "threshold": p.reporting_threshold})


_STRUCTURERS = """
WITH who AS (
    SELECT * FROM cash_profile
    WHERE n_near >= $min_structured AND n_near >= 0.5 * n_cash AND n_over <= 0.25 * n_near
),
deposits AS (
    SELECT w.acct, f.tid, w.n_near, w.near_sum FROM who w JOIN fx f ON f.dst = w.acct
    WHERE f.src IS NULL AND f.eur >= $low AND f.eur < $threshold
),
onward AS (
    SELECT w.acct, f.tid, w.n_near, w.near_sum FROM who w JOIN fx f ON f.src = w.acct
    WHERE f.t > w.last_near AND f.t <= w.last_near + $onward
      AND f.eur >= 0.3 * w.near_sum AND f.eur <= 1.05 * w.near_sum
)
INSERT INTO finance_hits
SELECT 'structuring', 'structuring:' || acct, tid, least(1.0, 0.6 + 0.05 * n_near)
FROM (SELECT * FROM deposits UNION ALL SELECT * FROM onward)
"""

_STRUCTURER_REASONS = """
INSERT INTO finance_reasons
SELECT 'structuring', 'structuring:' || acct, [acct],
    json_object('deposits_just_under_threshold', n_near, 'deposits_over_threshold', n_over,
                'cash_deposits', n_cash, 'amount_just_under', round(near_sum, 2),
                'threshold', $threshold, 'band_from', $low)
FROM cash_profile
WHERE n_near >= $min_structured AND n_near >= 0.5 * n_cash AND n_over <= 0.25 * n_near
"""

_SMURFS = """
CREATE OR REPLACE TEMP TABLE smurf_links AS
WITH smurfs AS (
    SELECT * FROM cash_profile
    WHERE n_near >= 1 AND n_near >= 0.5 * n_cash AND n_over = 0 AND n_near < $min_structured
),
links AS (
    SELECT s.acct, f.dst AS collector, f.tid AS link_tid, s.near_sum, s.n_near
    FROM smurfs s JOIN fx f ON f.src = s.acct
    WHERE f.dst IS NOT NULL AND f.t > s.last_near AND f.t <= s.last_near + $onward
      AND f.eur >= $keep_min * s.near_sum AND f.eur <= 1.05 * s.near_sum
)
SELECT * FROM links
WHERE collector IN (
    SELECT collector FROM links GROUP BY collector HAVING count(DISTINCT acct) >= $min_smurfs
)
"""

_SMURF_HITS = """
INSERT INTO finance_hits
SELECT 'structuring', 'structuring:' || l.collector, x.tid, 0.8
FROM smurf_links l
JOIN LATERAL (
    SELECT l.link_tid AS tid
    UNION ALL
    SELECT f.tid FROM fx f
    WHERE f.dst = l.acct AND f.src IS NULL AND f.eur >= $low AND f.eur < $threshold
) x ON true
"""

_SMURF_REASONS = """
INSERT INTO finance_reasons
SELECT 'structuring', 'structuring:' || collector, list_prepend(collector, list(DISTINCT acct)),
    json_object('depositors', count(DISTINCT acct), 'deposits_just_under_threshold', sum(n_near),
                'amount_just_under', round(sum(near_sum), 2), 'threshold', $threshold,
                'passed_on_within_days', $onward_days)
FROM smurf_links GROUP BY collector
"""


def structuring(db: duckdb.DuckDBPyConnection, p: Thresholds) -> None:
    """Cash deposits kept just under the reporting threshold: (a) one account with at least
    `min_structured` such deposits, most of its cash, and few over the threshold, plus what it passes
    on within `onward_days`; (b) at least `min_smurfs` depositors who each paid in such cash and passed
    at least `keep_min` of it to the same collector within `onward_days`."""
    cash_profile(db, p)
    common = {"low": p.near_low, "threshold": p.reporting_threshold}
    db.execute(_STRUCTURERS, {**common, "min_structured": p.min_structured, "onward": p.onward_s})
    db.execute(_STRUCTURER_REASONS, {**common, "min_structured": p.min_structured})
    db.execute(
        _SMURFS,
        {
            "min_structured": p.min_structured,
            "onward": p.onward_s,
            "keep_min": p.keep_min,
            "min_smurfs": p.min_smurfs,
        },
    )
    db.execute(_SMURF_HITS, common)
    db.execute(_SMURF_REASONS, {"threshold": p.reporting_threshold, "onward_days": p.onward_days})


_OUT_CONCENTRATION = """
CREATE OR REPLACE TEMP TABLE cash_outflow AS
WITH out_pairs AS (
    SELECT f.src AS acct, f.dst AS taker, sum(f.eur) AS amount, count(*) AS n
    FROM fx f JOIN cash_profile c ON c.acct = f.src
    WHERE f.dst IS NOT NULL GROUP BY ALL
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY acct ORDER BY amount DESC, taker) AS rank
    FROM out_pairs
)
SELECT r.acct, sum(r.amount) FILTER (WHERE r.rank <= 2) AS top2, sum(r.amount) AS out_sum,
    count(*) AS takers, list(r.taker ORDER BY r.rank) FILTER (WHERE r.rank <= 2) AS top_takers,
    coalesce(bool_or(r.rank <= 2 AND t.country IS DISTINCT FROM s.country), false) AS abroad
FROM ranked r
LEFT JOIN (SELECT account_id, any_value(country) AS country FROM finance_accounts GROUP BY ALL) s
    ON s.account_id = r.acct
LEFT JOIN (SELECT account_id, any_value(country) AS country FROM finance_accounts GROUP BY ALL) t
    ON t.account_id = r.taker
GROUP BY r.acct
"""

_FRONTS = """
CREATE OR REPLACE TEMP TABLE fronts AS
WITH daily AS (
    SELECT c.*, coalesce(a.type, 'unknown') AS kind,
        cash_sum / greatest((last_t - first_t) / 86400.0 + 1.0, 7.0) AS per_day
    FROM cash_profile c
    LEFT JOIN (SELECT account_id, any_value(type) AS type FROM finance_accounts GROUP BY ALL) a
        ON a.account_id = c.acct
    WHERE n_cash >= 5
),
peers AS (
    SELECT kind, median(per_day) AS peer_per_day, count(*) AS peer_count FROM daily GROUP BY kind
),
everyone AS (SELECT median(per_day) AS all_per_day FROM daily)
SELECT d.acct, d.n_cash, d.cash_sum, d.per_day,
    CASE WHEN p.peer_count >= 5 THEN p.peer_per_day ELSE e.all_per_day END AS peer_per_day,
    o.top2, o.top_takers
FROM daily d JOIN peers p USING (kind) CROSS JOIN everyone e
JOIN cash_outflow o ON o.acct = d.acct
WHERE d.per_day >= $ratio * (CASE WHEN p.peer_count >= 5 THEN p.peer_per_day ELSE e.all_per_day END)
  AND o.top2 >= $concentration * d.cash_sum AND o.abroad
"""

_FRONT_HITS = """
INSERT INTO finance_hits
SELECT 'cash_front', 'cash_front:' || fr.acct, f.tid,
    least(1.0, 0.5 + 0.1 * fr.per_day / fr.peer_per_day)
FROM fronts fr JOIN fx f
    ON (f.dst = fr.acct AND f.src IS NULL)
    OR (f.src = fr.acct AND list_contains(fr.top_takers, f.dst))
"""

_FRONT_REASONS = """
INSERT INTO finance_reasons
SELECT 'cash_front', 'cash_front:' || acct, list_prepend(acct, top_takers),
    json_object('cash_per_day', round(per_day, 2), 'peer_median_per_day', round(peer_per_day, 2),
                'times_peers', round(per_day / peer_per_day, 2), 'cash_deposits', n_cash,
                'share_to_two_counterparties', round(top2 / cash_sum, 3))
FROM fronts
"""


def cash_front(db: duckdb.DuckDBPyConnection, p: Thresholds) -> None:
    """Businesses whose cash takings per day are at least `front_peer_ratio` times the median of their
    peers (accounts of the same type paying in cash; all such accounts when the type has fewer than
    five), and that pass at least `concentration` of that cash to at most two counterparties, one of
    them in another country (the takings leave the country)."""
    db.execute(_OUT_CONCENTRATION)
    db.execute(_FRONTS, {"ratio": p.front_peer_ratio, "concentration": p.concentration})
    db.execute(_FRONT_HITS)
    db.execute(_FRONT_REASONS)


_HAWALA = """
CREATE OR REPLACE TEMP TABLE hawala_chains AS
WITH one_off AS (SELECT src, dst FROM relations WHERE n = 1),
collectors AS (
    SELECT c.acct, c.n_cash, c.cash_sum, o.top_takers
    FROM cash_profile c JOIN cash_outflow o USING (acct)
    WHERE c.n_cash >= $min_deposits AND c.n_over <= 0.1 * c.n_cash
      AND o.top2 >= $concentration * c.cash_sum
),
payers AS (
    SELECT f.src AS acct, count(DISTINCT f.dst) AS payees, sum(f.eur) AS paid,
        any_value(f.src_country) AS country
    FROM fx f SEMI JOIN one_off USING (src, dst)
    WHERE f.src_country = f.dst_country AND f.eur < $threshold
    GROUP BY f.src HAVING count(DISTINCT f.dst) >= $min_payees
       AND f.src IN (SELECT dst FROM relations GROUP BY dst HAVING count(*) <= 3)
),
hop1 AS (
    SELECT c.acct AS collector, f.tid AS t1, f.dst AS a1, f.t AS time1, f.eur AS e1
    FROM collectors c JOIN fx f ON f.src = c.acct AND list_contains(c.top_takers, f.dst)
),
hop2 AS (
    SELECT h.*, f.tid AS t2, f.dst AS a2, f.t AS time2, f.eur AS e2
    FROM hop1 h JOIN fx f ON f.src = h.a1 AND f.t > h.time1 AND f.t <= h.time1 + $onward
        AND f.eur BETWEEN $keep_min * h.e1 AND h.e1 / $keep_min AND f.dst <> h.collector
),
hop3 AS (
    SELECT h.*, f.tid AS t3, f.dst AS a3
    FROM hop2 h JOIN fx f ON f.src = h.a2 AND f.t > h.time2 AND f.t <= h.time2 + $onward
        AND f.eur BETWEEN $keep_min * h.e2 AND h.e2 / $keep_min AND f.dst <> h.a1
),
cash_country AS (
    SELECT dst AS collector, arg_min(dst_country, tid) AS country FROM fx
    WHERE src IS NULL AND dst IN (SELECT acct FROM collectors) GROUP BY dst
)
SELECT h.* FROM (
    SELECT collector, a1 AS payer, [t1] AS tids FROM hop1
    UNION ALL
    SELECT collector, a2, [t1, t2] FROM hop2
    UNION ALL
    SELECT collector, a3, [t1, t2, t3] FROM hop3
) h JOIN payers p ON p.acct = h.payer
JOIN cash_country c USING (collector)
WHERE p.country IS DISTINCT FROM c.country
"""

_HAWALA_HITS = """
INSERT INTO finance_hits
WITH keys AS (SELECT DISTINCT collector, payer FROM hawala_chains),
one_off AS (SELECT src, dst FROM relations WHERE n = 1)
SELECT 'hawala', 'hawala:' || collector, tid, 0.85 FROM (
    SELECT collector, unnest(tids) AS tid FROM hawala_chains
    UNION ALL
    SELECT k.collector, f.tid FROM keys k JOIN fx f ON f.dst = k.collector AND f.src IS NULL
    UNION ALL
    SELECT k.collector, f.tid FROM keys k JOIN fx f ON f.src = k.payer
    SEMI JOIN one_off o ON o.src = f.src AND o.dst = f.dst
)
"""

_HAWALA_REASONS = """
INSERT INTO finance_reasons
SELECT 'hawala', 'hawala:' || h.collector, list_prepend(h.collector, list(DISTINCT h.payer)),
    json_object('cash_deposits', any_value(c.n_cash), 'cash_in', round(any_value(c.cash_sum), 2),
                'settlement_hops', max(len(h.tids)), 'payout_accounts', count(DISTINCT h.payer),
                'payout_countries', list(DISTINCT f.country))
FROM hawala_chains h JOIN cash_profile c ON c.acct = h.collector
LEFT JOIN (SELECT src, arg_min(src_country, tid) AS country FROM fx
           WHERE src IN (SELECT payer FROM hawala_chains) GROUP BY src) f ON f.src = h.payer
GROUP BY h.collector
"""


def hawala(db: duckdb.DuckDBPyConnection, p: Thresholds) -> None:
    """Hawala offsetting: a collector takes at least `hawala_min_deposits` cash deposits (almost none
    over the threshold) and passes at least `concentration` of the cash to at most two counterparties;
    within at most three hops (each within `onward_days`, amounts within the `keep_min` ratio either
    way, as over- or under-invoiced trade), the money reaches an account in another country, paid by
    at most three counterparties, that pays at least `hawala_min_payees` one-off recipients in its own
    country (each under the threshold). Flags the cash in, the settlement hops and the payouts.
    Needs `flows.relations` first."""
    db.execute(
        _HAWALA,
        {
            "min_deposits": p.hawala_min_deposits,
            "concentration": p.concentration,
            "min_payees": p.hawala_min_payees,
            "onward": p.onward_s * 2,
            "threshold": p.reporting_threshold,
            "keep_min": p.keep_min,
        },
    )
    db.execute(_HAWALA_HITS)
    db.execute(_HAWALA_REASONS)
