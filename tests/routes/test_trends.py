"""Trends, charts, prevention and the public picture on the real public datasets: every figure in a
sentence is one computed from the files; charts are drawn offline."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, timedelta
from pathlib import Path

from crossroute.analysis.routes import charts
from crossroute.analysis.routes.prevention import priorities
from crossroute.analysis.routes.summary import public_picture
from crossroute.analysis.routes.trends import all_findings, arrivals, deaths, shifts
from crossroute.store import Workspace
from tests.conftest import run_cli
from tests.routes.conftest import DATA, needs_public_data

pytestmark = needs_public_data


def _daily() -> dict[date, int]:
    with (DATA / "uk_small_boats/long_uk_small_boats_daily.csv").open(encoding="utf-8") as f:
        return {
            date.fromisoformat(r["full_date"]): int(r["migrants_arrived"] or 0)
            for r in csv.DictReader(f)
        }


def test_the_arrivals_sentence_states_the_files_figures(public_ws: Workspace) -> None:
    found = arrivals(public_ws)
    daily = _daily()
    end = found.frames["weekly"].index[-1].date()
    last_year = sum(v for d, v in daily.items() if end - timedelta(days=52 * 7) < d <= end)
    assert found.figures["last_52_weeks"] == last_year
    assert f"{last_year:,}" in found.sentence
    assert end.strftime("%B %Y") in found.sentence
    spikes = found.frames["spikes"]["people"]
    assert (spikes >= 100).all() and len(spikes) > 50  # calm-weather surge days across the years
    biggest = max(
        v
        for d, v in daily.items()
        if d in {s.date() for s in spikes.index} and end - timedelta(days=364) <= d <= end
    )
    assert f"{biggest:,}" in found.sentence


def test_shifts_and_deaths_are_computed(public_ws: Workspace) -> None:
    moved = shifts(public_ws)
    table = moved.frames["shifts"]
    assert not table.empty and (table["now_up"] > table["then_up"]).all()
    assert (table["now_down"] < table["then_down"]).all()
    assert table.iloc[0]["nationality"] in moved.sentence
    died = deaths(public_ws)
    year = died.figures["year"]
    with (DATA / "frontex_iom/iom_mmp.csv").open(encoding="utf-8") as f:
        total = sum(
            float(r["dead"] or 0) for r in csv.DictReader(f) if r["t"].startswith(str(year))
        )
    assert f"{total:,.0f}" in died.sentence


def test_prevention_ranks_growth_with_evidence(public_ws: Workspace) -> None:
    ranked = priorities(public_ws)
    assert [p.rank for p in ranked] == list(range(1, len(ranked) + 1)) and len(ranked) >= 5
    growth = [p.now - p.then for p in ranked]
    assert growth == sorted(growth, reverse=True) and all(p.now >= 1.25 * p.then for p in ranked)
    assert all(p.nat not in ("OOO", "UNK") for p in ranked)
    assert re.search(r"Frontex: [\d,]+ -> [\d,]+ detections", ranked[0].evidence)


def test_the_public_picture_and_its_charts(public_ws: Workspace, tmp_path: Path) -> None:
    picture = public_picture(public_ws)
    names = {f.name for f in picture.findings}
    assert names == {"arrivals", "boats", "detections", "shifts", "deaths"}
    assert all(s.startswith("<svg") for s in picture.svgs.values())
    assert len(picture.forecasts) == 2 and len(picture.sources) == 5
    written = charts.write(all_findings(public_ws), tmp_path / "charts")
    assert all(p.read_bytes()[:4] == b"\x89PNG" for p in written)
    assert (tmp_path / "charts" / "arrivals.txt").read_text("utf-8").startswith("In the 52 weeks")


def test_the_trends_command_with_part_of_the_data(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    run_cli("init", ws)
    run_cli("routes", "load", ws, DATA / "frontex_iom")
    done = run_cli("routes", "trends", ws, "--out", tmp_path / "out", "--json")
    found = json.loads(done.stdout)
    assert [f["name"] for f in found["findings"]] == ["detections", "shifts", "deaths"]
    assert len(found["prevention"]) >= 5 and len(found["charts"]) == 3
