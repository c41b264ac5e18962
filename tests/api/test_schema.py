"""Schemathesis against the live server: generated requests for every operation of /openapi.json (a few
examples each, as a logged-in analyst) never make the server answer 5xx. Run as its command line, the
way CI would run it against a deployment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.api.served import Served, login

pytestmark = pytest.mark.e2e


def test_generated_requests_never_make_the_server_fail(api_server: Served, tmp_path: Path) -> None:
    with httpx.Client(base_url=api_server.url, timeout=120) as client:
        token = login(client, "anna")["Authorization"]
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            f"{api_server.url}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--header",
            f"Authorization: {token}",
            "--exclude-path",
            "/api/logout",  # would revoke the token the other requests use
            "--phases",
            "examples,fuzzing",
            "--max-examples",
            "5",
            "--generation-deterministic",
            "--request-timeout",
            "60",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "passed" in done.stdout
