"""The Crossroute side of the resolution benchmark, through the public CLI only (one process per command).

init + ingest, then `crossroute resolve` (timed: wall seconds and the child's peak RSS from wait4) and
`crossroute export WS clusters --out FILE.csv` (record_id,source,entity_id per person record).

The stand-in (while `crossroute resolve` is being written) skips resolve and export and makes every
person record its own entity, read from the workspace's `persons` view.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from resolve_memory import timed

DB_FILE = "crossroute.duckdb"


@dataclass(frozen=True)
class CrossrouteRun:
    clusters: (
        pd.DataFrame
    )  # source, record_id, entity_id: one row per person record in the workspace
    seconds: float  # `crossroute resolve` wall time (0 for the stand-in)
    peak_mib: float  # its peak RSS
    ingest_seconds: float
    ingest_peak_mib: float
    export_seconds: float
    quarantined_rows: int  # all rows the ingest quarantined (any schema), from `crossroute status`


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "crossroute", *args]


def ingest(workspace: Path, inputs: list[Path], logs: Path) -> tuple[float, float]:
    """A new workspace holding `inputs`; wall seconds and peak MiB of the ingest."""
    subprocess.run(cli("init", str(workspace)), check=True, stdout=subprocess.DEVNULL)
    return timed(cli("ingest", str(workspace), *map(str, inputs)), logs / "ingest.log")


def quarantined_rows(workspace: Path) -> int:
    status = subprocess.run(
        cli("status", str(workspace), "--json"), check=True, capture_output=True, text=True
    )
    return int(json.loads(status.stdout)["quarantined"])


def resolve(workspace: Path, engine: str | None, logs: Path) -> tuple[float, float]:
    engine_flag = ["--engine", engine] if engine else []
    return timed(cli("resolve", str(workspace), *engine_flag), logs / "resolve.log")


def export_clusters(workspace: Path, out: Path, logs: Path) -> tuple[float, pd.DataFrame]:
    seconds, _ = timed(
        cli("export", str(workspace), "clusters", "--out", str(out)), logs / "export.log"
    )
    clusters = pd.read_csv(out, dtype=str, keep_default_na=False)
    missing = {"record_id", "source", "entity_id"} - set(clusters.columns)
    if missing:
        raise ValueError(f"{out}: export lacks columns {sorted(missing)}")
    return seconds, clusters[["source", "record_id", "entity_id"]]


def singleton_clusters(workspace: Path) -> pd.DataFrame:
    """Stand-in: every person record its own entity."""
    with duckdb.connect(str(workspace / DB_FILE), read_only=True) as connection:
        persons = connection.execute("SELECT source, record_id FROM persons").df()
    persons["entity_id"] = persons["source"] + ":" + persons["record_id"]
    return persons


def run_crossroute(
    workspace: Path, inputs: list[Path], *, engine: str | None = None, stand_in: bool = False
) -> CrossrouteRun:
    logs = workspace.parent / f"{workspace.name}-logs"
    logs.mkdir(parents=True, exist_ok=True)
    ingest_seconds, ingest_peak = ingest(workspace, inputs, logs)
    if stand_in:
        seconds = peak = export_seconds = 0.0
        clusters = singleton_clusters(workspace)
    else:
        seconds, peak = resolve(workspace, engine, logs)
        export_seconds, clusters = export_clusters(workspace, logs / "clusters.csv", logs)
    return CrossrouteRun(
        clusters=clusters,
        seconds=seconds,
        peak_mib=peak,
        ingest_seconds=ingest_seconds,
        ingest_peak_mib=ingest_peak,
        export_seconds=export_seconds,
        quarantined_rows=quarantined_rows(workspace),
    )
