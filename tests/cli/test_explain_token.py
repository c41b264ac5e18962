"""`crossroute explain` reads personal data, so it authenticates the user as `search` and `network` do:
when CROSSROUTE_TOKEN is set, it must be the --user's token, else nothing is read and nothing logged."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroute.cli.app import app
from crossroute.sharing.tokens import issue_token
from crossroute.sharing.users import Role, get_user
from crossroute.store import Workspace
from tests.sharing.conftest import Person, load, users

PURPOSE = "OP-1: who is behind the Calais crossings"


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A workspace with one record, analysts ann and bob, and a token of ann's."""
    root = tmp_path_factory.mktemp("explain-token")
    with Workspace.create(root / "ws") as ws:
        load(ws, [Person("N1", "UK-NCA", "Karwan Ahmed", handling="P", grading="1A")], root)
        users(ws, ("ann", "UK-NCA", Role.ANALYST), ("bob", "UK-NCA", Role.ANALYST))
        _, token = issue_token(ws, get_user(ws, "ann"), "ann")
    return root / "ws", token


def _explain(path: Path, user: str, token: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["explain", str(path), "UK-NCA:N1", "--user", user, "--purpose", PURPOSE],
        env={"CROSSROUTE_TOKEN": token, "COLUMNS": "200"},
    )
    return result.exit_code, result.output


def _audit_entries(path: Path) -> int:
    with Workspace.open(path) as ws:
        return int(ws.scalar("SELECT count(*) FROM sharing.audit_log"))


def test_someone_elses_token_is_refused_before_any_read(case: tuple[Path, str]) -> None:
    path, token = case
    before = _audit_entries(path)
    code, output = _explain(path, "bob", token)
    assert code != 0
    assert "CROSSROUTE_TOKEN is not bob's" in output
    assert "Karwan" not in output
    assert _audit_entries(path) == before  # refused before the gate: nothing read, nothing logged


def test_an_invalid_token_is_refused(case: tuple[Path, str]) -> None:
    path, _ = case
    code, output = _explain(path, "ann", "nope.nope")
    assert code != 0 and "token" in output and "Karwan" not in output


def test_the_users_own_token_passes_the_check(case: tuple[Path, str]) -> None:
    path, token = case
    _, output = _explain(path, "ann", token)
    assert "token" not in output  # on to the gate (whatever it then answers of an unresolved case)
