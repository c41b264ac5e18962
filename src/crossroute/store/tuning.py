"""DuckDB settings for big columnar work (loads and detection over millions of rows): bounded memory,
spilling to the workspace's temporary folder beyond it, and every core, unless the environment says
otherwise (`CROSSROUTE_DUCKDB_MEMORY`, `CROSSROUTE_DUCKDB_THREADS`)."""

from __future__ import annotations

import os

import duckdb

MEMORY_LIMIT = "5GB"


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
