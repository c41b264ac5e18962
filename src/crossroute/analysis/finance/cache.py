"""Detector results kept in the workspace, so the alerts queue, an alert's page and the briefing read
them instead of running every detector on each call.

A stored detection is keyed by
- the data version: the financial tables' row counts and largest batch ids (a load changes it; a load
  also empties the cache, `store.finance_results.forget`),
- the scope: an md5 of the exact accounts the caller's gate leaves visible (`gated.open_scope`), so a
  result is only ever shown to a caller who may see every account it was computed from,
- the settings: the detector thresholds, `DETECTOR_VERSION`, and the model used (if any).

The caller's gate is opened on every read; only the detectors' work is reused."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict
from typing import Any

import duckdb
import pyarrow as pa

from crossroute.analysis.finance.detect import Detection, detect
from crossroute.analysis.finance.gated import VISIBLE
from crossroute.analysis.finance.params import Thresholds
from crossroute.analysis.finance.trail import AS_WRITTEN
from crossroute.store import Workspace
from crossroute.store.finance_results import TABLES

# Bump when a detector's logic changes: stored results of an older version are not reused.
DETECTOR_VERSION = "2026-12-07.amount-eur"

KEEP = 32  # stored detections (scopes, settings) of the current data version


_DATA_VERSION = """
SELECT (SELECT count(*) FROM finance_transactions), (SELECT max(batch_id) FROM finance_transactions),
    (SELECT max(row_number) FROM finance_transactions),
    (SELECT count(*) FROM finance_accounts), (SELECT max(batch_id) FROM finance_accounts),
    (SELECT count(*) FROM finance_rates), (SELECT sum(per_eur) FROM finance_rates)
"""

_SCOPE = f"""
SELECT count(*), md5(coalesce(string_agg(source || chr(31) || account_id, chr(30)
                                         ORDER BY source, account_id), ''))
FROM {VISIBLE}
"""

_STORE_FLAGS = """
INSERT INTO finance_detection_flags
SELECT ?, f.tid, f.txn_id, m.score, m.typology, m.alert_id, f.src, f.dst, f.ts, f.eur, f.channel,
    f.src_country, f.dst_country
