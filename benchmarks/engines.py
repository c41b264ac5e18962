"""The DuckDB and Spark engines on the same workspace: wall time and how far their entities agree.

    uv run python benchmarks/engines.py [--scale medium] [--seed 7] [--master local[2]]

Simulates a scenario, ingests it, copies the workspace and resolves one copy with each engine (each
trains its own model on the same data), then compares the clusters: share of records whose cluster
has the same members, pairwise F1 of one against the other, adjusted Rand index. Each engine's
pairwise F1 against the simulator's ground truth is printed too.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from ablation import prepare
from crossroute.model.record_key import RecordKey
from crossroute.resolve.agreement import agreement
from crossroute.resolve.engines import DUCKDB, Engine
from crossroute.resolve.runner import resolve
from crossroute.resolve.spark.engine import SparkEngine
from crossroute.store import Workspace


def run(ws: Path, engine: Engine) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    with Workspace.open(ws) as workspace:
        resolve(workspace, engine=engine)
        rows = workspace.rows(f"SELECT {RecordKey.SQL}, entity_id FROM clusters")
    return dict(rows), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--master", default="local[*]", help="Spark master (local[N]).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossroute-engines-") as tmp:
        ws, truth = prepare(Path(tmp), args.scale, args.seed)
        copy = Path(tmp) / "ws-spark"
        shutil.copytree(ws, copy)
        on_duckdb, duckdb_seconds = run(ws, DUCKDB)
        on_spark, spark_seconds = run(copy, SparkEngine(master=args.master))
    found = agreement(on_duckdb, on_spark)
    print(f"{found.records:,} person records ({args.scale}, seed {args.seed})")
    print(
        f"duckdb: {duckdb_seconds:.0f} s, F1 vs truth {agreement(truth, on_duckdb).pairwise_f1:.4f}"
    )
    print(
        f"spark:  {spark_seconds:.0f} s, F1 vs truth {agreement(truth, on_spark).pairwise_f1:.4f}"
    )
    print(
        f"agreement: same cluster {found.same_cluster:.4f}, pairwise F1 {found.pairwise_f1:.4f}, "
        f"adjusted Rand {found.adjusted_rand:.4f}"
    )


if __name__ == "__main__":
    main()
