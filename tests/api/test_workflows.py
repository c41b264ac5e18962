"""What analysts do over HTTP besides reading: upload a file and follow its ingest, confirm or split two
records, register operations for deconfliction and read the alerts."""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.api.served import login

CSV = (
    "record_id,source,full_name,given_name,family_name,date_of_birth,sex,nationality,place_of_birth,"
    "document_number,phone,email,address,city,country\n"
    "UP-1,UK-NCA,Rekawt Hamasalih,Rekawt,Hamasalih,1991-02-03,M,Iraq,Ranya,,,,,Calais,FR\n"
    "UP-2,UK-NCA,Karwan Ali,Karwan,Ali,31/02/1988,M,Iraq,,,,,,,\n"
)


def finished(client: httpx.Client, headers: dict[str, str], job_id: int) -> dict[str, Any]:
    for _ in range(600):
        job: dict[str, Any] = client.get(f"/api/ingest/jobs/{job_id}", headers=headers).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} never finished: {job}")


def test_an_uploaded_file_is_ingested_with_progress_and_then_found(client: httpx.Client) -> None:
    headers = login(client, "anna")
    answer = client.post(
        "/api/ingest",
        params={"filename": "new persons.csv", "grading": "2B"},
        content=CSV.encode(),
        headers=headers | {"Content-Type": "application/octet-stream"},
    )
    assert answer.status_code == 202, answer.text
    started = answer.json()
    assert started["total_bytes"] == len(CSV.encode())
    job = finished(client, headers, started["job_id"])
    assert job["status"] == "done", job
    assert job["fraction"] == 1.0
    # the impossible date keeps its person; the value is reported as not understood
    assert job["report"]["loaded"] == 2 and job["report"]["quarantined"] == 0
    assert job["report"]["value_issues"] == 1
    assert any("impossible date" in reason for reason in job["report"]["value_issue_reasons"])
    example = job["report"]["value_issue_examples"][0]
    assert example["raw"] == "31/02/1988" and "has no day 31" in example["reason"]
    mine = client.get("/api/ingest/jobs", headers=headers).json()["jobs"]
    assert started["job_id"] in {j["job_id"] for j in mine}
    other = client.get(f"/api/ingest/jobs/{started['job_id']}", headers=login(client, "farid"))
    assert other.status_code == 404
    found = client.get("/api/search", params={"q": "Rekawt Hamasalih"}, headers=headers).json()
    assert any(r["record_id"] == "UP-1" for e in found["entities"] for r in e["records"])


def test_an_upload_without_a_body_or_purpose_is_refused(client: httpx.Client) -> None:
    headers = login(client, "anna")
    empty = client.post("/api/ingest", params={"filename": "x.csv"}, headers=headers)
    assert empty.status_code == 400
    assert "body is empty" in empty.json()["error"]
    del headers["X-Purpose"]
    silent = client.post(
        "/api/ingest", params={"filename": "x.csv"}, content=b"a,b\n", headers=headers
    )
    assert silent.status_code == 400


def records_of(client: httpx.Client, headers: dict[str, str], name: str) -> list[str]:
    found = client.get("/api/search", params={"q": name}, headers=headers).json()["entities"]
    return [f"{r['source']}:{r['record_id']}" for e in found for r in e["records"]]


def test_an_analyst_splits_two_records_and_sees_the_decision(client: httpx.Client) -> None:
    headers = login(client, "anna")
    left, right = records_of(client, headers, "Muhammad Zand")[:2]
    body = {"kind": "split", "left": left, "right": right, "reason": "different fathers' names"}
    answer = client.post("/api/decisions", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    decision = answer.json()
    assert decision["records"] == sorted(r.replace(":", "|", 1) for r in (left, right))
    listed = client.get("/api/decisions", headers=headers).json()["decisions"]
    assert listed[0]["decision_id"] == decision["decision_id"]
    assert listed[0]["by"] == "anna" and listed[0]["kind"] == "split"


def test_bad_decisions_are_refused_with_json(client: httpx.Client) -> None:
    headers = login(client, "anna")
    left = records_of(client, headers, "Muhammad Zand")[0]
    same = {"kind": "confirm", "left": left, "right": left, "reason": "the same"}
    assert client.post("/api/decisions", json=same, headers=headers).status_code == 400
    unknown = {"kind": "confirm", "left": left, "right": "UK-NCA:NOPE-1", "reason": "a guess"}
    missing = client.post("/api/decisions", json=unknown, headers=headers)
    assert missing.status_code == 404 and "NOPE-1" in missing.json()["error"]
    wrong = {"kind": "merge", "left": left, "right": left, "reason": "x y z"}
    assert client.post("/api/decisions", json=wrong, headers=headers).status_code == 422
    dpo = client.post("/api/decisions", json=same, headers=login(client, "dora"))
    assert dpo.status_code == 403


def operation(ref: str, contact: str) -> dict[str, Any]:
    target = {"target": "phone:+44 7700 900777", "starts_on": "2025-01-01", "ends_on": "2025-06-30"}
    return {"op_ref": ref, "contact": contact, "targets": [target]}


def test_two_agencies_on_the_same_phone_are_both_alerted(client: httpx.Client) -> None:
    anna, farid = login(client, "anna"), login(client, "farid")
    first = client.post(
        "/api/deconfliction/operations", json=operation("NCA-OP-1", "DS Reed"), headers=anna
    )
    assert first.status_code == 201, first.text
    assert first.json()["alerts"] == []
    second = client.post(
        "/api/deconfliction/operations", json=operation("OCR-OP-9", "Cdt Morel"), headers=farid
    )
    alert = second.json()["alerts"][0]
    assert alert["other_agency"] == "UK-NCA" and alert["contact"] == "DS Reed"
    seen = client.get("/api/deconfliction/alerts", headers=anna).json()["alerts"]
    assert [(a["our_operation"], a["other_agency"], a["contact"]) for a in seen] == [
        ("NCA-OP-1", "FR-OCRIEST", "Cdt Morel")
    ]
    assert "OCR-OP-9" not in str(seen)
    closed = client.post("/api/deconfliction/operations/NCA-OP-1/close", headers=anna)
    assert closed.status_code == 200
    theirs = client.post("/api/deconfliction/operations/NCA-OP-1/close", headers=farid)
    assert theirs.status_code == 400


def test_a_bad_target_or_window_is_a_400(client: httpx.Client) -> None:
    anna = login(client, "anna")
    bad = operation("NCA-OP-2", "DS Reed")
    bad["targets"][0]["target"] = "horse:Shadowfax"
    assert client.post("/api/deconfliction/operations", json=bad, headers=anna).status_code == 400
    bad = operation("NCA-OP-3", "DS Reed")
    bad["targets"][0]["ends_on"] = "2024-01-01"
    answer = client.post("/api/deconfliction/operations", json=bad, headers=anna)
    assert answer.status_code == 400 and "before it starts" in answer.json()["error"]
