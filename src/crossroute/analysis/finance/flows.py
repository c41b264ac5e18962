"""Flow typologies over the frame `fx`: fee collection, rapid pass-through (mules), scatter-gather,
gather-scatter and round trips. Same contract as `cash`: read `fx`, append to `finance_hits` and
`finance_reasons`.

A relationship (sender, receiver) is *one-off* when all its payments fall in one calendar month and there
are at most two: the relatives paying a smuggling fee, unlike a tenant's rent or an employee's salary."""

from __future__ import annotations

import duckdb

from crossroute.analysis.finance.params import Thresholds

# Gather-scatter: the busiest inflow windows of a hub (by senders) whose outflows are examined; bounds
# the work on a hub with thousands of payers, where every payment starts a window.
WINDOWS_PER_HUB = 16


def seconds_literal(seconds: float) -> str:
    """A window length for a RANGE frame, which takes a constant, not a bound parameter."""
    return repr(float(seconds))


_RELATIONS = """
CREATE OR REPLACE TEMP TABLE relations AS
SELECT src, dst, count(*) AS n, count(DISTINCT date_trunc('month', ts)) AS months
FROM fx WHERE src IS NOT NULL AND dst IS NOT NULL GROUP BY ALL
"""


def relations(db: duckdb.DuckDBPyConnection) -> None:
    """Every (sender, receiver) pair with its payments and the months they span."""
    db.execute(_RELATIONS)


_FEES = """
CREATE OR REPLACE TEMP TABLE fee_windows AS
WITH fees AS (
    SELECT f.tid, f.src, f.dst, f.t, f.eur, f.src_country, f.dst_country
    FROM fx f JOIN relations r USING (src, dst)
    WHERE r.months = 1 AND r.n <= 2 AND f.eur >= $min_amount
),
starts AS (
    SELECT dst, t AS start_t, count(DISTINCT src) OVER (
        PARTITION BY dst ORDER BY t RANGE BETWEEN CURRENT ROW AND {window} FOLLOWING) AS senders
    FROM fees
),
best AS (
    SELECT dst, start_t FROM starts WHERE senders >= $min_senders
    QUALIFY row_number() OVER (PARTITION BY dst ORDER BY senders DESC, start_t) = 1
),
windows AS (
    SELECT w.dst, w.start_t, count(DISTINCT b.src) AS senders, sum(b.eur) AS fees,
        max(b.t) AS last_t, list(b.tid) AS tids,
        count(DISTINCT b.src) FILTER (WHERE b.src_country <> b.dst_country) AS abroad
    FROM best w JOIN fees b ON b.dst = w.dst AND b.t >= w.start_t AND b.t <= w.start_t + $window
    GROUP BY w.dst, w.start_t
),
fan AS (
    SELECT w.dst AS acct, list(f.tid) AS out_tids, sum(f.eur) AS out_sum, count(DISTINCT f.dst) AS takers
    FROM windows w JOIN fx f ON f.src = w.dst AND f.t >= w.start_t AND f.t <= w.last_t + $onward
        AND f.eur >= $min_amount
    LEFT JOIN relations r ON r.src = f.src AND r.dst = f.dst
    WHERE f.dst IS NULL OR (r.months = 1 AND r.n <= 2)
    GROUP BY w.dst
)
SELECT w.dst AS acct, w.senders, w.abroad, w.fees, w.tids, n.out_tids, n.out_sum, n.takers
FROM windows w JOIN fan n ON n.acct = w.dst
WHERE n.out_sum >= $keep_min * w.fees * 0.9 AND n.takers >= 2
"""

_FEE_HITS = """
INSERT INTO finance_hits
SELECT 'fee_collection', 'fee_collection:' || acct, unnest(list_concat(tids, out_tids)),
    least(1.0, 0.6 + 0.01 * senders + 0.2 * abroad / senders)
FROM fee_windows
"""

_FEE_REASONS = """
INSERT INTO finance_reasons
SELECT 'fee_collection', 'fee_collection:' || acct, [acct],
    json_object('unrelated_senders', senders, 'senders_abroad', abroad, 'fees_in', round(fees, 2),
                'passed_on', round(out_sum, 2), 'recipients', takers, 'window_days', $window_days)
FROM fee_windows
"""


