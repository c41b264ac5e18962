"""The route picture through its faces, on the small simulated case with the real public data loaded:
the API (a real `crossroute serve`), `crossroute routes legs` and the briefing that opens with it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from crossroute.analysis.routes.public_data import default_paths, load
from crossroute.sharing.audit import entries
from crossroute.store import Workspace
from tests.api.served import login, serve, served_copy
from tests.conftest import run_cli
from tests.routes.conftest import DATA, needs_public_data

pytestmark = [needs_public_data, pytest.mark.slow]
PURPOSE = "OP-TEST: the route picture"


def _with_public_data(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    ws = served_copy(tmp_path_factory, name)
    with Workspace.open(ws) as opened:
        for path in default_paths(DATA):
            load(opened, path)
    return ws


@pytest.fixture(scope="module")
def case_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _with_public_data(tmp_path_factory, "routes-api")


@pytest.fixture(scope="module")
def client(case_ws: Path) -> Iterator[httpx.Client]:
    with (
        serve(case_ws, "--no-web") as running,
        httpx.Client(base_url=running.url, timeout=300) as c,
    ):
        yield c


def _audit(client: httpx.Client) -> int:
    answer = client.get("/api/dpo/audit", headers=login(client, "dora"))
    return int(answer.json()["entries"])


def test_the_public_picture_needs_a_login_but_no_purpose(client: httpx.Client) -> None:
    assert client.get("/api/routes/public").status_code == 401
    headers = login(client, "anna")
    del headers["X-Purpose"]
    found = client.get("/api/routes/public", headers=headers).json()
    assert [f["name"] for f in found["findings"]][:2] == ["arrivals", "boats"]
    assert all(f["svg"].startswith("<svg") and f["sentence"] for f in found["findings"])
    people = found["forecasts"][0]
    assert people["what"] == "people per week" and len(people["weeks"]) == 4
    assert all(w["lower"] <= w["value"] <= w["upper"] for w in people["weeks"])
    assert len(found["sources"]) == 5 and all("@" in s["source"] for s in found["sources"])
    assert found["prevention"][0]["rank"] == 1


def test_the_legs_pass_the_gate_once_per_call(client: httpx.Client) -> None:
    headers = login(client, "anna")
    refused = client.get("/api/routes/legs", headers={"Authorization": headers["Authorization"]})
    assert refused.status_code in (400, 403)
    before = _audit(client)
    found = client.get("/api/routes/legs", headers=headers).json()
    assert _audit(client) == before + 1
    legs = {leg["name"]: leg for leg in found["legs"]}
    assert list(legs) == ["origin", "transit", "staging", "crossing", "destination"]
    crossing = legs["crossing"]
    assert crossing["records"]["Crossing"] > 0 and crossing["figures"]["crossings"] > 0
    assert crossing["public"]["uk_boats"] > crossing["figures"]["crossings"]
    assert "Dover" in legs["destination"]["places"] or legs["destination"]["countries"]
    assert legs["origin"]["countries"] and found["origin_countries"][0]["numeric"]
    served = {leg for g in found["groups"] for leg in g["legs"]}
    assert {"staging", "crossing"} <= served
    assert any("launching" in g["functions"] for g in found["groups"])
    assert set(found["disruption"]) >= {"removed", "functions_without_provider"}


def test_the_legs_command_and_the_briefing(tmp_path_factory: pytest.TempPathFactory) -> None:
    case_ws = _with_public_data(tmp_path_factory, "routes-cli")
    with Workspace.open(case_ws) as opened:
        before = len(entries(opened))
    done = run_cli("routes", "legs", case_ws, "--user", "farid", "--purpose", PURPOSE, "--json")
    found = json.loads(done.stdout)
    assert len(found["legs"]) == 5 and found["records_shown"] > 0
    with Workspace.open(case_ws) as opened:
        (logged,) = entries(opened)[before:]  # one gate call, one entry: who, what, why
    assert (logged.actor, logged.action, logged.purpose) == ("farid", "consultation", PURPOSE)
    assert json.loads(logged.detail)["path"] == "cli routes legs" and logged.subjects
    out = case_ws.parent / "briefing.html"
    run_cli("report", case_ws, "--user", "anna", "--purpose", PURPOSE, "--out", out)
    html = out.read_text("utf-8")
    assert html.index("id='route'") < html.index("Key judgements")  # the briefing opens with it
    for part in ("route-chart-arrivals'><svg", "id='route-legs'", "id='route-forecast'"):
        assert part in html
    assert "<script" not in html
