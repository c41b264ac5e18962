"""The HTTP API against a real `crossroute serve`: login and tokens, the purpose on every personal-data
call, search and entity detail through the gate, network, groups, key players, DPO views, JSON errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.api.served import login

NAME = "Muhammad Zand"  # the case holds "Mohammed Zand" (Europol) and "Mohammad ZAND" (OCRIEST)


def audit_entries(client: httpx.Client) -> int:
    answer = client.get("/api/dpo/audit", headers=login(client, "dora"))
    assert answer.json()["intact"] is True
    return int(answer.json()["entries"])


def zand(client: httpx.Client, headers: dict[str, str]) -> dict[str, Any]:
    found = client.get("/api/search", params={"q": NAME}, headers=headers).json()["entities"]
    matches = [e for e in found if "Mohammed Zand" in e["names"]]
    assert matches, found
    match: dict[str, Any] = matches[0]
    return match


def test_the_schema_is_published(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/login", "/api/search", "/api/entities/{entity_id}", "/api/network/paths"):
        assert path in schema["paths"]


def test_login_refuses_a_wrong_password_with_a_json_error(client: httpx.Client) -> None:
    answer = client.post("/api/login", json={"user": "anna", "password": "not her password"})
    assert answer.status_code == 401
    assert "wrong user name or password" in answer.json()["error"]


@pytest.mark.parametrize("authorization", [None, "Bearer nonsense.token", "Basic abc"])
def test_personal_data_needs_a_valid_token(client: httpx.Client, authorization: str | None) -> None:
    headers = {"X-Purpose": "OP-TEST: checking"}
    if authorization:
        headers["Authorization"] = authorization
    answer = client.get("/api/search", params={"q": NAME}, headers=headers)
    assert answer.status_code == 401
    assert answer.json()["error"]


def test_a_search_without_a_purpose_fails_and_leaves_no_trace(client: httpx.Client) -> None:
    headers = login(client, "anna")
    before = audit_entries(client)
    del headers["X-Purpose"]
    answer = client.get("/api/search", params={"q": NAME}, headers=headers)
    assert answer.status_code == 400
    assert "purpose is required" in answer.json()["error"]
    assert audit_entries(client) == before


def test_search_finds_a_transliterated_name_across_agencies_in_one_audit_entry(
    client: httpx.Client,
) -> None:
    headers = login(client, "anna")
    before = audit_entries(client)
    entity = zand(client, headers)
    assert audit_entries(client) == before + 1
    assert {"Mohammed Zand", "Mohammad ZAND"} <= set(entity["names"])
    assert {"EU-EUROPOL", "FR-OCRIEST"} <= set(entity["agencies"])
    for record in entity["records"]:
        assert record["grading"]["scheme"] and record["handling"]["code"]


def test_the_entity_page_compares_records_and_explains_the_match(client: httpx.Client) -> None:
    headers = login(client, "anna")
    entity_id = zand(client, headers)["entity_id"]
    detail = client.get(f"/api/entities/{quote(entity_id)}", headers=headers).json()
    assert detail["entity_id"] == entity_id
    states = {f["property"]: f["state"] for f in detail["fields"]}
    assert states["firstName"] == "disagree"  # Mohammed / Mohammad
    assert states["nationality"] == "agree"
    pairs = detail["explanation"]["pairs"]
    assert pairs and all(p["merged"] for p in pairs)
    assert {e["comparison"] for e in pairs[0]["evidence"]} >= {"name", "birth_date"}


def test_a_disclosure_leaves_out_what_the_owner_keeps_from_onward_passing(
    client: httpx.Client,
) -> None:
    headers = login(client, "anna")
    entity_id = zand(client, headers)["entity_id"]
    consult = client.get(f"/api/entities/{entity_id}", headers=headers).json()
    assert "EU-EUROPOL" in consult["agencies"]  # its record is SIENA H2: consulting is fine
    disclose = {**headers, "X-Use": "disclose", "X-Recipient": "DE-BKA"}
    passed_on = client.get(f"/api/entities/{entity_id}", headers=disclose).json()
    assert "EU-EUROPOL" not in passed_on["agencies"]
    assert passed_on["records"]


def test_a_purpose_in_any_script_is_logged_as_written(client: httpx.Client) -> None:
    headers = login(client, "anna") | {"X-Purpose": quote("OP-TEST: بررسی قایق‌ها")}
    entity = zand(client, headers)
    record = next(r for r in entity["records"] if r["source"] == "EU-EUROPOL")
    dpo = login(client, "dora")
    seen = client.get(
        "/api/dpo/accesses",
        params={"record": f"EU-EUROPOL:{record['record_id']}"},
        headers=dpo,
    ).json()
    assert "OP-TEST: بررسی قایق‌ها" in {a["purpose"] for a in seen["accesses"]}


def test_roles_are_kept_apart(client: httpx.Client) -> None:
    dpo = login(client, "dora")
    searched = client.get("/api/search", params={"q": NAME}, headers=dpo)
    assert searched.status_code == 403
    assert "only analysts and supervisors" in searched.json()["error"]
    analyst = login(client, "anna")
    assert client.get("/api/dpo/audit", headers=analyst).status_code == 403


def test_the_network_around_an_entity_carries_evidence_on_every_tie(client: httpx.Client) -> None:
    headers = login(client, "anna")
    entity_id = zand(client, headers)["entity_id"]
    around = client.get(f"/api/network/nodes/{entity_id}", headers=headers).json()
    ids = {n["id"] for n in around["nodes"]}
    assert around["center"] == f"person:{entity_id}" and around["center"] in ids
    assert around["edges"]
    for edge in around["edges"]:
        assert {edge["source"], edge["target"]} <= ids
        assert all(e["source"] and e["record_id"] for e in edge["evidence"])
    neighbour = next(e for e in around["edges"] if around["center"] in (e["source"], e["target"]))
    other = neighbour["target"] if neighbour["source"] == around["center"] else neighbour["source"]
    found = client.get(
        "/api/network/paths", params={"from": entity_id, "to": other}, headers=headers
    ).json()
    assert found["paths"] and len(found["paths"][0]) == 1


def test_groups_and_key_players_name_people_with_reasons(client: httpx.Client) -> None:
    headers = login(client, "anna")
    groups = client.get("/api/network/groups", headers=headers).json()["groups"]
    assert groups and all(g["members"] for g in groups)
    players = client.get("/api/network/key-players", headers=headers).json()["key_players"]
    assert players and "betweenness" in players[0]["reasons"]


@pytest.mark.parametrize(
    ("path", "params", "extra", "status"),
    [
        ("/api/search", {"q": "x" * 500}, {}, 422),
        ("/api/search", {"q": "Zand", "limit": "-1"}, {}, 422),
        ("/api/search", {"q": "Zand"}, {"X-Use": "gossip"}, 422),
        ("/api/search", {"q": "Zand"}, {"X-Use": "disclose"}, 400),
        ("/api/entities/%F0%9F%92%A5'; DROP TABLE records", {}, {}, 404),
        ("/api/network/nodes/nobody", {"depth": "9"}, {}, 422),
        ("/api/network/nodes/nobody", {}, {}, 404),
        ("/api/dpo/accesses", {"record": "no colon"}, {}, 403),  # not a DPO
    ],
)
def test_bad_input_gets_a_json_error_never_a_500(
    client: httpx.Client, path: str, params: dict[str, str], extra: dict[str, str], status: int
) -> None:
    answer = client.get(path, params=params, headers=login(client, "anna") | extra)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]


def test_logging_out_revokes_the_token(client: httpx.Client) -> None:
    headers = login(client, "anna")
    assert client.get("/api/me", headers=headers).json()["user"] == "anna"
    assert client.post("/api/logout", headers=headers).status_code == 200
    assert client.get("/api/me", headers=headers).status_code == 401
