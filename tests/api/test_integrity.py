"""Integrity of the API (issue 19, items 4, 6, 7 and the audit items), in process: uploads are the
uploader's agency's and logged once, after their batch commits; administrators manage accounts while
the server runs (a disabled user's token stops at once); bodies are limited before authentication."""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

with warnings.catch_warnings():  # starlette asks for `httpx2`; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from crossroute.api import ingest as ingest_api
from crossroute.api.app import create_app
from crossroute.api.limits import LOGIN_BYTES
from crossroute.sharing import events, tokens
from crossroute.sharing.users import Role, get_user
from crossroute.store import Workspace
from tests.sharing.conftest import Person, load, users

PURPOSE = {"X-Purpose": "OP-7: who drives the vans"}
HEADER = (
    "record_id,source,full_name,given_name,family_name,date_of_birth,sex,nationality,"
    "place_of_birth,document_number,phone,email,address,city,country\n"
)


@pytest.fixture(scope="module")
def ws_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("integrity")
    with Workspace.create(root / "ws") as ws:
        load(
            ws,
            [
                Person("R1", "UK-NCA", "Velimir KASTRATIX", handling="TLP:RED"),
                Person("F1", "FR-OCRIEST", "Velimir KASTRATI", handling="H0"),
                Person("F2", "FR-OCRIEST", "Gezim CELA", handling="H0"),
            ],
            root,
        )
        users(
            ws,
            *((name, "FR-OCRIEST", Role.ANALYST) for name in ("farid", "vera", "tess")),
            ("boss", "FR-OCRIEST", Role.ADMINISTRATOR),
        )
    return root / "ws"


def token_of(path: Path, name: str) -> str:
    with Workspace.open(path) as ws:
        user = get_user(ws, name)
        return tokens.issue_token(ws, user, name, 1)[1]


@pytest.fixture(scope="module")
def tokens_(ws_path: Path) -> dict[str, str]:
    return {name: token_of(ws_path, name) for name in ("farid", "boss", "vera", "tess")}


@pytest.fixture(scope="module")
def client(ws_path: Path, tokens_: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(ws_path, web=False)) as running:
        yield running


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} | PURPOSE


