"""The money API in process: the alerts queue, one alert's subgraph, trails, totals; all gated."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from crossroute.ingest.finance import ingest_finance
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.api.served import serve
from tests.finance.builders import Network, background

PASSWORD = "a long test password"


pytestmark = pytest.mark.slow  # a real `crossroute serve`


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    folder = tmp_path_factory.mktemp("money-api")
    net = Network()
    background(net, [f"P{i}" for i in range(5)], "EMPLOYER", "LANDLORD")
    net.pay(10, "ORIGIN", "SHELL1", 50_000)
    net.pay(13, "SHELL1", "SHELL2", 49_000)
    net.pay(16, "SHELL2", "ORIGIN", 48_000)
    accounts, txns = net.write(folder / "files")
    with Workspace.create(folder / "ws") as ws:
        ingest_finance(ws, accounts, agency="FR-OCRIEST")
        ingest_finance(ws, txns, agency="FR-OCRIEST")
        root = create_first_admin(ws, "root", "FR-OCRIEST", PASSWORD)
        add_user(ws, root, "farid", "FR-OCRIEST", Role.ANALYST, PASSWORD)
    with serve(folder / "ws") as served, httpx.Client(base_url=served.url, timeout=60) as http:
        yield http


def headers(client: httpx.Client, user: str = "farid") -> dict[str, str]:
    answer = client.post("/api/login", json={"user": user, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}", "X-Purpose": "OP-1: money"}


def test_alerts_queue_and_one_alert_with_its_subgraph(client: httpx.Client) -> None:
    queue = client.get("/api/money/alerts", headers=headers(client)).json()
    assert queue["typologies"] == ["round_trip"]
    first = queue["alerts"][0]
    assert first["typology"] == "round_trip" and first["transactions"] == 3
    detail = client.get(f"/api/money/alerts/{first['alert_id']}", headers=headers(client)).json()
    edges = detail["graph"]["edges"]
    assert [(e["source"], e["target"], e["amount_eur"]) for e in edges] == [
        ("ORIGIN", "SHELL1", 50_000.0),
        ("SHELL1", "SHELL2", 49_000.0),
        ("SHELL2", "ORIGIN", 48_000.0),
    ]
    assert edges[0]["timestamp"].startswith("2025-03-11") and detail["why"]["longest"] == 3
    missing = client.get("/api/money/alerts/AL-999999", headers=headers(client))
    assert missing.status_code == 404


def test_follow_the_money_downstream_in_time_order(client: httpx.Client) -> None:
    answer = client.get(
        "/api/money/accounts/SHELL1/flows", params={"direction": "down"}, headers=headers(client)
    ).json()
    assert [(s["from"], s["to"], s["depth"]) for s in answer["steps"]][:2] == [
        ("SHELL1", "SHELL2", 1),
        ("SHELL2", "ORIGIN", 2),
    ]


def test_paths_between_two_accounts(client: httpx.Client) -> None:
    answer = client.get(
        "/api/money/paths", params={"from": "ORIGIN", "to": "SHELL2"}, headers=headers(client)
    ).json()
    assert [[s["to"] for s in p["steps"]] for p in answer["paths"]] == [["SHELL1", "SHELL2"]]
    assert answer["paths"][0]["carried_eur"] == 49_000.0
    missing = client.get(
        "/api/money/paths", params={"from": "ORIGIN", "to": "NOBODY"}, headers=headers(client)
    )
    assert missing.status_code == 404


def test_administrators_get_no_money(client: httpx.Client) -> None:
    answer = client.get("/api/money/alerts", headers=headers(client, "root"))
    assert answer.status_code in (200, 403)
    if answer.status_code == 200:
        assert answer.json()["alerts"] == []
