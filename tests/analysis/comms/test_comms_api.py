"""The comms API: the same gate as the CLI (a user of another agency sees nothing), one audit entry
per call, the search query in it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import httpx

from crossroute.analysis.comms import corpus
from crossroute.api.app import create_app
from crossroute.sharing import users
from crossroute.sharing.audit import entries
from crossroute.sharing.users import Role
from crossroute.store import Workspace

PASSWORD = "a long test password"
BODY = "msg_id,timestamp,from_handle,to_handle,text\n" + "".join(
    f"m{i},2026-03-0{1 + i % 5}T10:0{i % 10}:00,{a},{b},{text}\n"
    for i, (a, b, text) in enumerate(
        [("ilir1", "besa2", "Takohemi nesër në port"), ("besa2", "ilir1", "mirë vlla"),
         ("ilir1", "besa2", "20 shirts arrive in Antwerp"), ("besa2", "ilir1", "ok"),
         ("ilir9", "besa2", "new number, it's Ilir")] * 4
    )
)  # fmt: skip


def test_api_faces(tmp_path: Path) -> None:
    path = tmp_path / "ws"
    with Workspace.create(path) as ws:
        root = users.create_first_admin(ws, "root", "BE-FGP", PASSWORD)
        users.add_user(ws, root, "ana", "BE-FGP", Role.ANALYST, PASSWORD)
        users.add_user(ws, root, "nils", "NL-POLITIE", Role.ANALYST, PASSWORD)
        file = tmp_path / "m.csv"
        file.write_text(BODY, encoding="utf-8")
        corpus.load_corpus(ws, file, "BE-FGP")
    anyio.run(_calls, path)
    with Workspace.open(path) as ws:
        logged = [json.loads(e.detail) for e in entries(ws) if e.actor in ("ana", "nils")]
    searches = [d for d in logged if d.get("path") == "comms search"]
    assert [d["query"] for d in searches] == ["neser", "neser"]
    with Workspace.open(path) as ws:
        decided = [e for e in entries(ws) if json.loads(e.detail).get("path") == "comms decide"]
    assert [(e.actor, e.action) for e in decided] == [("ana", "alteration")]
    assert json.loads(decided[0].detail)["reason"] == "one phone"


async def _calls(path: Path) -> None:
    app = create_app(path, web=False)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test") as client,
    ):

        async def login(name: str) -> dict[str, str]:
            done = await client.post("/api/login", json={"user": name, "password": PASSWORD})
            return {"Authorization": f"Bearer {done.json()['token']}", "X-Purpose": "OP-1: t"}

        async def get(url: str, who: dict[str, str], **params: str) -> Any:
            done = await client.get(url, params=params, headers=who)
            return done.json() if done.status_code == 200 else done.status_code

        ana, nils = await login("ana"), await login("nils")
        hits = (await get("/api/comms/search", ana, q="neser"))["hits"]
        assert {h["msg_id"] for h in hits} == {"m0", "m5", "m10", "m15"}
        assert hits[0]["context"]
        assert (await get("/api/comms/search", nils, q="neser"))["hits"] == []
        pair = {"a": "ilir1", "b": "besa2"}
        assert len((await get("/api/comms/thread", ana, **pair))["messages"]) == 16
        assert (await get("/api/comms/thread", nils, **pair))["messages"] == []
        page = await get("/api/comms/handle/ilir1", ana)
        assert page["person_cluster"] and page["contacts"]
        assert await get("/api/comms/handle/ilir1", nils) == 404
        persons = (await get("/api/comms/graph", ana))["persons"]
        assert persons and all(p["entities"] == [] for p in persons)  # no records loaded
        assert page["records"] == []
        assert (await get("/api/comms/graph", nils))["ties"] == []
        assert len((await get("/api/comms/triage", ana))["messages"]) == 16  # 4 rows quarantined
        assert (await get("/api/comms/triage", nils))["messages"] == []
        decision = {"a": "ilir1", "b": "besa2", "decision": "same", "reason": "one phone"}
        hidden = await client.post("/api/comms/decisions", json=decision, headers=nils)
        assert hidden.status_code == 404  # handles in no message nils may see
        done = await client.post("/api/comms/decisions", json=decision, headers=ana)
        assert done.status_code == 201, done.text
        page = await get("/api/comms/handle/besa2", ana)
        assert page["handles"] == ["besa2", "ilir1"]  # attribution obeys the analyst
        assert page["decisions"][0] == {**decision, "by": "ana", "at": page["decisions"][0]["at"]}
        same = {**decision, "b": "ilir1"}  # a handle with itself
        assert (
            await client.post("/api/comms/decisions", json=same, headers=ana)
        ).status_code == 422
