"""Every `crossroute comms` command that loads, changes or shows messages writes its audit entry:
who (the `--user`, or the operating-system user marked as such), what and why (issue 13, s.2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crossroute.sharing import users
from crossroute.sharing.audit import entries
from crossroute.sharing.users import Role
from crossroute.store import Workspace
from tests.analysis.comms.test_comms import HEADER, MULTILINGUAL, _corpus
from tests.conftest import run_cli

WHY = "OP-1: who arranges the crossings"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    with Workspace.create(tmp_path / "ws") as made:
        admin = users.create_first_admin(made, "admin", "BE-FGP", "admin-password-1")
        users.add_user(made, admin, "ana", "BE-FGP", Role.ANALYST, None)
        users.add_user(made, admin, "sup", "BE-FGP", Role.SUPERVISOR, None)
    return tmp_path / "ws"


def new_entries(ws: Path, after: int) -> list[dict[str, Any]]:
    with Workspace.open(ws) as opened:
        found = entries(opened, after)
    return [
        {"actor": e.actor, "action": e.action, "purpose": e.purpose, "case": e.case_ref,
         "subjects": e.subjects, **json.loads(e.detail)}
        for e in found
    ]  # fmt: skip


def last_seq(ws: Path) -> int:
    with Workspace.open(ws) as opened:
        return int(opened.scalar("SELECT coalesce(max(seq), 0) FROM sharing.audit_log"))


def test_loading_a_corpus_is_logged_with_who_loaded_it(ws: Path, tmp_path: Path) -> None:
    first = _corpus(tmp_path, MULTILINGUAL)
    run_cli("comms", "ingest", ws, first, "--agency", "BE-FGP")
    (by_os,) = new_entries(ws, 0)
    assert by_os["actor"].startswith("os:") and "operating-system user" in by_os["actor_is"]
    assert by_os["action"] == "collection" and by_os["path"] == "cli comms ingest"
    assert by_os["messages"] == 7 and by_os["quarantined"] == 0 and len(by_os["sha256"]) == 64
    assert by_os["file"] == str(first) and by_os["purpose"] == "ingest"

    before = last_seq(ws)
    run_cli("comms", "ingest", ws, first, "--agency", "BE-FGP", "--user", "ana")
    assert new_entries(ws, before) == []  # already loaded: nothing collected, nothing logged

    scoped = _corpus(tmp_path, HEADER + "s1,2026-04-01T10:00:00,x,y,hello\n", "scoped.csv")
    run_cli("comms", "ingest", ws, scoped, "--agency", "BE-FGP", "--user", "ana",
            "--case", "CASE-7", "--authorisation", "JUD-2026-77")  # fmt: skip
    (by_ana,) = new_entries(ws, before)
    assert (by_ana["actor"], by_ana["case"], by_ana["authorisation"]) == (
        "ana",
        "CASE-7",
        "JUD-2026-77",
    )
    assert "actor_is" not in by_ana and by_ana["messages"] == 1

    before = last_seq(ws)  # a corpus given to `crossroute ingest` is logged the same way
    third = _corpus(tmp_path, HEADER + "t1,2026-04-02T10:00:00,x,y,hi\n", "third.csv")
    run_cli("ingest", ws, third, "--agency", "BE-FGP", "--user", "ana")
    (via_ingest,) = new_entries(ws, before)
    assert via_ingest["actor"] == "ana" and via_ingest["path"] == "cli ingest corpus"
    assert via_ingest["action"] == "collection"

    refused = run_cli("comms", "ingest", ws, first, "--agency", "BE-FGP", "--user", "nobody",
                      check=False)  # fmt: skip
    assert refused.returncode == 2 and "nobody" in refused.stderr + refused.stdout


def test_scope_handles_triage_and_decide_are_logged(ws: Path, tmp_path: Path) -> None:
    run_cli("comms", "ingest", ws, _corpus(tmp_path, MULTILINGUAL), "--agency", "BE-FGP")
    with Workspace.open(ws) as opened:
        corpus_id = str(opened.scalar("SELECT corpus_id FROM comms.corpora"))
    who = ["--user", "ana", "--purpose", WHY]

    before = last_seq(ws)
    run_cli("comms", "handles", ws, "--out", tmp_path / "h.csv", *who)
    run_cli("comms", "triage", ws, "--out", tmp_path / "t.csv", *who)
    run_cli("comms", "decide", ws, "ilir1", "besa2", "same", *who, "--note", "same phone")
    handles, triage, decide = new_entries(ws, before)
    for entry, path in ((handles, "comms handles"), (triage, "comms triage")):
        assert (entry["actor"], entry["action"], entry["path"], entry["purpose"]) == (
            "ana",
            "consultation",
            path,
            WHY,
        )
        assert entry["corpora"] == [corpus_id]
    assert handles["handles"] == 4 and triage["messages"] == 7
    assert (decide["actor"], decide["action"], decide["path"], decide["purpose"]) == (
        "ana",
        "alteration",
        "comms decide",
        WHY,
    )
    assert decide["subjects"] == ("ilir1", "besa2") and decide["reason"] == "same phone"

    before = last_seq(ws)
    run_cli("comms", "scope", ws, corpus_id[:12], "--user", "sup", "--purpose",
            "JUD-1: order received", "--case", "CASE-1", "--authorisation", "JUD-1")  # fmt: skip
    (scope,) = new_entries(ws, before)
    assert (scope["actor"], scope["action"], scope["path"], scope["purpose"]) == (
        "sup",
        "alteration",
        "comms scope",
        "JUD-1: order received",
    )
    assert scope["case"] == "CASE-1" and scope["authorisation"] == "JUD-1"

    before = last_seq(ws)  # an analyst may not set it: refused, nothing changed, nothing logged
    refused = run_cli("comms", "scope", ws, corpus_id[:12], "--user", "ana", "--purpose", WHY,
                      "--case", "CASE-9", check=False)  # fmt: skip
    assert refused.returncode != 0 and new_entries(ws, before) == []
