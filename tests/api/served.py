"""A real `crossroute serve` on a copy of the small simulated, ingested and resolved case (built once per
test session, shared with the analysis tests), with accounts of two agencies and a DPO."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from crossroute.sharing import index
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.analysis.case_fixture import built_once, resolved, session_root

PASSWORD = "a long test password"
ACCOUNTS = {
    "anna": ("UK-NCA", Role.ANALYST),
    "farid": ("FR-OCRIEST", Role.ANALYST),
    "dora": ("UK-NCA", Role.DPO),
}


@dataclass(frozen=True)
class Served:
    url: str
    workspace: Path
    log: Path


def served_copy(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A copy of the resolved case with accounts and search keys (each server owns its workspace)."""
    _, case = resolved(tmp_path_factory)
    prepared = session_root(tmp_path_factory) / "served-case"
    with built_once(prepared) as must_build:
        if must_build:
            shutil.copytree(case, prepared / "ws")
            with Workspace.open(prepared / "ws") as ws:
                root = create_first_admin(ws, "root", "UK-NCA", PASSWORD)
                for user, (agency, role) in ACCOUNTS.items():
                    add_user(ws, root, user, agency, role, PASSWORD)
                index.refresh(ws)  # the gate's search keys, built once for every server
    target = tmp_path_factory.mktemp(name) / "ws"
    shutil.copytree(prepared / "ws", target)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(workspace: Path, *extra: str) -> Iterator[Served]:
    """`crossroute serve WS` in a subprocess on a free loopback port, until the block ends."""
    port = free_port()
    log = workspace.parent / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "crossroute",
                "serve",
                str(workspace),
                "--port",
                str(port),
                *extra,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, process, log)
        yield Served(url, workspace, log)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise AssertionError(f"crossroute serve exited: {log.read_text()}")
        try:
            if httpx.get(f"{url}/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"crossroute serve did not answer: {log.read_text()}")


def login(client: httpx.Client, user: str) -> dict[str, str]:
    """Headers of a logged-in user (token) stating a purpose."""
    answer = client.post("/api/login", json={"user": user, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {
        "Authorization": f"Bearer {answer.json()['token']}",
        "X-Purpose": "OP-TEST: checking the API",
    }
