"""The audit chain against every kind of hand edit in the DuckDB file."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from crossroute.sharing import audit, gate, index, require_purpose
from crossroute.sharing.audit import Action, Head
from crossroute.sharing.errors import AuditBroken
from crossroute.sharing.users import Role
from crossroute.store import Workspace
from tests.sharing.conftest import Person, load, users

EDITS = [
    ("UPDATE sharing.audit_log SET purpose = 'nothing to see' WHERE seq = 2", "entry 2"),
    ("UPDATE sharing.audit_log SET subjects = [] WHERE seq = 3", "entry 3"),
    ("UPDATE sharing.audit_log SET actor = 'someone else' WHERE seq = 5", "entry 5"),
    ("UPDATE sharing.audit_log SET logged_at = '2020-01-01T00:00:00' WHERE seq = 1", "entry 1"),
    ("UPDATE sharing.audit_log SET recipients = ['X'] WHERE seq = 4", "entry 4"),
    ("DELETE FROM sharing.audit_log WHERE seq = 2", "entry 2"),
    ("DELETE FROM sharing.audit_log WHERE seq = 5", "entry 5"),
    ("DELETE FROM sharing.audit_log WHERE seq >= 3", "entry 3"),
    ("DELETE FROM sharing.audit_log WHERE seq = 1", "entry 1"),
    (
        "UPDATE sharing.audit_log SET seq = CASE seq WHEN 2 THEN 3 WHEN 3 THEN 2 END WHERE seq IN (2, 3)",
        "entry 2",
    ),
    (
        "UPDATE sharing.audit_log SET seq = CASE seq WHEN 4 THEN 5 WHEN 5 THEN 4 END WHERE seq IN (4, 5)",
        "entry 4",
    ),
    ("UPDATE sharing.audit_log SET seq = seq + 10 WHERE seq = 5", "entry 5"),
]


def _five(workspace: Workspace) -> None:
    for number in range(5):
        audit.append(
            workspace,
            actor=f"user{number}",
            agency="UK-NCA",
            action=Action.CONSULTATION,
            purpose="OP-1: test",
            detail={"query": f"name {number}"},
            subjects=[f"UK-NCA|N{number}"],
        )


def test_an_untouched_chain_verifies(workspace: Workspace) -> None:
    assert audit.verify(workspace) == 0
    _five(workspace)
    assert audit.verify(workspace) == 5
    head = audit.current_head(workspace)
    assert head is not None and audit.verify(workspace, head) == 5


@pytest.mark.parametrize(("sql", "named"), EDITS)
def test_every_hand_edit_is_named(workspace: Workspace, sql: str, named: str) -> None:
    _five(workspace)
    workspace.rows(sql)
    with pytest.raises(AuditBroken, match=rf"{named}\b"):
        audit.verify(workspace)


def test_a_re_hashed_forgery_breaks_the_link_to_the_next_entry(workspace: Workspace) -> None:
    _five(workspace)
    (entry,) = [e for e in audit.entries(workspace) if e.seq == 3]
    forged = audit.entry_hash(
        entry.prev_hash,
        [3, entry.at, "someone else", entry.agency, entry.role, entry.action, entry.purpose,
         entry.case_ref, entry.detail, list(entry.subjects), list(entry.recipients)],
    )  # fmt: skip
    workspace.rows(
        "UPDATE sharing.audit_log SET actor = 'someone else', hash = ? WHERE seq = 3", [forged]
    )
    with pytest.raises(AuditBroken, match=r"entry 4\b"):
        audit.verify(workspace)


def test_a_lost_anchor_with_entries_left_is_reported(workspace: Workspace) -> None:
    _five(workspace)
    (workspace.path / audit.HEAD_FILE).unlink()
    with pytest.raises(AuditBroken, match="missing"):
        audit.verify(workspace)


def test_an_expected_head_kept_elsewhere_catches_a_rewound_log(
    workspace: Workspace, tmp_path: Path
) -> None:
    _five(workspace)
    head = audit.current_head(workspace)
    assert head is not None
    workspace.rows("DELETE FROM sharing.audit_log")
    (workspace.path / audit.HEAD_FILE).unlink()
    assert audit.verify(workspace) == 0
    with pytest.raises(AuditBroken, match=r"entry 1\b"):
        audit.verify(workspace, head)
    with pytest.raises(AuditBroken, match=r"entry 5\b"):
        _five(workspace)  # a fresh chain of the same length is not the one expected
        audit.verify(workspace, Head(head.seq, head.hash))


def _cursors(workspace: Workspace, count: int) -> list[Workspace]:
    """Cursors of the workspace's one connection, one per thread (as the API's workers have)."""
    return [Workspace(workspace.path, workspace.db.cursor()) for _ in range(count)]


def test_appends_from_many_threads_make_one_intact_chain(workspace: Workspace) -> None:
    threads, each = 8, 25
    start = threading.Barrier(threads)

    def work(number: int, cursor: Workspace) -> list[int]:
        start.wait()
        return [
            audit.append(cursor, actor=f"user{number}", action=Action.CONSULTATION, detail={"i": i})
            for i in range(each)
        ]

    with ThreadPoolExecutor(threads) as pool:
        done = list(pool.map(work, range(threads), _cursors(workspace, threads)))
    assert sorted(seq for seqs in done for seq in seqs) == list(range(1, threads * each + 1))
    assert all(seqs == sorted(seqs) for seqs in done)  # each caller's entries in its own order
    assert audit.verify(workspace) == threads * each
    by_actor = {(e.actor, json.loads(e.detail)["i"]): e.seq for e in audit.entries(workspace)}
    assert len(by_actor) == threads * each  # every entry once, none lost or doubled
    assert audit.read_head(workspace.path) == audit.current_head(workspace)


def test_a_failed_commit_fails_every_caller_in_it_and_leaves_the_chain_intact(
    workspace: Workspace,
) -> None:
    _five(workspace)
    with pytest.raises(duckdb.Error):  # a value the column refuses: the whole statement fails
        audit.append(workspace, actor=None, action=Action.CONSULTATION)  # type: ignore[arg-type]
    assert audit.verify(workspace) == 5
    assert audit.append(workspace, actor="after", action=Action.CONSULTATION) == 6
    assert audit.verify(workspace) == 6


def test_concurrent_searches_through_the_gate_each_leave_exactly_one_entry(
    ws: Workspace, tmp_path: Path
) -> None:
    load(
        ws,
        [Person("F1", "FR-OCRIEST", "Karwan AHMAD"), Person("F2", "FR-OCRIEST", "Shilan Rashid")],
        tmp_path,
    )
    users(ws, ("anna", "UK-NCA", Role.ANALYST), ("ben", "UK-NCA", Role.ANALYST))
    index.refresh(ws)
    before = audit.verify(ws)
    threads, each = 6, 5
    start = threading.Barrier(threads)

    def work(number: int, cursor: Workspace) -> int:
        start.wait()
        purpose = require_purpose(f"OP-{number}: concurrent look-ups")
        name = ("anna", "ben")[number % 2]
        return sum(len(gate.search(cursor, name, "Karwan Ahmed", purpose)) for _ in range(each))

    with ThreadPoolExecutor(threads) as pool:
        found = list(pool.map(work, range(threads), _cursors(ws, threads)))
    assert found == [each] * threads  # every search found the one person
    logged = [e for e in audit.entries(ws) if e.seq > before]
    assert len(logged) == threads * each
    assert all(e.subjects == ("FR-OCRIEST|F1",) for e in logged)
    assert sorted(e.purpose or "" for e in logged) == sorted(
        f"OP-{n}: concurrent look-ups" for n in range(threads) for _ in range(each)
    )
    assert audit.verify(ws) == before + threads * each
