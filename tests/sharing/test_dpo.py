"""DPO tools: erasure with a tombstone through every derived table, who looked, unusual access,
review dates, correction notices."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from crossroute.sharing import Use, audit, dpo, erasure, events, gate, require_purpose
from crossroute.sharing.errors import AccessDenied
from crossroute.sharing.users import Role, get_user
from crossroute.store import Workspace
from tests.sharing.conftest import Person, load, users

PEOPLE = [
    Person("N1", "UK-NCA", "Karwan Ahmed", phone="+447700900123", handling="P", grading="1A", review="2024-01-01"),
    Person("F1", "FR-OCRIEST", "Karwan AHMAD", phone="+447700900123", handling="H0", review="2025-06-30"),
    Person("F2", "FR-OCRIEST", "Shilan Rashid", birth="1994-09-30", handling="H0"),
]  # fmt: skip
PURPOSE = require_purpose("OP-1: Calais crossings")


@pytest.fixture
def loaded(ws: Workspace, tmp_path: Path) -> Workspace:
    load(ws, PEOPLE, tmp_path)
    users(
        ws,
        ("ann", "UK-NCA", Role.ANALYST),
        ("fred", "FR-OCRIEST", Role.ANALYST),
        ("dora", "UK-NCA", Role.DPO),
        ("sup", "UK-NCA", Role.SUPERVISOR),
    )
    return ws


def _derive(ws: Workspace) -> None:
    """What resolution and analyses leave behind, written as they write it."""
    ws.rows("INSERT INTO resolution_runs VALUES (1, 'test', now(), now(), 3, 1, 2, 0.5, NULL)")
    ws.rows(
        "INSERT INTO clusters VALUES ('UK-NCA', 'N1', 'P-1', 1), ('FR-OCRIEST', 'F1', 'P-1', 1), "
        "('FR-OCRIEST', 'F2', 'P-2', 1)"
    )
    ws.rows(
        "INSERT INTO match_pairs VALUES (1, 'FR-OCRIEST|F1', 'UK-NCA|N1', 9.0, 0.99, true, NULL, '{}', '{}')"
    )
    ws.rows(
        "INSERT INTO identifiers VALUES ('phone', '+447700900123', 'UK-NCA', 'N1', 'Person', 'phone', 1), "
        "('phone', '+447700900123', 'FR-OCRIEST', 'F1', 'Person', 'phone', 1)"
    )
    ws.rows(
        "INSERT INTO decisions VALUES (1, 'confirm', 'FR-OCRIEST|F1', 'UK-NCA|N1', 'ann', now(), 'same')"
    )
    ws.rows(
        "INSERT INTO federation.published VALUES ('ref-n1', 'UK-NCA', 'N1', now()), "
        "('ref-f1', 'FR-OCRIEST', 'F1', now())"
    )
    ws.rows(
        "INSERT INTO federation.hits VALUES ('FR', 'ref-n1', 'UK-NCA', 'N1', 'peer-9', 0.97, "
        "'person', now(), 'ann')"
    )
    ws.rows("CREATE TABLE network_nodes (entity_id VARCHAR, degree INTEGER)")
    ws.rows("INSERT INTO network_nodes VALUES ('P-1', 3), ('P-2', 1)")


def _count(ws: Workspace, sql: str) -> int:
    return int(ws.scalar(sql))


def test_erasure_reaches_every_derived_table_and_leaves_a_tombstone(loaded: Workspace) -> None:
    ws = loaded
    _derive(ws)
    assert [v.entity_id for v in gate.search(ws, "ann", "Karwan Ahmed", PURPOSE)] == ["P-1"]
    removed = erasure.erase(ws, get_user(ws, "dora"), "UK-NCA", "N1", "LED Art. 16: unlawful")
    assert removed["records"] == 1 and removed["clusters"] == 1 and removed["identifiers"] == 1
    assert removed["match_pairs"] == 1 and removed["decisions"] == 1
    assert removed["sharing.search_names"] >= 1 and removed["sharing.search_ids"] == 1
    # a published reference left behind would keep answering peers' hit/no-hit queries
    assert removed["federation.published"] == 1 and removed["federation.hits"] == 1
    assert ws.rows("SELECT reference FROM federation.published") == [("ref-f1",)]
    uid_rows = (
        "SELECT count(*) FROM {} WHERE unique_id_l = 'UK-NCA|N1' OR unique_id_r = 'UK-NCA|N1'"
    )
    for table in (
        "records",
        "clusters",
        "identifiers",
        "sharing.search_names",
        "sharing.search_ids",
    ):
        assert _count(ws, f"SELECT count(*) FROM {table} WHERE source = 'UK-NCA'") == 0, table
    for table in ("match_pairs", "decisions"):
        assert _count(ws, uid_rows.format(table)) == 0
    assert _count(ws, "SELECT count(*) FROM persons WHERE record_id = 'N1'") == 0
    assert _count(ws, "SELECT count(*) FROM records") == 2  # nothing else touched
    assert _count(ws, "SELECT count(*) FROM network_nodes") == 2  # P-1 still has F1
    (tombstone,) = ws.rows("SELECT source, record_id, erased_by, reason FROM sharing.tombstones")
    assert tombstone == ("UK-NCA", "N1", "dora", "LED Art. 16: unlawful")
    views = gate.search(ws, "ann", "Karwan Ahmed", PURPOSE)
    assert {r["record_id"] for v in views for r in v.records} == {"F1"}
    assert audit.verify(ws) == 3
    erased = audit.entries(ws)[1]
    assert erased.action == "erasure" and erased.subjects == ("UK-NCA|N1",)
    last = audit.entries(ws)[2]
    assert last.action == "consultation" and "UK-NCA|N1" not in last.subjects


def test_erasing_an_entity_s_last_record_removes_the_entity_everywhere(loaded: Workspace) -> None:
    _derive(loaded)
    erasure.erase(loaded, get_user(loaded, "dora"), "FR-OCRIEST", "F2", "retention period over")
    assert _count(loaded, "SELECT count(*) FROM network_nodes WHERE entity_id = 'P-2'") == 0
    assert _count(loaded, "SELECT count(*) FROM network_nodes") == 1


def test_only_a_dpo_erases(loaded: Workspace) -> None:
    with pytest.raises(AccessDenied):
        erasure.erase(loaded, get_user(loaded, "sup"), "UK-NCA", "N1", "because")
    assert _count(loaded, "SELECT count(*) FROM records") == 3


def test_who_looked_at_a_person_when_and_why(loaded: Workspace) -> None:
    gate.search(loaded, "fred", "Karwan", require_purpose("OP-9: French side"))
    gate.search(loaded, "ann", "Shilan Rashid", PURPOSE)
    found = dpo.accesses(loaded, get_user(loaded, "dora"), "UK-NCA", "N1", "complaint 17")
    assert [(a.actor, a.agency, a.purpose) for a in found] == [
        ("fred", "FR-OCRIEST", "OP-9: French side")
    ]
    with pytest.raises(AccessDenied):
        dpo.accesses(loaded, get_user(loaded, "ann"), "UK-NCA", "N1", "curious")


def test_unusual_access_volume_spikes_and_look_ups_outside_cases(loaded: Workspace) -> None:
    for _ in range(25):
        gate.search(loaded, "ann", "Karwan", PURPOSE)
    for _ in range(2):  # two searches: below the minimum, no spike
        gate.search(loaded, "fred", "Shilan", require_purpose("OP-9: check"))
    findings = dpo.unusual(loaded, get_user(loaded, "dora"), "monthly review", minimum=20)
    kinds = {(f.user, f.kind) for f in findings}
    assert ("ann", "volume spike") in kinds and ("fred", "volume spike") not in kinds
    assert ("ann", "outside cases") in kinds  # ann is in no case at all


def test_review_date_report(loaded: Workspace) -> None:
    dora = get_user(loaded, "dora")
    due = dpo.review_due(loaded, dora, "quarterly review", dt.date(2025, 1, 1))
    assert [(s, r) for s, r, _, _ in due] == [("UK-NCA", "N1")]
    later = dpo.review_due(loaded, dora, "quarterly review", dt.date(2025, 7, 1))
    assert [r for _, r, _, _ in later] == ["N1", "F1"]


def test_correction_notices_reach_every_agency_that_received_the_record(loaded: Workspace) -> None:
    gate.search(loaded, "ann", "Shilan Rashid", PURPOSE)  # UK-NCA saw FR-OCRIEST's F2
    gate.search(
        loaded,
        "fred",
        "Shilan Rashid",
        require_purpose("OP-9: hand over", use=Use.DISCLOSE, recipient="BE-FJP"),
    )
    sent = dpo.correct(loaded, get_user(loaded, "dora"), "FR-OCRIEST", "F2", "born 1995, not 1994")
    assert sent == ["BE-FJP", "UK-NCA"]
    notices = dpo.notices_for(loaded, "UK-NCA")
    assert [(r, n) for r, n, _, _ in notices] == [("FR-OCRIEST:F2", "born 1995, not 1994")]
    assert json.loads(audit.entries(loaded)[-1].detail)["path"] == "dpo correct"


def test_collection_combination_and_decisions_reach_the_log_once(loaded: Workspace) -> None:
    _derive(loaded)  # one ingest batch, one resolution run, one analyst's decision
    assert events.sync(loaded) == 3
    assert events.sync(loaded) == 0
    logged = [(e.actor, e.action, json.loads(e.detail)["path"]) for e in audit.entries(loaded)]
    assert logged == [
        ("system", "collection", "ingest"),
        ("system", "combination", "resolve"),
        ("ann", "combination", "decide"),
    ]
    assert audit.verify(loaded) == 3