def fee_collection(db: duckdb.DuckDBPyConnection, p: Thresholds) -> None:
    """A collector paid by at least `fee_min_senders` unrelated senders (one-off relationships, each
    payment at least `fee_min_amount`) within `fee_window_days`, who passes at least about `keep_min`
    of it on to two or more accounts (one-off relationships too, not its regular suppliers) by
    `onward_days` after the last fee."""
    db.execute(
        _FEES.format(window=seconds_literal(p.fee_window_s)),
        {
            "min_amount": p.fee_min_amount,
            "window": p.fee_window_s,
            "min_senders": p.fee_min_senders,
            "onward": p.onward_s,
            "keep_min": p.keep_min,
        },
    )
    db.execute(_FEE_HITS)
    db.execute(_FEE_REASONS, {"window_days": p.fee_window_days})


_PASS_THROUGH = """
CREATE OR REPLACE TEMP TABLE pass_through AS
WITH ins AS (
    SELECT f.tid, f.src, f.dst, f.t, f.eur FROM fx f LEFT JOIN relations r USING (src, dst)
    WHERE f.dst IS NOT NULL AND f.eur >= $min_amount AND (f.src IS NULL OR (r.months = 1 AND r.n <= 2))
),
outs AS (
    SELECT f.tid, f.src, f.dst, f.t, f.eur FROM fx f LEFT JOIN relations r USING (src, dst)
    WHERE f.src IS NOT NULL AND f.eur >= $keep_min * $min_amount
      AND (f.dst IS NULL OR (r.months = 1 AND r.n <= 2))
)
SELECT i.tid AS in_tid, o.tid AS out_tid, i.dst AS acct, i.src AS sender, o.dst AS taker,
    i.eur AS in_eur, o.eur AS out_eur, i.t AS in_t, o.t AS out_t
FROM ins i JOIN outs o ON o.src = i.dst AND o.t > i.t AND o.t <= i.t + $onward
    AND o.eur >= $keep_min * i.eur AND o.eur <= i.eur
WHERE o.dst IS NULL OR i.src IS NULL OR o.dst <> i.src
"""

_MULES = """
CREATE OR REPLACE TEMP TABLE mule_pairs AS
WITH inflow AS (SELECT dst AS acct, sum(eur) AS in_sum FROM fx WHERE dst IS NOT NULL GROUP BY dst),
chained AS (
    SELECT a.in_tid, a.out_tid, a.acct FROM pass_through a
    WHERE EXISTS (SELECT 1 FROM pass_through b WHERE b.in_tid = a.out_tid)
       OR EXISTS (SELECT 1 FROM pass_through b WHERE b.out_tid = a.in_tid)
),
mostly AS (
    SELECT p.in_tid, p.out_tid, p.acct FROM pass_through p
    JOIN (SELECT acct, sum(out_eur) AS passed FROM
            (SELECT DISTINCT ON (out_tid) acct, out_tid, out_eur FROM pass_through) GROUP BY acct) v
        USING (acct)
    JOIN inflow i USING (acct)
    WHERE v.passed >= $keep_min * i.in_sum
)
SELECT DISTINCT * FROM (SELECT * FROM chained UNION ALL SELECT * FROM mostly)
"""

_MULE_HITS = """
INSERT INTO finance_hits
SELECT 'mule', 'mule:' || acct, tid, 0.75 FROM (
    SELECT acct, in_tid AS tid FROM mule_pairs UNION SELECT acct, out_tid FROM mule_pairs
)
"""

_MULE_REASONS = """
INSERT INTO finance_reasons
SELECT 'mule', 'mule:' || m.acct, [m.acct],
    json_object('passed_through', count(DISTINCT m.in_tid), 'in', round(sum(DISTINCT p.in_eur), 2),
                'out', round(sum(DISTINCT p.out_eur), 2),
                'max_hours_held', round(max(p.out_t - p.in_t) / 3600.0, 1),
                'within_days', $onward_days)
FROM mule_pairs m JOIN pass_through p USING (in_tid, out_tid) GROUP BY m.acct
"""


def pass_through(db: duckdb.DuckDBPyConnection, p: Thresholds) -> None:
    """Pairs (money in, money out) of an account: out within `onward_days` after in, at least `keep_min`
    and at most all of it, to someone other than the sender, both in one-off relationships (not a
    salary passed to the landlord); the in at least `min_amount`. Needs `relations` first."""
    db.execute(
        _PASS_THROUGH,
        {"onward": p.onward_s, "keep_min": p.keep_min, "min_amount": p.min_amount},
    )


def mules(db: duckdb.DuckDBPyConnection, p: Thresholds) -> None:
    """Rapid pass-through: a pass-through pair that is part of a chain (the out is the next account's
    in, or the in the previous account's out), or of an account that passes on at least `keep_min` of
    everything it receives. Needs `pass_through` first."""
    db.execute(_MULES, {"keep_min": p.keep_min})
    db.execute(_MULE_HITS)
    db.execute(_MULE_REASONS, {"onward_days": p.onward_days})