def entries(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    """(actor, action, detail) of every audit entry, read on the server's own connection."""
    service = client.app.state.service  # type: ignore[attr-defined]
    rows = service.run(
        lambda ws: ws.rows("SELECT actor, action, detail FROM sharing.audit_log ORDER BY seq")
    )
    return [(a, b, json.loads(c)) for a, b, c in rows]


def upload(client: TestClient, token: str, text: str, name: str = "up.csv") -> dict[str, Any]:
    answer = client.post(
        "/api/ingest",
        params={"filename": name},
        content=text.encode(),
        headers=auth(token) | {"Content-Type": "application/octet-stream"},
    )
    assert answer.status_code == 202, answer.text
    job_id = answer.json()["job_id"]
    for _ in range(300):
        job: dict[str, Any] = client.get(f"/api/ingest/jobs/{job_id}", headers=auth(token)).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never finished")


def test_an_upload_cannot_create_another_agencys_records(
    client: TestClient, tokens_: dict[str, str]
) -> None:
    job = upload(
        client,
        tokens_["farid"],
        HEADER + "U1,UK-NCA,Karwan Ali,,,1990-01-01,M,Iraq,,,,,,,\n"
        "U2,FR-OCRIEST,Rekawt Hama,,,1991-02-03,M,Iraq,,,,,,,\n"
        "U3,,Shilan Rashid,,,1994-09-30,F,Iraq,,,,,,,\n",
    )
    assert job["status"] == "done", job
    assert job["report"]["loaded"] == 2 and job["report"]["quarantined"] == 1
    assert any("another agency" in reason for reason in job["report"]["reasons"])
    service = client.app.state.service  # type: ignore[attr-defined]
    stored = service.run(
        lambda ws: ws.rows("SELECT source, record_id FROM records WHERE record_id LIKE 'U%'")
    )
    assert sorted(stored) == [("FR-OCRIEST", "U2"), ("FR-OCRIEST", "U3")]
    reason = service.run(lambda ws: ws.scalar("SELECT reason FROM quarantine WHERE row_number = 2"))
    assert "'UK-NCA' is another agency" in reason and "FR-OCRIEST" in reason


def test_an_upload_writes_one_collection_entry_after_its_batch_and_none_at_the_next_sync(
    client: TestClient, tokens_: dict[str, str], ws_path: Path
) -> None:
    before = len(entries(client))
    job = upload(client, tokens_["farid"], HEADER + "U9,FR-OCRIEST,Hiwa Karimi,,,,,,,,,,,,\n")
    assert job["status"] == "done"
    new = entries(client)[before:]
    collections = [e for e in new if e[1] == "collection"]
    assert len(collections) == 1, new
    actor, _, detail = collections[0]
    assert actor == "farid" and detail["path"] == "api ingest" and detail["file"] == "up.csv"
    assert detail["records"] == 1 and detail["quarantined"] == 0 and len(detail["sha256"]) == 64
    batch = detail["batch"]
    service = client.app.state.service  # type: ignore[attr-defined]
    assert service.run(events.sync) == 1  # the fixture's own load (by the test, not the API)
    later = [e for e in entries(client) if e[1] == "collection" and e[2].get("batch") == batch]
    assert len(later) == 1
    # the file being uploaded lived inside the workspace, and is gone once loaded
    assert (ws_path / "uploads").is_dir() and not any((ws_path / "uploads").iterdir())


def test_a_load_that_dies_leaves_no_collection_entry(
    client: TestClient, tokens_: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*_: object, **__: object) -> None:
        raise RuntimeError("killed mid-load")  # nothing committed

    monkeypatch.setattr(ingest_api, "ingest_file", killed)
    before = len(entries(client))
    job_answer = client.post(
        "/api/ingest",
        params={"filename": "x.csv"},
        content=(HEADER + "K1,FR-OCRIEST,Karwan Ali,,,,,,,,,,,,\n").encode(),
        headers=auth(tokens_["farid"]) | {"Content-Type": "application/octet-stream"},
    )
    assert job_answer.status_code == 202
    time.sleep(0.5)
    assert [e for e in entries(client)[before:] if e[1] == "collection"] == []


def test_uploads_left_by_a_stopped_server_are_removed_at_start_up(ws_path: Path) -> None:
    leftover = ws_path / "uploads" / "upload-crashed"
    leftover.mkdir(parents=True)
    (leftover / "persons.csv").write_text(HEADER + "Z1,FR-OCRIEST,Someone Private,,,,,,,,,,,,\n")
    with TestClient(create_app(ws_path, web=False)):
        assert not leftover.exists()


def test_administrators_manage_accounts_while_the_server_runs(
    client: TestClient, tokens_: dict[str, str]
) -> None:
    vera, tess, boss = (auth(tokens_[n]) for n in ("vera", "tess", "boss"))
    assert client.get("/api/me", headers=vera).status_code == 200
    assert client.get("/api/admin/users", headers=vera).status_code == 403
    listed = client.get("/api/admin/users", headers=boss).json()["users"]
    assert {u["name"] for u in listed} >= {"farid", "boss", "vera"}
    added = client.post(
        "/api/admin/users",
        json={"name": "nadia", "agency": "FR-OCRIEST", "role": "analyst"},
        headers=boss,
    )
    assert added.status_code == 201, added.text
    bad = client.post(
        "/api/admin/users", json={"name": "x", "agency": "!!", "role": "analyst"}, headers=boss
    )
    assert bad.status_code == 400
    disabled = client.post("/api/admin/users/vera/disable", headers=boss)
    assert disabled.status_code == 200 and disabled.json()["tokens_revoked"] == 1
    assert client.get("/api/me", headers=vera).status_code == 401  # the very next request
    assert client.get("/api/search", params={"q": "Gezim"}, headers=vera).status_code == 401
    active = {u["name"]: u["active"] for u in client.get("/api/admin/users", headers=boss).json()["users"]}  # fmt: skip
    assert active["vera"] is False and active["nadia"] is True
    token_list = client.get("/api/admin/tokens", headers=boss).json()["tokens"]
    hers = next(t for t in token_list if t["user"] == "tess" and t["active"])
    assert client.post(f"/api/admin/tokens/{hers['id']}/revoke", headers=boss).status_code == 200
    assert client.get("/api/me", headers=tess).status_code == 401
    logged = [e[2]["path"] for e in entries(client) if e[1] == "alteration"]
    assert {"users add", "users disable", "users revoke"} <= set(logged)
    read = [e[2]["path"] for e in entries(client) if e[1] == "consultation"]
    assert {"users list", "users tokens"} <= set(read)  # an administrator's read of accounts


def test_a_200_mb_login_is_refused_unread(client: TestClient) -> None:
    received = 0

    def body() -> Iterator[bytes]:
        nonlocal received
        chunk = b"x" * (1 << 20)
        for _ in range(200):
            received += len(chunk)
            yield chunk

    declared = client.post(
        "/api/login",
        content=body(),
        headers={"Content-Type": "application/json", "Content-Length": str(200 << 20)},
    )
    assert declared.status_code == 413, declared.text
    assert received <= 2 << 20  # refused on the declared length, the body never read
    small = client.post("/api/login", json={"user": "farid", "password": "x" * 20})
    assert small.status_code == 401  # under the limit: answered as usual


def test_a_body_without_a_length_is_counted_as_it_arrives_and_refused_at_the_limit(
    client: TestClient,
) -> None:
    app = client.app
    pulled, sent = 0, []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * (1 << 20), "more_body": pulled < 200}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/login", "raw_path": b"/api/login", "query_string": b"",
        "root_path": "", "headers": [(b"content-type", b"application/json")],
        "client": ("127.0.0.1", 1), "server": ("testserver", 80), "state": {},
    }  # fmt: skip
    anyio.run(app, scope, receive, send)  # type: ignore[arg-type]
    assert pulled == 1  # the first MiB passed the 16 KiB limit: nothing more was read
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [413]


