"""The timeline and the map against a real server: dated events through the gate, filters, places with
coordinates, routes as lines, staging areas; bad input answers 4xx JSON; one audit entry per call."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.served import login
from tests.api.test_api import audit_entries


def timeline(client: httpx.Client, **params: Any) -> httpx.Response:
    return client.get("/api/timeline", params=params, headers=login(client, "anna"))


def test_the_timeline_lists_the_case_s_events_in_date_order(client: httpx.Client) -> None:
    answer = timeline(client, limit=2000)
    assert answer.status_code == 200, answer.text
    events = answer.json()["events"]
    kinds = {e["kind"] for e in events}
    assert {"Crossing", "Shipment", "Seizure", "Arrest", "Payment", "Call"} <= kinds
    dates = [e["date"] for e in events if e["date"]]
    assert dates == sorted(dates)
    crossing = next(e for e in events if e["kind"] == "Crossing")
    assert crossing["record"]["source"] in ("UK-NCA", "FR-OCRIEST")
    assert crossing["record"]["grading"] and crossing["record"]["handling"]
    assert set(crossing["details"]) & {"departurePlace", "arrivalPlace"}
    assert any(t["type"] == "Person" for e in events if e["kind"] == "Crossing" for t in e["ties"])
    counted = sum(n for month in answer.json()["counts"].values() for n in month.values())
    assert counted == len(events)


def test_the_timeline_filters_by_kind_range_and_node(client: httpx.Client) -> None:
    seizures = timeline(client, kind=["Seizure", "Arrest"], since="2024-06-01", until="2024-12-31")
    events = seizures.json()["events"]
    assert events
    assert {e["kind"] for e in events} <= {"Seizure", "Arrest"}
    assert all("2024-06-01" <= e["date"] <= "2024-12-31" for e in events)
    person = next(t for e in events for t in e["ties"] if t["entity_id"])
    own = timeline(client, node=person["entity_id"]).json()["events"]
    assert own
    assert all(person["id"] in {t["id"] for t in e["ties"]} for e in own)


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ({"kind": "Picnic"}, 400, "unknown event kind"),
        ({"since": "2025-01-01", "until": "2024-01-01"}, 400, "before it starts"),
        ({"since": "yesterday"}, 422, "since"),
        ({"node": "nobody at all"}, 404, "no node"),
        ({"group": 999_999}, 404, "no group"),
        ({"limit": 0}, 422, "limit"),
    ],
)
def test_bad_timeline_input_answers_4xx_json(
    client: httpx.Client, params: dict[str, Any], status: int, says: str
) -> None:
    answer = timeline(client, **params)
    assert answer.status_code == status, answer.text
    assert says in answer.json()["error"]


def test_each_timeline_or_map_call_is_one_audit_entry_and_needs_a_purpose(
    client: httpx.Client,
) -> None:
    before = audit_entries(client)
    assert timeline(client, limit=50).status_code == 200
    assert client.get("/api/map", headers=login(client, "anna")).status_code == 200
    assert audit_entries(client) == before + 2
    headers = login(client, "anna")
    del headers["X-Purpose"]
    assert client.get("/api/map", headers=headers).status_code == 400
    assert client.get("/api/timeline", headers=login(client, "dora")).status_code == 403


def places_by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in data["places"]}


def test_the_map_places_departures_landings_seizures_and_staging_areas(
    client: httpx.Client,
) -> None:
    answer = client.get("/api/map", headers=login(client, "anna"))
    assert answer.status_code == 200, answer.text
    data = answer.json()
    places = places_by_name(data)
    kinds = {k for p in places.values() for k in p["counts"]}
    assert {"departure", "landing", "seizure", "arrest", "port", "staging"} <= kinds
    assert places["Dover"]["country"] == "GBR"
    assert 50 < places["Dover"]["lat"] < 52 and 1 < places["Dover"]["lon"] < 2
    staging = {n for n, p in places.items() if p["counts"].get("staging")}
    assert staging & {"Grande-Synthe", "Loon-Plage", "Calais"}
    crossings = [r for r in data["routes"] if r["kind"] == "crossing"]
    assert crossings and all(len(r["path"]) == 2 for r in crossings)
    assert any(places[r["from"]]["country"] == "FRA" for r in crossings)
    shipments = [r for r in data["routes"] if r["kind"] == "shipment"]
    assert any(r["to"] in ("Antwerpen", "Rotterdam") for r in shipments)
    assert data["events"] > 0


def test_the_map_of_a_period_holds_fewer_events(client: httpx.Client) -> None:
    whole = client.get("/api/map", headers=login(client, "anna")).json()
    part = client.get(
        "/api/map",
        params={"since": "2024-03-01", "until": "2024-04-30"},
        headers=login(client, "anna"),
    ).json()
    assert 0 < part["events"] < whole["events"]
