"""The small-boat forecast's back-test: weekly totals of people from the UK daily series (loaded by the
product's own reader), forecast 1 to 4 weeks ahead from every week of the years tested (rolling origin:
each forecast sees only the weeks before its origin), against the seasonal naive baseline (each week
forecast as the same week 52 weeks earlier).

The model is chosen on earlier years (2021-2022 by default) among the candidates in
`crossroute.analysis.routes.forecast`, then reported on the later years with the baseline. Mean absolute
error over every (origin, horizon 1-4) pair; per year and per horizon too; the 80% interval's coverage.

    .tools/bin/uv run --frozen python benchmarks/routes.py [--data DIR] [--json]

With --json the last line is {"years": [...], "mae_forecast": X, "mae_seasonal_naive": Y, ...}.
Source of the data: UK Home Office figures compiled by thenationalnews-datavis/uk_small_boats @ c4421719
(MIT). Prints figures; asserts nothing."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from crossroute.analysis.routes.forecast import BASELINE, CANDIDATES, MODELS, backtest, choose
from crossroute.analysis.routes.public_data import load
from crossroute.analysis.routes.series import uk_daily, weekly
from crossroute.store import Workspace

DAILY = "uk_small_boats/long_uk_small_boats_daily.csv"


def _data_folder(given: Path | None) -> Path:
    if given is not None:
        return given
    here = Path(__file__).resolve().parent
    for folder in here.parents:
        if (folder / "shared" / "data" / DAILY).is_file():
            return folder / "shared" / "data"
    sys.exit("no shared/data folder with the UK small-boat files found: pass --data DIR")


def _years(text: str) -> list[int]:
    return [int(y) for y in text.split(",") if y.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder")
    parser.add_argument("--select", type=_years, default=[2021, 2022], help="selection years")
    parser.add_argument("--years", type=_years, default=[2023, 2024, 2025], help="years reported")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Workspace.create(Path(tmp) / "ws") as ws:
        load(ws, _data_folder(args.data) / DAILY)
        weeks = weekly(uk_daily(ws))["people"]
    print(f"{len(weeks)} full weeks, {weeks.index[0].date()} to {weeks.index[-1].date()}")

    started = time.perf_counter()
    print(f"\nSelection on {args.select} (mean absolute error, people per week, horizons 1-4):")
    selection = []
    for model in (BASELINE, *CANDIDATES):
        result = backtest(weeks, model, args.select)
        selection.append(result)
        print(f"  {model.name:16s} {result.mae:8.1f}   {model.summary}")
    chosen = choose(selection)
    print(f"  chosen: {chosen}")

    print(f"\nReported years {args.years}:")
    reported = {}
    for model in (BASELINE, *CANDIDATES):
        result = backtest(weeks, model, args.years)
        reported[model.name] = result
        by_year = "  ".join(f"{y}: {v:6.1f}" for y, v in result.mae_by("year").items())
        by_h = "  ".join(f"h{h}: {v:6.1f}" for h, v in result.mae_by("horizon").items())
        mark = " <- chosen" if model.name == chosen else ""
        print(f"  {model.name:16s} {result.mae:8.1f}   {by_year}   {by_h}{mark}")
    best, base = reported[chosen], reported[BASELINE.name]
    coverage = best.coverage
    if coverage is not None:
        print(f"  80% interval of {chosen}: {coverage:.1%} of actual weeks inside")
    print(
        f"  {chosen} vs seasonal naive: MAE {best.mae:.1f} vs {base.mae:.1f} "
        f"({1 - best.mae / base.mae:.1%} lower); forecasts: {len(best.rows)} "
        f"(origins x 4 horizons); {time.perf_counter() - started:.0f} s"
    )
    if args.json:
        print(
            json.dumps(
                {
                    "years": args.years,
                    "mae_forecast": round(best.mae, 1),
                    "mae_seasonal_naive": round(base.mae, 1),
                    "model": chosen,
                    "summary": MODELS[chosen].summary,
                    "selection_years": args.select,
                    "mae_by_year": {
                        "forecast": {str(k): round(v, 1) for k, v in best.mae_by("year").items()},
                        "seasonal_naive": {
                            str(k): round(v, 1) for k, v in base.mae_by("year").items()
                        },
                    },
                    "interval_80_coverage": None if coverage is None else round(coverage, 3),
                    "forecasts": len(best.rows),
                }
            )
        )


if __name__ == "__main__":
    main()
