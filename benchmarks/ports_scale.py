"""Scale of the risk model: `crossroute ports train` and `ports score` on ~1 million declarations.

    uv run python benchmarks/ports_scale.py --rows 1000000            # train 1M, score 1M
    uv run python benchmarks/ports_scale.py --rows 100000 --score-rows 100000

Makes the files by resampling the shared customs declarations and perturbing them (new ids; dates
spread over the year the sample came from; prices and masses jittered a little; a share of parties
renamed so new traders appear), written with pyarrow. Then runs the two contract commands as separate
processes, through the real CLI, and prints for each its wall time, CPU seconds (user + sys, children)
and peak RSS, with the load average at the time (the machine may be shared: CPU seconds are the figure
that does not depend on the others' work), then the precision of the scores against the scored rows'
labels (kept in the file; `ports score` ignores them).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

DATA = Path(__file__).resolve().parents[2] / "shared/data/customs_declarations"  # ../shared
PARTIES = ("Declarant ID", "Importer ID", "Seller ID")


def perturbed(source: pd.DataFrame, rows: int, seed: int, prefix: str) -> pd.DataFrame:
    """`rows` rows resampled from `source` with noise, labels kept (they are the sampled rows')."""
    rng = np.random.default_rng(seed)
    frame = source.iloc[rng.integers(0, len(source), rows)].reset_index(drop=True)
    frame["Declaration ID"] = [f"{prefix}{i:08d}" for i in range(rows)]
    dates = pd.to_datetime(frame["Date"])
    first, last = dates.min(), dates.max()
    shift = pd.to_timedelta(rng.integers(-10, 11, rows), unit="D")
    frame["Date"] = (dates + shift).clip(first, last).dt.strftime("%Y-%m-%d")
    for column in ("Item Price", "Net Mass"):
        values = pd.to_numeric(frame[column])
        jitter = np.where(rng.random(rows) < 0.5, 1.0, rng.lognormal(0.0, 0.05, rows))
        frame[column] = (values * jitter).round(1)
    for column in PARTIES:
        renamed = (rng.random(rows) < 0.2) & (frame[column] != "")  # an empty party stays empty
        suffix = pd.Series(rng.integers(0, 50, rows).astype(str), index=frame.index)
        frame[column] = frame[column].where(~renamed, frame[column] + "-" + suffix)
    return frame.sort_values("Date", kind="stable").reset_index(drop=True)


def write(frame: pd.DataFrame, path: Path) -> None:
    pacsv.write_csv(pa.Table.from_pandas(frame, preserve_index=False), path)


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (GiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--rows", type=int, default=1_000_000, help="Labelled rows to train on.")
    parser.add_argument("--score-rows", type=int, default=0, help="Rows to score (default --rows).")
    args = parser.parse_args()
    score_rows = args.score_rows or args.rows
    train = pd.read_csv(args.data / "df_syn_train_eng.csv", dtype=str, keep_default_na=False)
    later = pd.read_csv(args.data / "df_syn_valid_eng.csv", dtype=str, keep_default_na=False)
    cli = [sys.executable, "-m", "crossroute"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        write(perturbed(train, args.rows, 1, "T"), root / "train.csv")
        scoring = perturbed(later, score_rows, 2, "S")  # labels kept: `ports score` ignores them
        write(scoring, root / "score.csv")
        print(f"made {args.rows:,} training and {score_rows:,} scoring rows in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        ws = str(root / "ws")
        runs = {
            "train": [*cli, "ports", "train", ws, "--declarations", str(root / "train.csv")],
            "score": [*cli, "ports", "score", ws, str(root / "score.csv"), "--out",
                      str(root / "scores.csv")],
        }  # fmt: skip
        total_wall = total_cpu = peak = 0.0
        for name, command in runs.items():
            load = os.getloadavg()[0]
            wall, cpu, rss = timed(command)
            total_wall, total_cpu, peak = total_wall + wall, total_cpu + cpu, max(peak, rss)
            print(f"ports {name}: {wall:.0f} s wall, {cpu:.0f} s CPU (user+sys), "
                  f"peak RSS {rss:.2f} GiB (children so far), load average {load:.1f}")  # fmt: skip
        scores = pd.read_csv(root / "scores.csv", usecols=["declaration_id", "score"])
        assert len(scores) == score_rows, "every row scored"
    print(f"train + score: {total_wall:.0f} s wall, {total_cpu:.0f} s CPU, peak RSS {peak:.2f} GiB")
    truth = scoring.set_index("Declaration ID").loc[scores["declaration_id"]]
    ranked = np.argsort(-scores["score"].to_numpy(), kind="stable")
    fraud = truth["Fraud"].astype(int).to_numpy()[ranked]
    critical = (truth["Critical Fraud"].astype(int).to_numpy() == 2)[ranked]
    print(f"at scale (resampled 2021 rows; not the held-out measure): Fraud P@5% "
          f"{fraud[: len(fraud) // 20].mean():.3f}, Critical P@1% "
          f"{critical[: len(critical) // 100].mean():.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
