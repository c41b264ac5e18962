"""The ports API on a real `crossroute serve`: the list and one declaration need an analyst and a
purpose (one audit entry per call); the per-port board needs a login."""

from __future__ import annotations

from pathlib import Path

import httpx
from typer.testing import CliRunner

from crossroute.cli.app import app as cli
from crossroute.sharing import Role
from crossroute.sharing.audit import entries
from crossroute.sharing.tokens import issue_token
from crossroute.sharing.users import add_user, create_first_admin
from crossroute.store import Workspace
from tests.api.served import serve

PURPOSE = {"X-Purpose": "OP-PORT: today's inspection list"}


def prepared(customs_files: tuple[Path, Path], folder: Path) -> tuple[Path, dict[str, str]]:
    ws_path = folder / "ws"
    runner = CliRunner()
    for args in (
        ["ports", "train", str(ws_path), "--declarations", str(customs_files[0])],
        ["ports", "score", str(ws_path), str(customs_files[1]), "--out", str(folder / "s.csv")],
    ):
        assert runner.invoke(cli, args).exit_code == 0
    with Workspace.open(ws_path) as ws:
        admin = create_first_admin(ws, "root", "CUS", "a long enough password")
        add_user(ws, admin, "officer", "CUS", Role.ANALYST, "another long password")
        tokens = {name: issue_token(ws, admin, name)[1] for name in ("officer", "root")}
    return ws_path, tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_ports_api(customs_files: tuple[Path, Path], tmp_path: Path) -> None:
    ws_path, tokens = prepared(customs_files, tmp_path)
    officer = bearer(tokens["officer"])
    with serve(ws_path, "--no-web") as running, httpx.Client(base_url=running.url) as client:
        found = client.get("/api/ports/list?share=0.5", headers=officer | PURPOSE)
        assert found.status_code == 200, found.text
        body = found.json()
        assert body["date"] and body["items"] and body["items"][0]["reasons"]
        first = body["items"][0]["declaration_id"]
        one = client.get(f"/api/ports/declarations/{first}", headers=officer | PURPOSE)
        assert one.status_code == 200 and one.json()["importer"] and 0 <= one.json()["score"] <= 1
        assert (
            client.get("/api/ports/declarations/NOPE", headers=officer | PURPOSE).status_code == 404
        )
        assert client.get("/api/ports/list").status_code == 401
        assert client.get("/api/ports/list", headers=officer).status_code in (400, 422)
        root = bearer(tokens["root"]) | PURPOSE
        assert client.get("/api/ports/list", headers=root).status_code == 403
        rows = client.get("/api/ports/board", headers=officer).json()["rows"]
        assert {"office", "month", "declarations", "hits", "risky_share"} <= set(rows[0])
    with Workspace.open(ws_path) as ws:
        logged = [entry for entry in entries(ws) if entry.actor == "officer"]
    assert len(logged) == 3 and {entry.purpose for entry in logged} == {PURPOSE["X-Purpose"]}
