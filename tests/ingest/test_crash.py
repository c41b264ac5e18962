"""A file loads in one transaction: killing the process mid-load leaves the workspace as it was."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crossroute.store import Workspace
from crossroute.store.workspace import DB_FILE
from tests.conftest import FIXTURES, run_cli, status

pytestmark = pytest.mark.e2e

HEADER = "record_id,source,full_name,given_name,family_name,date_of_birth,sex,nationality,place_of_birth,document_number,phone,email,address,city,country\n"


def _big_file(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(rows):
            out.write(
                f"K{i},FR-OCRIEST,,Karwan{i % 997},Ahmed{i % 1009},{1960 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d},"
                f"M,Irak,,X{i:08d},06 {10 + i % 89} {i % 100:02d} {(i // 100) % 100:02d} {(i // 10000) % 100:02d},"
                f",,Calais,FR\n"
            )


def _wait_until_blocks_are_written(db: Path, process: subprocess.Popen[bytes]) -> None:
    """Mid-load, on a marker rather than a clock: the load writes each full row group into the
    database file before its commit, so the file grows while the transaction is still open."""
    size = db.stat().st_size
    deadline = time.monotonic() + 120
    while db.stat().st_size <= size and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)


def test_kill_mid_load_leaves_the_workspace_consistent(tmp_path: Path) -> None:
    ws_path = tmp_path / "ws"
    run_cli("init", ws_path)
    run_cli("ingest", ws_path, FIXTURES / "malformed" / "persons.csv")
    before = status(ws_path)
    big = tmp_path / "big.csv"
    _big_file(big, 300_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "crossroute", "ingest", str(ws_path), str(big)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_until_blocks_are_written(ws_path / DB_FILE, process)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, (
        "the load finished before the kill; make the file bigger"
    )
    assert status(ws_path) == before
    with Workspace.open(ws_path) as ws:
        assert ws.scalar("SELECT count(*) FROM persons") == before["records"]
    run_cli("ingest", ws_path, big)  # and the same file loads cleanly afterwards
    assert status(ws_path)["records"] == before["records"] + 300_000
