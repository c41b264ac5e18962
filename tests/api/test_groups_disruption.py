"""A group's page (members, roles, route segments, money) and the disruption simulator, against a real
server: what the caller may see, and 4xx JSON for bad input."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.served import login


def largest_group(client: httpx.Client) -> dict[str, Any]:
    groups = client.get("/api/network/groups", headers=login(client, "anna")).json()["groups"]
    return max(groups, key=lambda g: len(g["members"]))


def test_a_group_page_shows_members_roles_routes_and_money(client: httpx.Client) -> None:
    group = largest_group(client)
    answer = client.get(f"/api/network/groups/{group['group']}", headers=login(client, "anna"))
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert {m["id"] for m in page["members"]} == {m["id"] for m in group["members"]}
    assert page["roles"] and all(count > 0 for _, count in page["roles"])
    money = page["money"]
    assert money["payments"] and sum(money["totals"].values()) > 0
    assert money["flows"]
    assert all(f["from"]["type"] == f["to"]["type"] == "Person" for f in money["flows"])
    assert all(f["from"]["label"] and f["amount"] > 0 for f in money["flows"])
    payment = money["payments"][0]
    assert payment["amount"] > 0 and payment["record"]["source"]
    assert sum(v for month in money["by_month"].values() for v in month.values()) == sum(
        money["totals"].values()
    )


def test_an_unknown_group_is_a_404(client: httpx.Client) -> None:
    answer = client.get("/api/network/groups/999999", headers=login(client, "anna"))
    assert answer.status_code == 404
    assert "no group" in answer.json()["error"]


def test_removing_key_players_shows_what_is_left(client: httpx.Client) -> None:
    headers = login(client, "anna")
    players = client.get("/api/network/key-players", params={"top": 3}, headers=headers).json()
    remove = [p["entity_id"] for p in players["key_players"]]
    answer = client.post("/api/network/disruption", json={"remove": remove}, headers=headers)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert [n["entity_id"] for n in result["removed"]] == remove
    assert result["largest"]["after"] < result["largest"]["before"]
    assert result["fragmentation"]["after"] > result["fragmentation"]["before"]
    assert result["groups"] and all(
        g["members_left"] <= g["members_before"] for g in result["groups"]
    )
    assert {s["id"] for s in result["successors"]}.isdisjoint({n["id"] for n in result["removed"]})
    assert all(s["betweenness_after"] > s["betweenness_before"] for s in result["successors"])


def test_the_simulator_refuses_unknown_or_no_people(client: httpx.Client) -> None:
    headers = login(client, "anna")
    unknown = client.post("/api/network/disruption", json={"remove": ["nobody"]}, headers=headers)
    assert unknown.status_code == 404
    empty = client.post("/api/network/disruption", json={"remove": []}, headers=headers)
    assert empty.status_code == 422
    assert "remove" in empty.json()["error"]
