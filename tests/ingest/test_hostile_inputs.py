"""Hostile files and manifests (issue 19, "Robustness and hygiene"): each gets a clear error naming the
file and what is wrong, never a traceback; a manifest cannot reach outside its folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from crossroute.cli.app import app
from crossroute.ingest.loader import ingest_file
from crossroute.model.person_csv import PERSON_COLUMNS
from crossroute.sharing.users import Role
from crossroute.store import Workspace
from tests.sharing.conftest import Person, load, users


def run(*args: object, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200", **(env or {})})


def no_traceback(done: Result) -> None:
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    assert "Traceback" not in done.output


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    Workspace.create(tmp_path / "ws").close()
    return tmp_path / "ws"


def person_csv(path: Path, **cells: str) -> Path:
    row = dict.fromkeys(PERSON_COLUMNS, "") | {"source": "UK-NCA", "full_name": "Ann Bee"} | cells
    path.write_text(
        ",".join(PERSON_COLUMNS) + "\n" + ",".join(row[c] for c in PERSON_COLUMNS) + "\n", "utf-8"
    )
    return path


def test_a_csv_with_one_60_kb_cell_loads(ws_path: Path, tmp_path: Path) -> None:
    big = person_csv(tmp_path / "big.csv", record_id="B1", address="x" * 60_000)
    with Workspace.open(ws_path) as ws:
        report = ingest_file(ws, big)
    assert report.loaded == 1 and report.quarantined == 0


@pytest.mark.parametrize(
    ("manifest", "says"),
    [
        ("files:\n  - agency: UK-NCA\n", "needs 'path'"),
        ("files: [unclosed\n", "not valid YAML"),
        ("files: persons.csv\n", "'files' must be a list"),
        ("files:\n  - persons.csv\n", "an entry is a mapping"),
        ("files:\n  - path: ../../../etc/passwd\n", "outside the manifest's folder"),
        ("files:\n  - path: /etc/passwd\n", "outside the manifest's folder"),
        ("files:\n  - path: persons.csv\n    mapping: ../elsewhere.yaml\n", "outside"),
    ],
)
def test_a_bad_manifest_is_a_clear_error(
    ws_path: Path, tmp_path: Path, manifest: str, says: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    person_csv(folder / "persons.csv", record_id="M1")
    (folder / "manifest.yaml").write_text(manifest, "utf-8")
    done = run("ingest", ws_path, folder)
    no_traceback(done)
    assert done.exit_code == 2 and says in done.output, done.output
    assert "manifest.yaml" in done.output


def test_a_manifest_entry_inside_its_folder_loads(ws_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "uk").mkdir(parents=True)
    person_csv(folder / "uk" / "persons.csv", record_id="M2")
    (folder / "manifest.yaml").write_text("files:\n  - path: uk/persons.csv\n", "utf-8")
    done = run("ingest", ws_path, folder, "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout.splitlines()[-1])["loaded"] == 1


def test_a_mapping_with_a_string_where_a_list_belongs_is_a_clear_error(
    ws_path: Path, tmp_path: Path
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "agency: UK-NCA\nentities:\n  - schema: Person\n    id: ref\n    properties: name\n",
        "utf-8",
    )
    data = tmp_path / "d.csv"
    data.write_text("ref,name\n1,Ann\n", "utf-8")
    done = run("ingest", ws_path, data, "--mapping", mapping)
    no_traceback(done)
    assert done.exit_code == 2 and "map.yaml" in done.output


def test_json_nested_100000_deep_is_rejected_clearly(ws_path: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    lines = tmp_path / "deep.jsonl"
    lines.write_text(
        json.dumps({"record_id": "J1", "schema": "Person", "source": "UK-NCA",
                    "properties": {"name": "Ann Bee"}}) + "\n" + "[" * 100_000 + "\n",
        "utf-8",
    )  # fmt: skip
    done = run("ingest", ws_path, deep)
    no_traceback(done)
    assert done.exit_code == 2 and "nested too deeply" in done.output
    with Workspace.open(ws_path) as ws:
        report = ingest_file(ws, lines)
    assert report.loaded == 1 and report.quarantined == 1
    assert any("nested too deeply" in reason for reason in report.reasons)


def test_a_one_line_jsonl_file_is_valid(ws_path: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    record = {"record_id": "J2", "schema": "Person", "source": "UK-NCA"}
    one.write_text(json.dumps(record | {"properties": {"name": "Ann Bee"}}) + "\n", "utf-8")
    with Workspace.open(ws_path) as ws:
        report = ingest_file(ws, one)
    assert report.loaded == 1 and report.quarantined == 0


def test_audit_verify_on_a_dropped_table_is_a_clear_failure(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        ws.rows("DROP TABLE sharing.audit_log")
    done = run("audit", "verify", ws_path)
    no_traceback(done)
    assert done.exit_code == 1 and "audit log broken" in done.output


def test_dpo_review_escapes_formula_cells(ws_path: Path, tmp_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        load(
            ws,
            [
                Person('=HYPERLINK("x")', "UK-NCA", "Ann Bee", review="2020-01-01"),
                Person("+1", "UK-NCA", "Cy Dee", review="2020-01-01"),
                Person("@SUM(A1)", "UK-NCA", "Ed Fox", review="2020-01-01"),
                Person("-2", "UK-NCA", "Gil Ho", review="2020-01-01"),
            ],
            tmp_path,
        )
        users(ws, ("dora", "UK-NCA", Role.DPO))
    done = run("dpo", "review", ws_path, "--user", "dora", "--purpose", "annual review")
    assert done.exit_code == 0, done.output
    ids = {line.split(",")[1] for line in done.stdout.splitlines()[1:] if line}
    assert ids and all(i.startswith(("'", "\"'")) for i in ids), ids


@pytest.mark.parametrize("purpose", ["\u200b", "\x00", "\u200b\u200c \u2060", "x" * 501])
def test_purposes_of_invisible_characters_or_too_long_are_refused(
    ws_path: Path, purpose: str
) -> None:
    with Workspace.open(ws_path) as ws:
        users(ws, ("ann", "UK-NCA", Role.ANALYST))
    done = run("search", ws_path, "Ann", "--user", "ann", "--purpose", purpose)
    no_traceback(done)
    assert done.exit_code == 2
    assert ("purpose is required" in done.output) or ("at most 500" in done.output)
    with Workspace.open(ws_path) as ws:
        assert ws.scalar("SELECT count(*) FROM sharing.audit_log") == 0
