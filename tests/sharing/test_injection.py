"""Hostile input in every free-text field: SQL, path traversal, spreadsheet formulas."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroute.sharing import audit, cases, deconfliction, gate, require_purpose
from crossroute.sharing.errors import SharingError, UnknownUser
from crossroute.sharing.exports import FORMULA_STARTS, neutralise, write_csv
from crossroute.sharing.users import Role, get_user
from crossroute.store import Workspace
from tests.sharing.conftest import Person, load, users

HOSTILE = [
    "'; DROP TABLE records; --",
    "Karwan' OR '1'='1",
    '" OR 1=1 --',
    "x'); DELETE FROM sharing.audit_log; --",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "=cmd|'/c calc'!A1",
    "UK-NCA:' OR 1=1 --",
    "%00\x00nul",
    "Karwan\nAhmed",
]
PEOPLE = [
    Person("N1", "UK-NCA", "Karwan Ahmed", handling="P", grading="1A"),
    Person("../../evil", "UK-NCA", "Rebin Aziz", birth="2001-12-01", handling="P", grading="1A"),
    Person("F1", "ZZ-OWNER", "Shilan Rashid", birth="1994-09-30", handling="TLP:RED"),
]


@pytest.fixture
def loaded(ws: Workspace, tmp_path: Path) -> Workspace:
    load(ws, PEOPLE, tmp_path)
    users(ws, ("ann", "UK-NCA", Role.ANALYST), ("sup", "UK-NCA", Role.SUPERVISOR))
    return ws


def _tables(ws: Workspace) -> list[tuple[object, ...]]:
    return ws.rows("SELECT schema_name, table_name FROM duckdb_tables() ORDER BY 1, 2")


def test_hostile_queries_and_purposes_are_text_nothing_more(loaded: Workspace) -> None:
    before = _tables(loaded)
    for text in HOSTILE:
        views = gate.search(loaded, "ann", text, require_purpose(f"OP-1: {text}"))
        shown = {r["record_id"] for v in views for r in v.records}
        assert shown <= {"N1"} if "Karwan" in text else shown == set(), text
        assert "F1" not in shown
    assert _tables(loaded) == before
    assert loaded.scalar("SELECT count(*) FROM records") == 3
    assert audit.verify(loaded) == len(HOSTILE)
    stored = [e.purpose for e in audit.entries(loaded)]
    printable = ["".join(" " if unicodedata.category(c) == "Cc" else c for c in t) for t in HOSTILE]
    assert stored == [f"OP-1: {' '.join(t.split())}" for t in printable]  # NUL etc.: spaces


def test_hostile_names_of_users_cases_and_operations(loaded: Workspace) -> None:
    for text in HOSTILE:
        with pytest.raises(UnknownUser):
            gate.search(loaded, text, "Karwan", require_purpose("OP-1: x"))
    sup = get_user(loaded, "sup")
    for number, text in enumerate(HOSTILE):
        cases.open_case(loaded, sup, f"{text}{number}")
        target = deconfliction.parse_target(
            "address:" + text, dt.date(2026, 1, 1), dt.date(2026, 2, 1), "GB"
        )
        deconfliction.register(
            loaded, get_user(loaded, "ann"), f"{text}{number}", text, [target], text
        )
    assert loaded.scalar("SELECT count(*) FROM sharing.cases") == len(HOSTILE)
    assert loaded.scalar("SELECT count(*) FROM sharing.users") == 3
    assert loaded.scalar("SELECT count(*) FROM records") == 3


def test_a_record_id_that_looks_like_a_path_is_only_an_id(
    loaded: Workspace, tmp_path: Path
) -> None:
    before = {p.name for p in tmp_path.rglob("*")}
    views = gate.search(loaded, "ann", "UK-NCA:../../evil", require_purpose("OP-1: x"))
    assert [r["record_id"] for v in views for r in v.records] == ["../../evil"]
    new = {p.name for p in tmp_path.rglob("*")} - before
    assert new <= {"audit-head.json", "crossroute.duckdb.wal"}
    assert not any("evil" in p.name for p in tmp_path.parent.rglob("*"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_no_cell_can_run_as_a_formula(text: str) -> None:
    cell = neutralise(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell == text or cell == "'" + text


def test_csv_exports_neutralise_every_leading_formula_character(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    rows = [[f"{c}SUM(A1)", "ok", f"{c}1+1"] for c in "=+-@\t\r"]
    assert write_csv(out, ["a", "b", "c"], rows) == len(rows)
    with out.open(encoding="utf-8", newline="") as handle:
        read = list(csv.reader(handle))[1:]
    assert all(cell.startswith("'") for row in read for cell in (row[0], row[2]))
    assert all(row[1] == "ok" for row in read)


def test_hostile_targets_are_refused_or_kept_as_text() -> None:
    with pytest.raises(SharingError):
        deconfliction.parse_target(
            "'; DROP TABLE x; --", dt.date(2026, 1, 1), dt.date(2026, 1, 2), "GB"
        )
