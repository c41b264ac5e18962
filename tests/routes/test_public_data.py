"""The public datasets load unmodified: every row of every file, counts matching the files, provenance
kept; a bad cell is quarantined with its row and field; an unknown layout is refused by name."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from crossroute.analysis.routes.public_data import LAYOUTS, PublicDataError, load
from crossroute.store import Workspace
from tests.conftest import run_cli
from tests.routes.conftest import DATA, needs_public_data


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


@needs_public_data
@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.dataset)
def test_counts_match_the_files(public_ws: Workspace, layout: object) -> None:
    from crossroute.analysis.routes.public_data import Layout

    assert isinstance(layout, Layout)
    path = DATA / layout.file_name
    rows = _rows(path)
    table = layout.table
    assert public_ws.scalar(f'SELECT count(*) FROM "{table}"') == len(rows)
    source = public_ws.rows(
        "SELECT rows, rejected, sha256, source FROM public_sources WHERE dataset = ?",
        [layout.dataset],
    )[0]
    assert source[:3] == (len(rows), 0, hashlib.sha256(path.read_bytes()).hexdigest())
    assert "@" in source[3]  # the repository and commit it was published at


@needs_public_data
def test_values_as_published(public_ws: Workspace) -> None:
    daily = _rows(DATA / "uk_small_boats/long_uk_small_boats_daily.csv")
    total = sum(int(r[5]) for r in daily if r[5])
    assert public_ws.scalar("SELECT sum(migrants_arrived) FROM uk_boats_daily") == total
    frontex = _rows(DATA / "frontex_iom/frontex.csv")
    assert public_ws.scalar("SELECT sum(n) FROM frontex_detections") == pytest.approx(
        sum(float(r[4]) for r in frontex if r[4])
    )
    iom = _rows(DATA / "frontex_iom/iom_mmp.csv")
    assert public_ws.scalar("SELECT sum(dead) FROM iom_incidents") == pytest.approx(
        sum(float(r[5]) for r in iom if r[5])
    )
    first = public_ws.rows("SELECT location FROM iom_incidents WHERE row_number = 1")[0][0]
    assert first == iom[0][9]  # text kept as written


def test_bad_cells_are_quarantined_with_row_and_field(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "frontex.csv"
    path.write_text(
        "route,type,nat,t,n\nA,Sea,IRQ,2020-01-01,3.0\nA,Sea,IRQ,2020-13-01,2\nB,Land,SYR,2020-02-01,x\n"
        ",Sea,AFG,2020-03-01,1\n",
        encoding="utf-8",
    )
    done = load(workspace, path)
    assert (done.dataset, done.rows, done.rejected) == ("frontex", 1, 3)
    rejects = workspace.rows(
        "SELECT row_number, field, value, reason FROM public_rejects ORDER BY row_number"
    )
    assert rejects == [
        (2, "t", "2020-13-01", "not a date"),
        (3, "n", "x", "not a double"),
        (4, "route", None, "empty"),
    ]
    again = load(workspace, path)  # a reload replaces, it does not add
    assert again.rows == 1 and workspace.scalar("SELECT count(*) FROM public_rejects") == 3


def test_an_unknown_layout_is_refused_by_name(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "edited.csv"
    path.write_text("route,nationality,month,n\nA,IRQ,2020-01,3\n", encoding="utf-8")
    with pytest.raises(PublicDataError, match=r"edited\.csv: header"):
        load(workspace, path)


@needs_public_data
def test_the_load_command(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    run_cli("init", ws)
    done = run_cli(
        "routes", "load", ws, DATA / "frontex_iom" / "iom_mmp.csv", DATA / "frontex_iom", "--json"
    )
    loaded = [(d["dataset"], d["rows"]) for d in json.loads(done.stdout)]
    assert loaded == [("iom_mmp", 19669), ("frontex", 34273), ("iom_mmp", 19669)]
    missing = run_cli("routes", "load", ws, tmp_path / "nowhere.csv", check=False)
    assert missing.returncode != 0 and "nowhere.csv" in missing.stderr


@needs_public_data
def test_the_forecast_command(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    run_cli("init", ws)
    missing = run_cli("routes", "forecast", ws, check=False)
    assert missing.returncode != 0 and "routes load" in missing.stderr
    daily = DATA / "uk_small_boats/long_uk_small_boats_daily.csv"
    run_cli("routes", "load", ws, daily)
    found = json.loads(run_cli("routes", "forecast", ws, "--json").stdout)
    last_day = date.fromisoformat(_rows(daily)[-1][0])
    last_week = date.fromisoformat(found["last_week"])
    assert last_week.weekday() == 6 and last_day - timedelta(days=7) < last_week <= last_day
    people, per_boat = found["forecasts"]
    assert people["what"] == "people per week" and per_boat["what"] == "people per boat"
    for forecast in (people, per_boat):
        assert len(forecast["weeks"]) == 4
        assert all(w["lower"] <= w["value"] <= w["upper"] for w in forecast["weeks"])
