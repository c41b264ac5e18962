"""Stored money detections (migration 018; kept and read by `analysis/finance/cache.py`) are of the
data they were computed on: a load of financial records empties them."""

from __future__ import annotations

import duckdb

TABLES = ("finance_detection_flags", "finance_detection_alerts", "finance_detections")


def forget(db: duckdb.DuckDBPyConnection) -> None:
    """Drop every stored detection."""
    for table in TABLES:
        db.execute(f"DELETE FROM {table}")
