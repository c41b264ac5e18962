"""Entity-resolution benchmark: Crossroute's `crossroute resolve` side by side with a plain Splink model.

    uv run python benchmarks/resolve.py [--datasets sim febrl4 febrl3 scale] [--json] [--keep DIR]

For each dataset: write it, `crossroute init` + `crossroute ingest`, `crossroute resolve` (its own process:
wall time and peak RSS from wait4), `crossroute export WS clusters`; then, in this process, a textbook
Splink 5 model on the same person records read from the workspace, clustered at thresholds 0.5 ... 0.99
(reported at its best pairwise F1). Scores: pairwise and B-cubed precision, recall, F1 against the truth,
keyed by (source, record_id); records the ingest quarantined are singletons on both sides and counted.

Datasets: sim (`crossroute simulate --seed 1 --scale medium`, ~30k persons, 6 agencies), febrl4 (link two
files of 5,000), febrl3 (dedupe 5,000), scale (`--scale large`, >= 1M persons; off by default).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).parent))
from rich.console import Console
from rich.table import Table

from resolve_crossroute import DB_FILE, CrossrouteRun, run_crossroute
from resolve_data import DATASETS, Dataset, prepare
from resolve_memory import InProcessPeak
from resolve_metrics import Scores, align, score
from resolve_splink import THRESHOLDS, SplinkRun, run_splink

DEFAULT_DATASETS = ["sim", "febrl4", "febrl3"]
SCALE_TARGET_SECONDS = 15 * 60
SCALE_TARGET_MIB = 16 * 1024
QUALITY = [
    "pairwise_precision",
    "pairwise_recall",
    "pairwise_f1",
    "bcubed_precision",
    "bcubed_recall",
    "bcubed_f1",
]
NO_RATIO = {"entities", "quarantined"}  # the same on both sides by construction
Figures = dict[str, object]


def crossroute_figures(dataset: Dataset, run: CrossrouteRun) -> Figures:
    aligned = align(dataset.truth, run.clusters)
    if aligned.unknown:
        print(f"warning: {aligned.unknown} exported records are not in the truth (left out)")
    return {
        **score(aligned.truth, aligned.predicted).as_dict(),
        "quarantined": aligned.quarantined,
        "seconds": round(run.seconds, 2),
        "peak_mib": round(run.peak_mib, 1),
    }


def splink_figures(dataset: Dataset, run: SplinkRun, measured: InProcessPeak) -> Figures:
    """Scores at the threshold with the best pairwise F1; time = read + train + predict + that clustering."""
    if run.skipped:
        return {"skipped": run.skipped}
    scored: dict[float, tuple[Scores, int]] = {}
    for threshold, clusters in run.clusters.items():
        aligned = align(dataset.truth, clusters)
        scored[threshold] = (score(aligned.truth, aligned.predicted), aligned.quarantined)
    best = max(scored, key=lambda t: scored[t][0].pairwise_f1)
    best_scores, quarantined = scored[best]
    return {
        **best_scores.as_dict(),
        "quarantined": quarantined,
        "seconds": round(run.fit_seconds + run.cluster_seconds[best], 2),
        "peak_mib": round(measured.peak_mib, 1),
        "process_peak_mib": round(measured.process_peak_mib, 1),
        "threshold": best,
        "f1_by_threshold": {str(t): round(s.pairwise_f1, 4) for t, (s, _) in scored.items()},
    }


def ratio_cell(ours: object, theirs: object) -> str:
    if not isinstance(ours, int | float) or not isinstance(theirs, int | float):
        return ""
    if ours == 0 or theirs == 0:  # a stand-in's zero time, or a zero score: no ratio to speak of
        return ""
    return f"{ours / theirs:.2f}x"


def value_cell(key: str, value: object) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.4f}" if key in QUALITY else f"{value:,.1f}"
    return "" if value is None else str(value)


def table(name: str, ours: Figures, theirs: Figures) -> Table:
    splink_title = (
        f"plain Splink (t={theirs['threshold']})" if "threshold" in theirs else "plain Splink"
    )
    result = Table(title=f"{name}", title_justify="left")
    result.add_column("")
    for column in ("Crossroute", splink_title, "Crossroute / Splink"):
        result.add_column(column, justify="right")
    rows = [*QUALITY, "clusters", "entities", "quarantined", "seconds", "peak_mib"]
    for key in rows:
        label = key.replace("_", " ").replace("peak mib", "peak MiB")
        ours_value, theirs_value = ours.get(key), theirs.get(key)
        result.add_row(
            label,
            value_cell(key, ours_value),
            value_cell(key, theirs_value),
            "" if key in NO_RATIO else ratio_cell(ours_value, theirs_value),
        )
    return result


def notes(
    dataset: Dataset, crossroute: CrossrouteRun, theirs: Figures, stand_in: bool
) -> list[str]:
    lines = [
        f"{len(dataset.truth):,} person records in the truth; ingest {crossroute.ingest_seconds:.1f} s, "
        f"peak {crossroute.ingest_peak_mib:,.0f} MiB, {crossroute.quarantined_rows:,} rows quarantined "
        f"(any schema); export {crossroute.export_seconds:.1f} s.",
        "Crossroute: `crossroute resolve` wall time and the child's peak RSS (wait4)."
        if not stand_in
        else "Crossroute: STAND-IN (every record its own entity), `crossroute resolve` not run.",
    ]
    if "skipped" in theirs:
        lines.append(f"plain Splink skipped: {theirs['skipped']}.")
    else:
        by_threshold = cast(dict[str, float], theirs["f1_by_threshold"])
        sweep = ", ".join(f"{t}: {f1}" for t, f1 in by_threshold.items())
        lines.append(
            f"plain Splink ({dataset.link_type}): pairwise F1 by threshold {sweep}. Time = read + train "
            "+ predict + clustering at the best threshold; peak MiB = this process's RSS growth "
            "(sampled /proc/self/statm and ru_maxrss) over its RSS at the start "
            f"(whole process peak {theirs['process_peak_mib']:,.0f} MiB, with Python, pandas, "
            "DuckDB and Splink loaded)."
        )
    if dataset.name == "scale" and not stand_in:
        met = crossroute.seconds < SCALE_TARGET_SECONDS and crossroute.peak_mib < SCALE_TARGET_MIB
        lines.append(
            f"scale target (< 15 min, < 16 GiB): {'met' if met else 'NOT met'} "
            f"({crossroute.seconds / 60:.1f} min, {crossroute.peak_mib / 1024:.1f} GiB)."
        )
    return lines


def bench(
    name: str, folder: Path, args: argparse.Namespace, console: Console
) -> dict[str, Figures]:
    console.print(f"[bold]{name}[/]: preparing data ...")
    dataset = prepare(name, folder)
    workspace = folder / f"ws-{name}"
    console.print(f"[bold]{name}[/]: crossroute init, ingest, resolve, export ...")
    crossroute = run_crossroute(
        workspace, dataset.inputs, engine=args.engine, stand_in=args.stand_in
    )
    ours = crossroute_figures(dataset, crossroute)
    console.print(f"[bold]{name}[/]: plain Splink ...")
    import splink  # noqa: F401  (imported before measuring, like every dataset after the first)

    with InProcessPeak() as measured:
        splink_run = run_splink(
            workspace / DB_FILE,
            dataset.link_type,
            thresholds=args.thresholds,
            max_comparisons=args.splink_max_pairs,
        )
    theirs = splink_figures(dataset, splink_run, measured)
    console.print(table(name, ours, theirs))
    for line in notes(dataset, crossroute, theirs, args.stand_in):
        console.print(f"  {line}", highlight=False, soft_wrap=True)
    console.print()
    return {"crossroute": ours, "splink": theirs}


@contextmanager
def work_folder(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="crossroute-resolve-") as tmp:
        yield Path(tmp)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=DEFAULT_DATASETS)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    parser.add_argument("--engine", choices=["duckdb", "spark"], help="crossroute resolve --engine")
    parser.add_argument(
        "--thresholds", type=float, nargs="+", default=list(THRESHOLDS), help="Splink's sweep"
    )
    parser.add_argument(
        "--splink-max-pairs",
        type=float,
        default=5e8,
        help="skip plain Splink when its blocking rules could score more pairs than this",
    )
    parser.add_argument("--stand-in", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    console = Console(stderr=False)
    results: dict[str, dict[str, Figures]] = {}
    with work_folder(args.keep) as folder:
        for name in args.datasets:
            try:
                results[name] = bench(name, folder, args, console)
            except subprocess.CalledProcessError as error:
                sys.exit(
                    f"{name}: {' '.join(error.cmd)} failed ({error.returncode}):\n{error.output}"
                )
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