def test_every_json_body_is_limited_before_authentication(client: TestClient) -> None:
    big = json.dumps({"kind": "confirm", "left": "a", "right": "b", "reason": "x" * (2 << 20)})
    answer = client.post(
        "/api/decisions", content=big.encode(), headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413  # not 401: the body was refused before the token was asked
    login = client.post("/api/login", content=b"{" + b" " * LOGIN_BYTES + b"}")
    assert login.status_code == 413


def test_json_nested_100000_deep_is_a_clear_error(
    client: TestClient, tokens_: dict[str, str]
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    answer = client.post(
        "/api/decisions",
        content=deep.encode(),
        headers=auth(tokens_["farid"]) | {"Content-Type": "application/json"},
    )
    assert 400 <= answer.status_code < 500, answer.text
    upload_answer = upload(client, tokens_["farid"], deep, "deep.json")
    assert upload_answer["status"] == "failed" and "nested too deeply" in upload_answer["error"]


def test_a_decision_writes_one_consultation_and_hidden_answers_as_absent(
    client: TestClient, tokens_: dict[str, str]
) -> None:
    farid = auth(tokens_["farid"])
    client.app.state.service.run(events.sync)  # type: ignore[attr-defined]  # the fixture's load
    before = len(entries(client))
    body = {"kind": "split", "left": "FR-OCRIEST:F1", "right": "FR-OCRIEST:F2", "reason": "not one"}
    made = client.post("/api/decisions", json=body, headers=farid)
    assert made.status_code == 201, made.text
    new = entries(client)[before:]
    assert [e[1] for e in new] == ["consultation", "alteration"], new
    hidden = client.post(
        "/api/decisions", json=body | {"right": "UK-NCA:R1", "kind": "confirm"}, headers=farid
    )
    absent = client.post(
        "/api/decisions", json=body | {"right": "UK-NCA:NOPE", "kind": "confirm"}, headers=farid
    )
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json()["error"].replace("R1", "?") == absent.json()["error"].replace("NOPE", "?")


def test_purposes_follow_one_rule(client: TestClient, tokens_: dict[str, str]) -> None:
    bearer = {"Authorization": f"Bearer {tokens_['farid']}"}
    for invisible in ("%E2%80%8B", "%00", "%E2%80%8B%E2%80%8C %00"):
        answer = client.get("/api/search", params={"q": "Gezim"}, headers=bearer | {"X-Purpose": invisible})  # fmt: skip
        assert answer.status_code == 400, invisible
    long = client.get(
        "/api/search", params={"q": "Gezim"}, headers=bearer | {"X-Purpose": "x" * 501}
    )
    assert long.status_code == 400 and "500" in long.json()["error"]


def test_an_upload_in_an_agency_layout_says_how_to_load_it(
    client: TestClient, tokens_: dict[str, str]
) -> None:
    answer = upload(client, tokens_["farid"], "nom,prenom\nRASHID,Shilan\n", "layout.csv")
    assert answer["status"] == "failed"
    assert "the web page takes the canonical formats only" in answer["error"]
    assert "crossroute ingest WS FILE --mapping MAP.yaml" in answer["error"]
