"""Run every typology detector over the workspace's transactions and combine their findings into
alerts: each flagged transaction once, with the highest-scoring alert that flagged it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from crossroute.analysis.finance import cash, flows
from crossroute.analysis.finance.frame import build_frame
from crossroute.analysis.finance.params import Thresholds
from crossroute.store.tuning import tune

Detector = Callable[[duckdb.DuckDBPyConnection, Thresholds], None]

DETECTORS: dict[str, Detector] = {
    "structuring": cash.structuring,
    "cash_front": cash.cash_front,
    "hawala": cash.hawala,
    "fee_collection": flows.fee_collection,
    "mule": flows.mules,
    "scatter_gather": flows.scatter_gather,
    "gather_scatter": flows.gather_scatter,
    "round_trip": flows.round_trips,
}


@dataclass
class Detection:
    """Flagged transactions (`flags`: tid, txn_id, score, typology, alert_id) and the alerts
    (`alerts`: alert_id, typology, score, accounts, why, transactions)."""

    flags: pa.Table
    alerts: pa.Table
    transactions: int
    seconds: dict[str, float] = field(default_factory=dict)  # wall seconds per step
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds (all threads) per step
    cached: bool = False  # read from the workspace's stored detections


def detect(
    db: duckdb.DuckDBPyConnection,
    thresholds: Thresholds | None = None,
    only: list[str] | None = None,
    *,
    visible_only: bool = False,
) -> Detection:
    """Build the frame from the workspace tables and run the detectors (all, or `only` these).
    `visible_only`: the transactions the gate left visible (`gated.open_scope`)."""
    p = thresholds or Thresholds()
    tune(db)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    with _timed("frame", seconds, cpu):
        n = build_frame(db, visible_only=visible_only)
    run_detectors(db, p, only, seconds, cpu)
    with _timed("combine", seconds, cpu):
        flags, alerts = combine(db)
    return Detection(flags, alerts, transactions=n, seconds=seconds, cpu=cpu)


@contextmanager
def _timed(name: str, seconds: dict[str, float], cpu: dict[str, float]) -> Iterator[None]:
    """Wall and CPU seconds (the process's, so DuckDB's threads count) of the block."""
    wall, used = time.perf_counter(), time.process_time()
    yield
    seconds[name] = round(seconds.get(name, 0.0) + time.perf_counter() - wall, 3)
    cpu[name] = round(cpu.get(name, 0.0) + time.process_time() - used, 3)


def run_detectors(
    db: duckdb.DuckDBPyConnection,
    p: Thresholds,
    only: list[str] | None = None,
    seconds: dict[str, float] | None = None,
    cpu: dict[str, float] | None = None,
) -> None:
    """Run the detectors over an existing frame `fx`, appending to the hit tables; wall and CPU
    seconds per detector go into `seconds` and `cpu`."""
    wall = seconds if seconds is not None else {}
    used = cpu if cpu is not None else {}
    with _timed("shared", wall, used):
        cash.cash_profile(db, p)
        flows.relations(db)
        flows.pass_through(db, p)
    for name, detector in DETECTORS.items():
        if only is not None and name not in only:
            continue
        with _timed(name, wall, used):
            detector(db, p)


_ALERTS = """
CREATE OR REPLACE TEMP TABLE finance_alerts AS
WITH best AS (
    SELECT typology, alert_key, tid, score FROM finance_hits
    QUALIFY row_number() OVER (PARTITION BY tid ORDER BY score DESC, typology, alert_key) = 1
),
scored AS (
    SELECT typology, alert_key, max(score) AS score, count(DISTINCT tid) AS size
    FROM best GROUP BY ALL
)
SELECT printf('AL-%06d', row_number() OVER (ORDER BY score DESC, size DESC, alert_key)) AS alert_id, *
FROM scored
"""

_FLAGS = """
SELECT h.tid, f.txn_id, round(h.score, 4) AS score, h.typology, a.alert_id
FROM (
    SELECT typology, alert_key, tid, score FROM finance_hits
    QUALIFY row_number() OVER (PARTITION BY tid ORDER BY score DESC, typology, alert_key) = 1
) h
JOIN finance_alerts a USING (typology, alert_key)
JOIN fx f ON f.tid = h.tid
ORDER BY a.alert_id, f.tid
"""

_ALERT_ROWS = """
SELECT a.alert_id, a.typology, round(a.score, 4) AS score, r.accounts, CAST(r.why AS VARCHAR) AS why,
    a.size AS transactions
FROM finance_alerts a
LEFT JOIN (SELECT typology, alert_key, list_distinct(flatten(list(accounts))) AS accounts,
                  any_value(why) AS why
           FROM finance_reasons GROUP BY ALL) r USING (typology, alert_key)
ORDER BY a.alert_id
"""


def merge_chains(db: duckdb.DuckDBPyConnection, typology: str = "mule") -> None:
    """One alert per chain: alerts of a typology that share a transaction (a mule's out is the next
    mule's in) become one, keyed by the first of them."""
    found = db.execute(
        "SELECT alert_key, list(DISTINCT tid) FROM finance_hits WHERE typology = ? GROUP BY 1 "
        "ORDER BY 1",
        [typology],
    ).fetchall()
    parent: dict[str, str] = {key: key for key, _ in found}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    owner: dict[int, str] = {}
    for key, tids in found:
        for tid in tids:
            if tid in owner:
                a, b = sorted((root(owner[tid]), root(key)))
                parent[b] = a
            else:
                owner[tid] = key
    moved = {key: root(key) for key in parent if root(key) != key}
    if not moved:
        return
    mapping = pa.table({"old": list(moved), "new": list(moved.values())})
    db.register("finance_merged", mapping)
    for table in ("finance_hits", "finance_reasons"):
        db.execute(
            f"UPDATE {table} SET alert_key = m.new FROM finance_merged m "
            f"WHERE {table}.alert_key = m.old AND {table}.typology = ?",
            [typology],
        )
    db.unregister("finance_merged")


def combine(db: duckdb.DuckDBPyConnection) -> tuple[pa.Table, pa.Table]:
    """(flags, alerts) from the hit tables."""
    merge_chains(db)
    db.execute(_ALERTS)
    flags = db.sql(_FLAGS).to_arrow_table()
    alerts = db.sql(_ALERT_ROWS).to_arrow_table()
    return flags, alerts