FROM finance_detection_staged m JOIN fx f USING (tid)
"""

_STORE_ALERTS = """
INSERT INTO finance_detection_alerts
SELECT ?, alert_id, typology, score, accounts, why, transactions FROM finance_detection_staged
"""


def data_version(db: duckdb.DuckDBPyConnection) -> str:
    """A fingerprint of the financial tables: changes with every load (row counts, batch ids)."""
    found = db.execute(_DATA_VERSION).fetchall()
    return hashlib.sha256(json.dumps(list(found[0]), default=str).encode()).hexdigest()


def scope_key(db: duckdb.DuckDBPyConnection) -> str:
    """A fingerprint of the accounts the current caller may see (`gated.open_scope` made the table)."""
    ((count, digest),) = db.execute(_SCOPE).fetchall()
    return f"{count}:{digest}"


def settings_key(thresholds: Thresholds, model_id: int | None) -> str:
    text = json.dumps(
        {"thresholds": asdict(thresholds), "version": DETECTOR_VERSION, "model": model_id},
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def detection(
    workspace: Workspace, thresholds: Thresholds | None = None, *, use_model: bool = True
) -> tuple[Detection, int | None]:
    """The detection over the visible transactions (the caller's scope must be open): the stored one
    when its keys match, else computed now and stored. Returns it with its stored id (None when the
    workspace is read-only and nothing could be stored)."""
    db = workspace.db
    p = thresholds or Thresholds()
    model_id = _latest_model_id(workspace) if use_model else None
    keys = [data_version(db), scope_key(db), settings_key(p, model_id)]
    found = db.execute(
        "SELECT detection_id FROM finance_detections WHERE data_version = ? AND scope_key = ? "
        "AND settings_key = ? ORDER BY detection_id DESC LIMIT 1",
        keys,
    ).fetchall()
    if found:
        return read(db, int(found[0][0])), int(found[0][0])
    fresh = detect(db, p, visible_only=True)
    if model_id is not None:
        from crossroute.analysis.finance.learned import apply_model  # LightGBM: only when used

        fresh = apply_model(workspace, fresh, p)
    if _read_only(db):
        return fresh, None
    return fresh, _store(workspace, fresh, keys)


def read(db: duckdb.DuckDBPyConnection, detection_id: int) -> Detection:
    """A stored detection."""
    ((n, seconds),) = db.execute(
        "SELECT transactions, seconds FROM finance_detections WHERE detection_id = ?",
        [detection_id],
    ).fetchall()
    flags = db.sql(
        "SELECT tid, txn_id, round(score, 4) AS score, typology, alert_id "
        "FROM finance_detection_flags WHERE detection_id = $id ORDER BY alert_id, tid",
        params={"id": detection_id},
    ).to_arrow_table()
    alerts = db.sql(
        "SELECT alert_id, typology, round(score, 4) AS score, accounts, why, transactions "
        "FROM finance_detection_alerts WHERE detection_id = $id ORDER BY alert_id",
        params={"id": detection_id},
    ).to_arrow_table()
    timings = json.loads(seconds) if seconds else {}
    return Detection(
        flags,
        alerts,
        int(n),
        seconds=timings.get("wall", {}),
        cpu=timings.get("cpu", {}),
        cached=True,
    )


def alert_edges(
    db: duckdb.DuckDBPyConnection, detection_id: int, alert_id: str
) -> list[tuple[Any, ...]]:
    """An alert's payments as stored, with each as written: the rows `trail.graph_of` takes."""
    return db.execute(
        "SELECT f.tid, f.txn_id, coalesce(f.src, 'cash'), coalesce(f.dst, 'cash'), f.ts, f.eur, "
        "f.channel, f.src_country, f.dst_country, t.amount, t.currency, t.per_eur, t.reference, "
        f"t.rate_month FROM finance_detection_flags f {AS_WRITTEN} "
        "WHERE f.detection_id = ? AND f.alert_id = ? ORDER BY f.ts, f.txn_id",
        [detection_id, alert_id],
    ).fetchall()


def _store(workspace: Workspace, found: Detection, keys: list[str]) -> int:
    """Keep the detection (the frame `fx` it was computed on still open); older data versions go."""
    db = workspace.db
    with workspace.transaction():
        db.execute("DELETE FROM finance_detections WHERE data_version <> ?", [keys[0]])
        db.execute(
            "DELETE FROM finance_detections WHERE detection_id NOT IN (SELECT detection_id FROM "
            "finance_detections ORDER BY detection_id DESC LIMIT ?)",
            [KEEP - 1],
        )
        for table in TABLES[:2]:
            db.execute(
                f"DELETE FROM {table} WHERE detection_id NOT IN "
                "(SELECT detection_id FROM finance_detections)"
            )
        ((detection_id,),) = db.execute(
            "SELECT coalesce(max(detection_id), 0) + 1 FROM finance_detections"
        ).fetchall()
        timings = json.dumps({"wall": found.seconds, "cpu": found.cpu})
        db.execute(
            "INSERT INTO finance_detections VALUES (?, ?, ?, ?, ?, ?, ?)",
            [detection_id, *keys, dt.datetime.now(), found.transactions, timings],
        )
        _staged(db, found.flags, _STORE_FLAGS, detection_id)
        _staged(db, found.alerts, _STORE_ALERTS, detection_id)
    return int(detection_id)


def _staged(db: duckdb.DuckDBPyConnection, table: pa.Table, sql: str, detection_id: int) -> None:
    db.register("finance_detection_staged", table)
    try:
        db.execute(sql, [detection_id])
    finally:
        db.unregister("finance_detection_staged")


def _latest_model_id(workspace: Workspace) -> int | None:
    """The model `learned.apply_model` would use (the newest), None when none was trained."""
    found = workspace.scalar("SELECT max(model_id) FROM finance_models")
    return int(found) if found is not None else None


def _read_only(db: duckdb.DuckDBPyConnection) -> bool:
    ((mode,),) = db.execute("SELECT current_setting('access_mode')").fetchall()
    return str(mode).lower() == "read_only"