_SCATTER = """
CREATE OR REPLACE TEMP TABLE scatter_pairs AS
SELECT p.* FROM pass_through p
JOIN (
    SELECT sender, taker FROM pass_through
    WHERE sender IS NOT NULL AND taker IS NOT NULL AND sender <> taker
    GROUP BY ALL HAVING count(DISTINCT acct) >= $fan_min AND max(in_t) - min(in_t) <= $onward
) g USING (sender, taker)
"""

_SCATTER_HITS = """
INSERT INTO finance_hits
SELECT 'scatter_gather', 'scatter_gather:' || sender || '>' || taker, tid, 0.85 FROM (
    SELECT sender, taker, in_tid AS tid FROM scatter_pairs
    UNION SELECT sender, taker, out_tid FROM scatter_pairs
)
"""

_SCATTER_REASONS = """
INSERT INTO finance_reasons
SELECT 'scatter_gather', 'scatter_gather:' || sender || '>' || taker,
    list_concat([sender, taker], list(DISTINCT acct)),
    json_object('intermediaries', count(DISTINCT acct), 'scattered', round(sum(in_eur), 2),
                'gathered', round(sum(out_eur), 2), 'days', round((max(out_t) - min(in_t)) / 86400.0, 1))
FROM scatter_pairs GROUP BY sender, taker
"""


def scatter_gather(db: duckdb.DuckDBPyConnection, p: Thresholds) -> None:
    """One source pays at least `fan_min` intermediaries within `onward_days`, each passing it on (a
    pass-through pair) to the same sink. Needs `pass_through` first."""
    db.execute(_SCATTER, {"fan_min": p.fan_min, "onward": p.onward_s})
    db.execute(_SCATTER_HITS)
    db.execute(_SCATTER_REASONS)


_GATHER = """
CREATE OR REPLACE TEMP TABLE gather_windows AS
WITH big AS (
    SELECT f.tid, f.src, f.dst, f.t, f.eur FROM fx f JOIN relations r USING (src, dst)
    WHERE f.eur >= $min_amount AND r.months = 1 AND r.n <= 2
),
starts AS (
    SELECT dst AS hub, t AS start_t, count(DISTINCT src) OVER (
        PARTITION BY dst ORDER BY t RANGE BETWEEN CURRENT ROW AND {onward} FOLLOWING) AS senders
    FROM big
),
candidates AS (
    SELECT DISTINCT hub, start_t, senders FROM starts WHERE senders >= $fan_min
    QUALIFY row_number() OVER (PARTITION BY hub ORDER BY senders DESC, start_t) <= $windows_per_hub
),
windows AS (
    SELECT c.hub, c.start_t, count(DISTINCT b.src) AS senders, sum(b.eur) AS in_sum,
        max(b.t) AS last_in, list(b.tid) AS in_tids
    FROM candidates c JOIN big b ON b.dst = c.hub AND b.t >= c.start_t AND b.t <= c.start_t + $onward
    GROUP BY c.hub, c.start_t
),
scattered AS (
    SELECT w.hub, w.start_t, w.senders, w.in_sum, w.in_tids, count(DISTINCT o.dst) AS takers,
        sum(o.eur) AS out_sum, list(o.tid) AS out_tids
    FROM windows w JOIN big o ON o.src = w.hub AND o.t > w.start_t AND o.t <= w.last_in + $onward
    GROUP BY ALL
)
SELECT * FROM scattered
WHERE takers >= $fan_min AND out_sum BETWEEN $keep_min * in_sum AND in_sum * 1.02
QUALIFY row_number() OVER (PARTITION BY hub ORDER BY senders + takers DESC, start_t) = 1
"""

_GATHER_HITS = """
INSERT INTO finance_hits
SELECT 'gather_scatter', 'gather_scatter:' || hub, unnest(list_concat(in_tids, out_tids)), 0.85
FROM gather_windows
"""

_GATHER_REASONS = """
INSERT INTO finance_reasons
SELECT 'gather_scatter', 'gather_scatter:' || hub, [hub],
    json_object('senders', senders, 'recipients', takers, 'gathered', round(in_sum, 2),
                'scattered', round(out_sum, 2), 'within_days', $onward_days)
FROM gather_windows
"""


