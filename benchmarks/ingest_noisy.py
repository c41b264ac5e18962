"""Ingest CPU time with and without mistyped phone numbers: 100,000 canonical person rows, as written and
with about 1.5% of their phone numbers given two extra digits, loaded in this process (CPU seconds of the
process, all threads: a loaded machine inflates wall time far more). Shows what the value-issue path
costs: with the old loader those rows were quarantined, now they load with a value issue each.

    uv run python benchmarks/ingest_noisy.py [--rows 100000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from crossroute.ingest.loader import ingest_file
from crossroute.store import Workspace
from person_rows import write_rows


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def mistype(clean: Path, noisy: Path, share: float, seed: int = 1) -> int:
    """Copy `clean` with `share` of its phone numbers two digits too long; how many."""
    rng, bad = random.Random(seed), 0
    with clean.open(encoding="utf-8") as src, noisy.open("w", encoding="utf-8", newline="") as dst:
        reader, writer = csv.reader(src), csv.writer(dst)
        header = next(reader)
        writer.writerow(header)
        phone = header.index("phone")
        for row in reader:
            if row[phone] and rng.random() < share:
                row[phone] += "12"
                bad += 1
            writer.writerow(row)
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossroute-noisy-") as tmp:
        folder = Path(tmp)
        write_rows(folder / "clean.csv", args.rows)
        print(f"mistyped phones: {mistype(folder / 'clean.csv', folder / 'noisy.csv', 0.015):,}")
        for run in range(args.repeat):
            for name in ("clean", "noisy"):
                with Workspace.create(folder / f"ws-{name}-{run}") as ws:
                    cpu, wall = cpu_seconds(), time.perf_counter()
                    report = ingest_file(ws, folder / f"{name}.csv")
                    print(
                        f"{name}: {cpu_seconds() - cpu:.2f} s CPU, {time.perf_counter() - wall:.2f} s "
                        f"wall; loaded {report.loaded:,}, quarantined {report.quarantined:,}, value "
                        f"issues {getattr(report, 'value_issues', 'n/a')}"
                    )


if __name__ == "__main__":
    main()
