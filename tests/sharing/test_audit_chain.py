"""The audit chain against every kind of hand edit in the DuckDB file."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroute.sharing import audit
from crossroute.sharing.audit import Action, Head
from crossroute.sharing.errors import AuditBroken
from crossroute.store import Workspace

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
