"""Laundering detection through the contract, on simulated networks with ground truth.

    uv run python benchmarks/money.py quality [--seeds 11 12 13] [--size 500000]
    uv run python benchmarks/money.py learned [--train-seed 21 --test-seed 22]
    uv run python benchmarks/money.py speed [--size 10000000]

quality: for each seed, `crossroute money simulate`, `crossroute ingest WS accounts.csv transactions.csv
--agency`, a fresh analyst (`users init-admin` / `users add`), `crossroute money alerts` without labels,
then scores against truth.csv: transaction-level precision, recall, F1; schemes caught (half or more of a
scheme's transactions flagged); precision on look-alikes (of the flagged transactions that are laundering
or look-alike, the share that is laundering) and look-alike transactions flagged; per typology.
learned: trains on one network's labels, tests on another; F1 of the unsupervised run vs the model.
speed: loads and scores a big network, with peak memory; and a plain pandas version of two detectors
on the same transactions for comparison.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import duckdb

AGENCY = "FR-OCRIEST"
PASSWORD = "benchmark-password-1"


def crossroute(*args: str | Path, stdin: str | None = None) -> float:
    """Run the real command; returns seconds."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "crossroute", *map(str, args)],
        check=True,
        input=stdin,
        text=True,
        capture_output=True,
        env={**os.environ, "CROSSROUTE_PASSWORD": PASSWORD, "COLUMNS": "200"},
    )
    return time.perf_counter() - started


