"""Container risk targeting on the public customs declarations: train on 2020, validate on 2021 Q1.

    uv run python benchmarks/ports.py                  # precision / recall at 1, 2, 5, 10%
    uv run python benchmarks/ports.py --split inner --seeds 3   # Jan-Sep -> Oct-Dec 2020, 3 seeds
    uv run python benchmarks/ports.py --skip-quality --seeds 3  # 2021 Q1: mean / sd over 3 seeds
    (scale: benchmarks/ports_scale.py)

Prints, for Fraud and Critical Fraud (value 2), precision and recall at 1%, 2%, 5% and 10% of
declarations for crossroute's score (the contract's blend), its two model probabilities, a plain baseline
(logistic regression on one-hot codes) and a random pick. The scale run replicates the 2020 rows (new ids,
same days) to the size asked, trains through the contract's run and scores as many rows (the 2021 Q1
rows replicated), reporting wall time and peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder

from crossroute.analysis.ports import model as risk
from crossroute.analysis.ports.declarations import CATEGORIES, read_declarations
from crossroute.analysis.ports.runs import score_file, train_from_files
from crossroute.store import Workspace

DATA = Path(__file__).resolve().parents[2] / "shared/data/customs_declarations"  # ../shared
SHARES = (0.01, 0.02, 0.05, 0.10)


def at_share(score: np.ndarray, truth: np.ndarray, share: float) -> tuple[float, float]:
    """Precision and recall among the top `share` of rows by score (ties broken by file order)."""
    count = round(len(score) * share)
    top = np.argsort(-score, kind="stable")[:count]
    hits = truth[top].sum()
    return hits / count, hits / max(truth.sum(), 1)


def one_hot_baseline(train: pd.DataFrame, valid: pd.DataFrame, label: np.ndarray) -> np.ndarray:
    encoder = OneHotEncoder(handle_unknown="ignore", min_frequency=2)
    x_train = encoder.fit_transform(train[list(CATEGORIES)].astype(str))
    x_valid = encoder.transform(valid[list(CATEGORIES)].astype(str))
    fitted = LogisticRegression(C=0.5, max_iter=2000).fit(x_train, label)
    return np.asarray(fitted.predict_proba(x_valid)[:, 1])


def periods(data: Path, split: str) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(train, validate, title): 'outer' = 2020 -> 2021 Q1; 'inner' = Jan-Sep 2020 -> Oct-Dec 2020,
    the split methods are chosen on (2021 Q1 is only reported)."""
    train = read_declarations(data / "df_syn_train_eng.csv").rows
    if split == "outer":
        valid = read_declarations(data / "df_syn_valid_eng.csv").rows
        return train, valid, "train 2020, validate 2021 Q1"
    cut = pd.Timestamp("2020-10-01")
    early, late = train[train["date"] < cut], train[train["date"] >= cut]
    return (
        early.reset_index(drop=True),
        late.reset_index(drop=True),
        "train Jan-Sep 2020, validate Oct-Dec 2020",
    )


def seeds_summary(data: Path, split: str, seeds: int) -> None:
    """Fraud P@5% and Critical Fraud P@1% of the contract score, mean and sd over training seeds."""
    train, valid, title = periods(data, split)
    fraud = valid["fraud"].to_numpy(int)
    critical = (valid["critical_fraud"].to_numpy() == 2).astype(int)
    found = []
    for seed in range(1, seeds + 1):
        scored = risk.score(risk.train(train, seed=seed), train, valid)
        found.append(
            (at_share(scored.score, fraud, 0.05)[0], at_share(scored.score, critical, 0.01)[0])
        )
        print(
            f"  seed {seed}: Fraud P@5% {found[-1][0]:.3f}, Critical Fraud P@1% {found[-1][1]:.3f}"
        )
    values = np.array(found)
    print(f"{title}, {seeds} seeds: Fraud P@5% {values[:, 0].mean():.3f} (sd {values[:, 0].std():.3f}), "
          f"Critical Fraud P@1% {values[:, 1].mean():.3f} (sd {values[:, 1].std():.3f})\n")  # fmt: skip


def quality(data: Path, split: str) -> None:
    train, valid, title = periods(data, split)
    fraud = valid["fraud"].to_numpy(int)
    critical = (valid["critical_fraud"].to_numpy() == 2).astype(int)
    started = time.perf_counter()
    model = risk.train(train)
    trained = time.perf_counter() - started
    scored = risk.score(model, train, valid)
    took = time.perf_counter() - started
    print(f"{title}: {len(train):,} training rows, {len(valid):,} validation rows")
    print(f"base rates: Fraud {fraud.mean():.3f}, Critical Fraud {critical.mean():.4f}")
    print(f"crossroute train {trained:.1f} s, train + score {took:.1f} s\n")
    rng = np.random.default_rng(7)
    pickers = {
        "crossroute score": scored.score,
        "  fraud model": scored.fraud,
        "  critical model": scored.critical,
        "one-hot logistic (fraud)": one_hot_baseline(train, valid, train["fraud"].to_numpy(int)),
        "one-hot logistic (critical)": one_hot_baseline(
            train, valid, (train["critical_fraud"].to_numpy() == 2).astype(int)
        ),
        "random pick": rng.random(len(valid)),
    }
    for target, truth in (("Fraud", fraud), ("Critical Fraud", critical)):
        print(f"{target}: precision / recall at share of declarations inspected")
        print(f"{'':30}" + "".join(f"{f'{s:.0%}':>16}" for s in SHARES))
        for name, values in pickers.items():
            cells = [at_share(values, truth, share) for share in SHARES]
            print(f"{name:30}" + "".join(f"{p:>8.3f}/{r:<7.3f}" for p, r in cells))
        print()


def replicated(source: Path, rows: int, out: Path) -> None:
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    copies = -(-rows // len(frame))
    parts = []
    for copy in range(copies):
        part = frame.copy()
        part["Declaration ID"] = part["Declaration ID"] + f"-{copy}"
        parts.append(part)
    pd.concat(parts, ignore_index=True).iloc[:rows].to_csv(out, index=False)


def scale(data: Path, rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        replicated(data / "df_syn_train_eng.csv", rows, root / "train.csv")
        replicated(data / "df_syn_valid_eng.csv", rows, root / "score.csv")
        started = time.perf_counter()
        with Workspace.create(root / "ws") as ws:
            run = train_from_files(ws, [root / "train.csv"])
            trained = time.perf_counter() - started
            score_file(ws, root / "score.csv", root / "scores.csv")
        total = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss / 1024**2
    cpu = usage.ru_utime + usage.ru_stime
    print(f"scale: trained on {run.rows:,} rows in {trained:.0f} s; scored {rows:,} rows; "
          f"train + score {total:.0f} s wall, {cpu:.0f} s CPU (whole process); "
          f"peak memory {peak:.2f} GiB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--scale", type=int, default=0, help="Rows to train and score at scale.")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--split", choices=("outer", "inner"), default="outer",
                        help="outer: 2020 -> 2021 Q1; inner: Jan-Sep -> Oct-Dec 2020.")  # fmt: skip
    parser.add_argument("--seeds", type=int, default=0, help="Also: mean and sd over N seeds.")
    args = parser.parse_args()
    if not args.skip_quality:
        quality(args.data, args.split)
    if args.seeds:
        seeds_summary(args.data, args.split, args.seeds)
    if args.scale:
        scale(args.data, args.scale)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
