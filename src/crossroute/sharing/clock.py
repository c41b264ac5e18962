"""One clock for the sharing layer: timezone-naive UTC, as DuckDB TIMESTAMP columns keep it."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