def network(folder: Path, seed: int, size: int, rate: float) -> Path:
    """Simulate, ingest and add an analyst of the loading agency; returns the workspace."""
    data, ws = folder / f"net{seed}", folder / f"ws{seed}"
    crossroute("money", "simulate", data, "--seed", seed, "--size", size, "--laundering-rate", rate)
    crossroute("init", ws)
    crossroute("ingest", ws, data / "accounts.csv", data / "transactions.csv", "--agency", AGENCY)
    crossroute(
        "users",
        "init-admin",
        ws,
        "admin",
        "--agency",
        AGENCY,
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    crossroute(
        "users", "add", ws, "analyst", "--agency", AGENCY, "--role", "analyst", "--as", "admin"
    )
    return ws


def run_alerts(ws: Path, out: Path, *extra: str) -> float:
    return crossroute(
        "money", "alerts", ws, "--user", "analyst", "--purpose", "BENCH-1: detection benchmark",
        "--out", out, *extra,
    )  # fmt: skip


def score(truth: Path, alerts: Path) -> dict[str, object]:
    db = duckdb.connect()
    db.execute("CREATE TABLE truth AS SELECT * FROM read_csv(?, all_varchar = true)", [str(truth)])
    db.execute("CREATE TABLE flags AS SELECT * FROM read_csv(?, all_varchar = true)", [str(alerts)])
    tp, fp, fn, lookalike_flagged, lookalikes = db.execute(
        "SELECT count(*) FILTER (WHERE f.txn_id IS NOT NULL AND t.is_laundering = '1'), "
        "count(*) FILTER (WHERE f.txn_id IS NOT NULL AND t.is_laundering = '0'), "
        "count(*) FILTER (WHERE f.txn_id IS NULL AND t.is_laundering = '1'), "
        "count(*) FILTER (WHERE f.txn_id IS NOT NULL AND t.typology LIKE 'lookalike%'), "
        "count(*) FILTER (WHERE t.typology LIKE 'lookalike%') "
        "FROM truth t LEFT JOIN flags f USING (txn_id)"
    ).fetchone()  # type: ignore[misc]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    schemes = db.execute(
        "SELECT count(*), count(*) FILTER (WHERE caught) FROM (SELECT scheme_id, "
        "avg(CASE WHEN f.txn_id IS NULL THEN 0 ELSE 1 END) >= 0.5 AS caught "
        "FROM truth t LEFT JOIN flags f USING (txn_id) WHERE is_laundering = '1' GROUP BY 1)"
    ).fetchone()
    per_typology = db.execute(
        "SELECT t.typology, count(*), count(f.txn_id) FROM truth t LEFT JOIN flags f USING (txn_id) "
        "WHERE t.is_laundering = '1' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    on_lookalikes = tp / (tp + lookalike_flagged) if tp + lookalike_flagged else 0.0
    return {
        "f1": f1, "precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn,
        "schemes": schemes, "lookalike_precision": on_lookalikes,
        "lookalikes_flagged": lookalike_flagged, "lookalikes": lookalikes, "per_typology": per_typology,
    }  # fmt: skip


def show(name: str, s: dict[str, object]) -> None:
    total, caught = s["schemes"]  # type: ignore[misc]
    print(
        f"{name}: F1 {s['f1']:.4f}  precision {s['precision']:.4f}  recall {s['recall']:.4f}  "
        f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']})  schemes caught {caught}/{total} "
        f"({caught / max(1, total):.1%})  precision on look-alikes {s['lookalike_precision']:.4f} "
        f"({s['lookalikes_flagged']} of {s['lookalikes']:,} look-alike transactions flagged)"
    )
    for typology, n, flagged in s["per_typology"]:  # type: ignore[attr-defined]
        print(f"    {typology:<16} recall {flagged / n:.3f} ({flagged}/{n})")


def quality(args: argparse.Namespace) -> None:
    totals: dict[str, float] = defaultdict(float)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for seed in args.seeds:
            ws = network(folder, seed, args.size, args.rate)
            seconds = run_alerts(ws, folder / f"alerts{seed}.csv")
            s = score(folder / f"net{seed}" / "truth.csv", folder / f"alerts{seed}.csv")
            show(f"seed {seed} (alerts {seconds:.1f} s)", s)
            totals["f1"] += float(s["f1"])  # type: ignore[arg-type]
    print(f"mean F1 over {len(args.seeds)} networks: {totals['f1'] / len(args.seeds):.4f}")


def learned(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        train_ws = network(folder, args.train_seed, args.size, args.rate)
        test_ws = network(folder, args.test_seed, args.size, args.rate)
        truth = folder / f"net{args.test_seed}" / "truth.csv"
        run_alerts(test_ws, folder / "plain.csv")
        show("unsupervised (detectors)", score(truth, folder / "plain.csv"))
        labels = folder / f"net{args.train_seed}" / "truth.csv"
        seconds = crossroute("money", "train", test_ws, "--labels", labels, "--from", train_ws)
        print(f"trained on seed {args.train_seed}'s labels in {seconds:.0f} s")
        model = folder / "model.csv"
        run_alerts(test_ws, model)
        show("with the model trained on another network", score(truth, model))


def speed(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        folder = Path(tmp)
        data, ws = folder / "net", folder / "ws"
        made = crossroute("money", "simulate", data, "--seed", "5", "--size", args.size)
        print(f"simulated {args.size:,} transactions in {made:.0f} s")
        crossroute("init", ws)
        load = crossroute(
            "ingest", ws, data / "accounts.csv", data / "transactions.csv", "--agency", AGENCY
        )
        crossroute(
            "users",
            "init-admin",
            ws,
            "admin",
            "--agency",
            AGENCY,
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
        crossroute(
            "users", "add", ws, "analyst", "--agency", AGENCY, "--role", "analyst", "--as", "admin"
        )
        detect = run_alerts(ws, folder / "alerts.csv")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024
        print(
            f"load {load:.0f} s, alerts (all detectors, through the gate) {detect:.0f} s, "
            f"total {load + detect:.0f} s; peak memory of a child process {peak:.2f} GiB"
        )
        pandas_structuring(data / "transactions.csv")


def pandas_structuring(path: Path) -> None:
    """The structuring detector's account profile and the pass-through pairs in plain pandas."""
    import pandas as pd

    started = time.perf_counter()
    frame = pd.read_csv(path, dtype={"from_account": "string", "to_account": "string"})
    frame["t"] = pd.to_datetime(frame["timestamp"]).astype("int64") // 10**9
    read = time.perf_counter() - started
    started = time.perf_counter()
    cash = frame[frame["from_account"].isna()]
    near = cash[(cash["amount"] >= 8000) & (cash["amount"] < 10000)]
    profile = pd.DataFrame(
        {
            "n_cash": cash.groupby("to_account").size(),
            "n_near": near.groupby("to_account").size(),
            "n_over": cash[cash["amount"] >= 10000].groupby("to_account").size(),
        }
    ).fillna(0)
    structurers = profile[(profile.n_near >= 3) & (profile.n_near >= 0.5 * profile.n_cash)]
    profiled = time.perf_counter() - started
    started = time.perf_counter()
    big = frame[frame["amount"] >= 1000][["txn_id", "to_account", "t", "amount"]]
    out = frame[["txn_id", "from_account", "t", "amount"]]
    pairs = big.merge(out, left_on="to_account", right_on="from_account", suffixes=("_in", "_out"))
    pairs = pairs[
        (pairs.t_out > pairs.t_in)
        & (pairs.t_out <= pairs.t_in + 7 * 86400)
        & (pairs.amount_out >= 0.8 * pairs.amount_in)
        & (pairs.amount_out <= pairs.amount_in)
    ]
    paired = time.perf_counter() - started
    print(
        f"pandas: read {read:.0f} s; structuring profile {profiled:.1f} s ({len(structurers)} accounts); "
        f"pass-through pairs {paired:.1f} s ({len(pairs):,} pairs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    q = sub.add_parser("quality")
    q.add_argument("--seeds", type=int, nargs="+", default=[11, 12, 13])
    for p in (q, sub.add_parser("learned"), sub.add_parser("speed")):
        p.add_argument("--size", type=int, default=500_000)
        p.add_argument("--rate", type=float, default=0.003)
    learned_parser = sub.choices["learned"]
    learned_parser.add_argument("--train-seed", type=int, default=21)
    learned_parser.add_argument("--test-seed", type=int, default=22)
    sub.choices["speed"].add_argument("--tmp", default=None)
    args = parser.parse_args()
    {"quality": quality, "learned": learned, "speed": speed}[args.command](args)


if __name__ == "__main__":
    main()
