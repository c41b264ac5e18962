"""Ingest benchmark: rows/s and peak memory of `crossroute ingest` on the canonical person CSV at 100k and
1M rows, side by side with FollowTheMoney's `ftm map` on the same rows (the tool Aleph users ingest with).

    uv run python benchmarks/ingest.py [--sizes 100000 1000000] [--repeat 3] [--ftm-rows N]

ftm map gets all rows of the largest size by default (the same rows; about 2 minutes), once.
Each tool runs as its own process; peak memory is the child's maximum resident set size. Crossroute
runs `--repeat` times per size, each into a fresh workspace (a run takes seconds, so the machine's
noise is a larger share of it): every run is printed, and the median is the figure and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from person_rows import write_rows

FTM_MAPPING = """
bench:
  queries:
    - csv_url: file://{path}
      entities:
        person:
          schema: Person
          keys: [record_id, source]
          properties:
            name: {{column: full_name}}
            firstName: {{column: given_name}}
            lastName: {{column: family_name}}
            birthDate: {{column: date_of_birth}}
            gender: {{column: sex}}
            nationality: {{column: nationality}}
            birthPlace: {{column: place_of_birth}}
            idNumber: {{column: document_number}}
            phone: {{column: phone}}
            email: {{column: email}}
            address: {{column: address}}
            country: {{column: country}}
"""


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process (its own rusage, from wait4)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, command)
    return elapsed, usage.ru_maxrss / 1024


def run_crossroute(folder: Path, data: Path) -> tuple[float, float, dict[str, object]]:
    ws = folder / f"ws-{data.stem}"
    shutil.rmtree(ws, ignore_errors=True)  # a fresh workspace for every run
    subprocess.run(
        [sys.executable, "-m", "crossroute", "init", str(ws)], check=True, stdout=subprocess.DEVNULL
    )
    elapsed, peak = timed([sys.executable, "-m", "crossroute", "ingest", str(ws), str(data)])
    status = subprocess.run(
        [sys.executable, "-m", "crossroute", "status", str(ws), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return elapsed, peak, json.loads(status.stdout)


def run_ftm(folder: Path, data: Path, rows: int) -> tuple[float, float]:
    subset = folder / f"ftm-{rows}.csv"
    with data.open(encoding="utf-8") as source, subset.open("w", encoding="utf-8") as out:
        out.writelines(islice(source, rows + 1))
    mapping = folder / "ftm.yml"
    mapping.write_text(FTM_MAPPING.format(path=subset), encoding="utf-8")
    ftm = Path(sys.executable).parent / "ftm"
    return timed([str(ftm), "map", str(mapping), "-o", str(folder / "ftm-out.json")])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--repeat", type=int, default=3, help="crossroute runs per size (the median is reported)"
    )
    parser.add_argument(
        "--ftm-rows",
        type=int,
        default=None,
        help="rows given to ftm map (default: all rows of the largest size, the same rows; it is slow)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossroute-bench-") as tmp:
        folder = Path(tmp)
        results = []
        for size in args.sizes:
            data = folder / f"persons-{size}.csv"
            write_rows(data, size)
            runs = [run_crossroute(folder, data) for _ in range(args.repeat)]
            elapsed = statistics.median(run[0] for run in runs)
            peak = max(run[1] for run in runs)
            status = runs[-1][2]
            loaded = int(status["records"])  # type: ignore[call-overload]
            quarantined = int(status["quarantined"])  # type: ignore[call-overload]
            results.append((size, elapsed, peak, loaded, quarantined))
            each = ", ".join(f"{run[0]:.2f}" for run in runs)
            print(
                f"crossroute ingest {size:>9,} rows: {elapsed:6.2f} s  {size / elapsed:>9,.0f} rows/s  "
                f"peak {peak:,.0f} MiB  loaded {loaded:,} quarantined {quarantined:,}  "
                f"(median of {len(runs)}: {each} s)",
                flush=True,
            )
        ftm_rows = min(args.ftm_rows or max(args.sizes), max(args.sizes))
        ftm_elapsed, ftm_peak = run_ftm(folder, folder / f"persons-{max(args.sizes)}.csv", ftm_rows)
        ftm_rate = ftm_rows / ftm_elapsed
        print(
            f"ftm map           {ftm_rows:>9,} rows: {ftm_elapsed:6.2f} s  {ftm_rate:>9,.0f} rows/s  "
            f"peak {ftm_peak:,.0f} MiB"
        )
        for size, elapsed, _, _, _ in results:
            print(
                f"ratio at {size:,} rows: crossroute is {size / elapsed / ftm_rate:,.1f}x ftm map's rows/s"
            )


if __name__ == "__main__":
    main()
