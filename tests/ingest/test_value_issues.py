"""A value that cannot be cleaned keeps its row: the record loads, the value is kept as written and
listed (ingest report, status, `crossroute quarantine --value-issues`, the entity page's data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroute.cli.app import app
from crossroute.ingest.issues import not_understood
from crossroute.ingest.loader import ingest_file
from crossroute.ingest.mapping import MappingError, load_mapping
from crossroute.model.person_csv import PERSON_COLUMNS
from crossroute.sharing import audit
from crossroute.sharing.users import FIRST_ADMIN, Role, _insert, add_user
from crossroute.store import Workspace

ROWS = [
    # record_id, source, full_name, date_of_birth, phone, nationality
    ("V1", "UK-NCA", "Karwan Ahmed", "1990-04-03", "07700 900123", "Iraq"),
    ("V2", "UK-NCA", "Reza Karimi", "30/02/1993", "+98 912 34 5678", "Iran"),
    ("V3", "UK-NCA", "Omid Hosseini", "1985-05-05", "12", "Atlantis"),
    ("", "UK-NCA", "No Id", "1985-05-05", "", ""),  # a row-level problem still quarantines
]


def _person_csv(path: Path) -> Path:
    where = {name: i for i, name in enumerate(PERSON_COLUMNS)}
    lines = [",".join(PERSON_COLUMNS)]
    for record_id, source, name, born, phone, nationality in ROWS:
        cells = [""] * len(PERSON_COLUMNS)
        cells[where["record_id"]], cells[where["source"]] = record_id, source
        cells[where["full_name"]], cells[where["date_of_birth"]] = name, born
        cells[where["phone"]], cells[where["nationality"]] = phone, nationality
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("issues")
    ws_path = folder / "ws"
    with Workspace.create(ws_path) as ws:
        report = ingest_file(ws, _person_csv(folder / "persons.csv"))
        boss = _insert(ws, "root", "UK-NCA", Role.ADMINISTRATOR, None, FIRST_ADMIN)
        add_user(ws, boss, "dora", "UK-NCA", Role.DPO)
        add_user(ws, boss, "anna", "UK-NCA", Role.ANALYST)
    assert report.loaded == 3 and report.quarantined == 1
    assert report.value_issues == 4
    return ws_path


def test_each_value_not_understood_is_listed_with_its_row_field_and_reason(loaded: Path) -> None:
    with Workspace.open(loaded) as ws:
        issues = ws.rows(
            "SELECT record_id, row_number, field, property, raw, reason FROM value_issues "
            "ORDER BY row_number, field"
        )
        phones = dict(ws.rows("SELECT record_id, phone FROM persons"))
        props = json.loads(ws.scalar("SELECT properties FROM records WHERE record_id = 'V2'"))
    assert [(i[0], i[1], i[2], i[4]) for i in issues] == [
        ("V2", 3, "date_of_birth", "30/02/1993"),
        ("V2", 3, "phone", "+98 912 34 5678"),
        ("V3", 4, "nationality", "Atlantis"),
        ("V3", 4, "phone", "12"),
    ]
    assert "impossible date" in issues[0][5]
    assert "wrong length for IR" in issues[1][5] or "too short for IR" in issues[1][5]
    # invalid values are never cleaned identifiers
    assert phones == {"V1": "+447700900123", "V2": None, "V3": None}
    assert props["phone_invalid"] == ["+98 912 34 5678"]
    assert props["birthDate_invalid"] == ["30/02/1993"] and props["birthDate"] is None


def test_status_and_the_ingest_report_count_value_issues(loaded: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    status = json.loads(runner.invoke(app, ["status", str(loaded), "--json"]).stdout)
    assert status["quarantined"] == 1 and status["value_issues"] == 4
    ws = tmp_path / "ws"
    runner.invoke(app, ["init", str(ws)])
    done = runner.invoke(app, ["ingest", str(ws), str(_person_csv(tmp_path / "p.csv")), "--json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["value_issues"] == 4 and report["loaded"] == 3
    assert sum(report["value_issue_reasons"].values()) == 4
    assert report["value_issue_examples"][0]["raw"] == "30/02/1993"


def test_a_dpo_lists_quarantined_rows_and_value_issues_and_it_is_logged(loaded: Path) -> None:
    runner = CliRunner()
    common = ["--user", "dora", "--purpose", "DPO review of ingest problems"]
    rows = runner.invoke(app, ["quarantine", str(loaded), *common, "--json"])
    assert rows.exit_code == 0, rows.output
    quarantined = [json.loads(line) for line in rows.stdout.splitlines()]
    assert [(q["row_number"], q["field"]) for q in quarantined] == [(5, "record_id")]
    values = runner.invoke(
        app, ["quarantine", str(loaded), *common, "--value-issues", "--file", "persons.csv"]
    )
    assert values.exit_code == 0, values.output
    assert "Atlantis" in values.stdout and "impossible date" in values.stdout
    refused = runner.invoke(app, ["quarantine", str(loaded), "--user", "anna", "--purpose", "x y"])
    assert refused.exit_code != 0 and "dpo or administrator" in refused.output
    with Workspace.open(loaded) as ws:
        logged = [e for e in audit.entries(ws) if e.actor == "dora"]
    assert len(logged) == 2
    assert "UK-NCA|V2" in logged[1].subjects


def test_the_entity_page_says_what_was_supplied_and_why_it_was_not_understood(
    loaded: Path,
) -> None:
    with Workspace.open(loaded) as ws:
        props = json.loads(ws.scalar("SELECT properties FROM records WHERE record_id = 'V2'"))
        shown = not_understood(ws, [{"source": "UK-NCA", "record_id": "V2", "properties": props}])
    texts = {s["property"]: s["text"] for s in shown}
    assert texts["phone"].startswith("as supplied, not understood: '+98 912 34 5678', ")
    assert "for IR" in texts["phone"]
    assert texts["birthDate"] == (
        "as supplied, not understood: '30/02/1993', impossible date, February 1993 has no day 30"
    )


def test_a_yaml_syntax_error_names_the_mapping_file(tmp_path: Path) -> None:
    bad = tmp_path / "fr-ocriest.yaml"
    bad.write_text("entities:\n  - key: p\n    schema: Person\n   id: {column: a}\n")
    with pytest.raises(MappingError, match=r"fr-ocriest\.yaml line 4, column 4: .*not valid YAML"):
        load_mapping(bad)
