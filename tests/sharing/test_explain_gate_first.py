"""The entity page and `crossroute explain` ask the gate first and explain only the records it shows
(issue 13, section 7): a record withheld from the caller is never read by the explanation, and no pair
that touches it is explained."""

from __future__ import annotations

import shutil
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest

from crossroute.model.record_key import RecordKey
from crossroute.resolve import explain as resolution
from crossroute.sharing import explain as gated
from crossroute.sharing.policy import Use, require_purpose
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.analysis.case_fixture import resolved

ZAND = "Mohammed Zand"  # Europol's record (SIENA H2: not to be passed on) and OCRIEST's, one entity


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, case = resolved(tmp_path_factory)
    copy = tmp_path_factory.mktemp("explain-gate") / "ws"
    shutil.copytree(case, copy)
    with Workspace.open(copy) as workspace:
        root = create_first_admin(workspace, "root", "UK-NCA", "a long test password")
        add_user(workspace, root, "anna", "UK-NCA", Role.ANALYST)
    return copy


def _zand(workspace: Workspace) -> str:
    found = workspace.scalar(
        "SELECT c.entity_id FROM clusters c JOIN persons p USING (source, record_id) "
        "WHERE p.full_name = ? AND p.source = 'EU-EUROPOL'",
        [ZAND],
    )
    assert found, "the small case holds Europol's Mohammed Zand"
    return str(found)


def test_a_withheld_record_is_neither_read_nor_explained(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[set[tuple[str, str]] | None] = []
    real = resolution.explain

    def spy(
        workspace: Workspace, target: str, *, only: Collection[tuple[str, str]] | None = None
    ) -> resolution.EntityExplanation:
        asked.append(None if only is None else set(only))
        return real(workspace, target, only=only)

    monkeypatch.setattr(gated, "explain", spy)
    disclose = require_purpose("OP-TEST: passing on", None, Use.DISCLOSE, "DE-BKA")
    with Workspace.open(ws) as workspace:
        entity = _zand(workspace)
        members = {(str(s), str(r)) for s, r in workspace.rows(
            "SELECT source, record_id FROM clusters WHERE entity_id = ?", [entity]
        )}  # fmt: skip
        view, found = gated.seen_entity(workspace, "anna", entity, disclose, path="test")
        everything = real(workspace, entity)
    assert found is not None
    shown = {(str(r["source"]), str(r["record_id"])) for r in view.records}
    withheld = members - shown
    assert withheld and {s for s, _ in withheld} == {"EU-EUROPOL"}  # the owner keeps it
    assert asked == [shown]  # the gate first; resolution read only what it shows
    assert {(str(r["source"]), str(r["record_id"])) for r in found.records} == shown
    hidden = {str(RecordKey(s, r)) for s, r in withheld}
    assert not any(p.left in hidden or p.right in hidden for p in found.pairs)
    seen_uids = {str(RecordKey(s, r)) for s, r in shown}

    def pairs(pairs: list[Any]) -> list[tuple[str, str, float]]:
        return sorted((p.left, p.right, p.match_weight) for p in pairs)

    # the same pairs as explaining everything and keeping those between two shown records
    assert pairs(found.pairs) == pairs(
        [p for p in everything.pairs if p.left in seen_uids and p.right in seen_uids]
    )
    assert any(p.left in hidden or p.right in hidden for p in everything.pairs)