def gather_scatter(db: duckdb.DuckDBPyConnection, p: Thresholds) -> None:
    """A hub paid by at least `fan_min` senders within `onward_days` that pays at least `fan_min`
    recipients by `onward_days` after the last payment in, passing on between `keep_min` and all of it
    (payments of at least `min_amount`, in relationships of one month: not payroll or rent)."""
    params = {
        "min_amount": p.min_amount,
        "onward": p.onward_s,
        "fan_min": p.fan_min,
        "keep_min": p.keep_min,
        "windows_per_hub": WINDOWS_PER_HUB,
    }
    db.execute(_GATHER.format(onward=seconds_literal(p.onward_s)), params)
    db.execute(_GATHER_HITS)
    db.execute(_GATHER_REASONS, {"onward_days": p.onward_days})


_CYCLE_EDGES = """
CREATE OR REPLACE TEMP TABLE cycle_edges AS
SELECT tid, src, dst, t, eur FROM fx
WHERE src IS NOT NULL AND dst IS NOT NULL AND src <> dst AND eur >= $min_amount
"""

# An account on a cycle both receives and sends: drop edges from accounts that receive nothing and to
# accounts that send nothing, a few rounds (each round can strand more).
_CYCLE_TRIM = """
DELETE FROM cycle_edges
WHERE src NOT IN (SELECT DISTINCT dst FROM cycle_edges)
   OR dst NOT IN (SELECT DISTINCT src FROM cycle_edges)
"""

# On a time-respecting cycle every payment but the last is followed by one out of its receiver, and
# every payment but the first follows one into its sender: an edge with neither cannot be on one.
_CYCLE_CANDIDATES = """
CREATE OR REPLACE TEMP TABLE cycle_candidates AS
WITH first_in AS (SELECT dst AS acct, min(t) AS t FROM cycle_edges GROUP BY dst),
     last_out AS (SELECT src AS acct, max(t) AS t FROM cycle_edges GROUP BY src)
SELECT e.* FROM cycle_edges e
JOIN first_in i ON i.acct = e.src
JOIN last_out o ON o.acct = e.dst
WHERE i.t < e.t OR o.t > e.t
"""

_CYCLES = """
CREATE OR REPLACE TEMP TABLE cycles AS
WITH RECURSIVE edges AS (SELECT * FROM cycle_candidates),
walk(origin, last_dst, last_t, last_eur, start_t, depth, tids, accounts) AS (
    SELECT src, dst, t, eur, t, 1, [tid], [src, dst] FROM edges
    UNION ALL
    SELECT w.origin, e.dst, e.t, e.eur, w.start_t, w.depth + 1, list_append(w.tids, e.tid),
        list_append(w.accounts, e.dst)
    FROM walk w JOIN edges e ON e.src = w.last_dst AND e.t > w.last_t AND e.t <= w.start_t + $window
        AND e.eur >= $keep_min * w.last_eur AND e.eur <= w.last_eur
    WHERE w.depth < $max_length AND w.last_dst <> w.origin
      AND (e.dst = w.origin OR NOT list_contains(w.accounts, e.dst))
)
SELECT origin, tids, accounts, depth, (last_t - start_t) / 86400.0 AS days, last_eur
FROM walk WHERE last_dst = origin AND depth >= $min_length
"""

TRIM_ROUNDS = 4

_CYCLE_HITS = """
INSERT INTO finance_hits
SELECT 'round_trip', 'round_trip:' || origin, tid, least(1.0, 0.7 + 0.05 * depth)
FROM (SELECT origin, depth, unnest(tids) AS tid FROM cycles)
"""

_CYCLE_REASONS = """
INSERT INTO finance_reasons
SELECT 'round_trip', 'round_trip:' || origin, list_distinct(flatten(list(accounts))),
    json_object('cycles', count(*), 'longest', max(depth), 'max_days', round(max(days), 1),
                'returned', round(sum(last_eur), 2))
FROM cycles GROUP BY origin
"""


def round_trips(db: duckdb.DuckDBPyConnection, p: Thresholds) -> None:
    """Time-respecting cycles back to the origin: each payment after the previous one, all within
    `cycle_days`, each at least `keep_min` of the previous and no more, of `cycle_min_length` to
    `cycle_max_length` payments of at least `min_amount` through distinct accounts. The search is
    seeded only from candidate payments (between accounts that both receive and send, with money in
    before or out after), so its work grows with the candidates, not with every payment."""
    db.execute(_CYCLE_EDGES, {"min_amount": p.min_amount})
    for _ in range(TRIM_ROUNDS):
        db.execute(_CYCLE_TRIM)
    db.execute(_CYCLE_CANDIDATES)
    db.execute(
        _CYCLES,
        {
            "window": p.cycle_s,
            "keep_min": p.keep_min,
            "max_length": p.cycle_max_length,
            "min_length": p.cycle_min_length,
        },
    )
    db.execute(_CYCLE_HITS)
    db.execute(_CYCLE_REASONS)
