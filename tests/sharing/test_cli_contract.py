"""The CLI contracts: search through the gate, audit verify against hand edits, users, exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from crossroute.sharing import gate, require_purpose, tokens
from crossroute.sharing.users import Role
from crossroute.store import Workspace
from crossroute.store.workspace import DB_FILE
from tests.sharing.conftest import ADMIN_PASSWORD, Person, cli, load, users

PEOPLE = [
    Person("N1", "UK-NCA", "Karwan Ahmed", phone="07700 900123", handling="P", grading="1A"),
    Person("F1", "FR-OCRIEST", "Muhammad Hussein", phone="06 12 34 56 78", handling="H2"),
    Person("F2", "FR-OCRIEST", "Mohamed HOSSEIN", birth="1990-05-05", handling="H1"),
    Person("D1", "DE-BKA", "Gëzim Çela", birth="1991-02-02", handling="H0", grading="E5"),
]
PURPOSE = require_purpose("OP-1: who is behind the Calais crossings")


@pytest.fixture(scope="module")
def workspace_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("contract")
    with Workspace.create(root / "ws") as ws:
        load(ws, PEOPLE, root)
        users(ws, ("ann", "UK-NCA", Role.ANALYST), ("dora", "UK-NCA", Role.DPO))
    return root / "ws"


def _lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _audit_count(path: Path) -> int:
    with Workspace.open(path) as ws:
        return int(ws.scalar("SELECT count(*) FROM sharing.audit_log"))


def test_search_prints_json_lines_logs_once_and_refuses_clearly(workspace_path: Path) -> None:
    before = _audit_count(workspace_path)
    found = cli(
        "search", workspace_path, "Mohammed Husayn", "--user", "ann", "--purpose", "OP-1: x"
    )
    assert found.returncode == 0, found.stderr
    entities = _lines(found.stdout)
    assert {r["record_id"] for e in entities for r in e["records"]} == {"F1", "F2"}  # type: ignore[attr-defined]
    assert _audit_count(workspace_path) == before + 1
    bare = cli("search", workspace_path, "Karwan", "--user", "ann")
    assert bare.returncode != 0 and "purpose is required" in bare.stderr and bare.stdout == ""
    stranger = cli("search", workspace_path, "Karwan", "--user", "mallory", "--purpose", "OP-1: x")
    assert stranger.returncode != 0 and stranger.stdout == ""
    assert "unknown user 'mallory'" in stranger.stderr and "crossroute users add" in stranger.stderr
    assert _audit_count(workspace_path) == before + 1


def test_identifiers_match_in_any_format(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as ws:
        for phone in ("+33 6 12 34 56 78", "0033612345678", "+33612345678", "+33 (0)6 12 34 56 78"):
            views = gate.search(ws, "ann", phone, PURPOSE)
            assert [r["record_id"] for v in views for r in v.records] == ["F1"], phone
        national = gate.search(ws, "ann", "07700 900123", PURPOSE)  # ann is UK-NCA: GB numbering
        assert [v.entity_id for v in national] == ["UK-NCA:N1"]
        blank = gate.search(ws, "ann", "   ", PURPOSE)
    assert blank == []


def test_search_shows_grading_and_provenance_with_every_record(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as ws:
        (entity,) = gate.search(ws, "ann", "Gezim Cela", PURPOSE)
    (record,) = entity.records
    assert record["grading"] == {"scheme": "ADMIRALTY", "source": "E", "info": "5"}
    assert record["handling"]["code"] == "H0" and record["nature"] == "fact"
    assert "rests only on low-graded or ungraded information" in entity.caveats
    assert "single source: every fact shown comes from one agency" in entity.caveats


def test_empty_purposes_and_non_querying_roles_are_refused(workspace_path: Path) -> None:
    for text in (None, "", "  ", "\t\n"):
        with pytest.raises(Exception, match="purpose is required"):
            require_purpose(text)
    with Workspace.open(workspace_path) as ws:
        (seen,) = gate.search(ws, "dora", "Karwan", PURPOSE)  # a DPO: hit/no-hit only
    assert seen.records == [] and seen.hits[0]["reference"] == "UK-NCA:N1"


def _tamper(path: Path, sql: str) -> None:
    connection = duckdb.connect(str(path / DB_FILE))
    connection.execute(sql)
    connection.close()


def test_audit_verify_exits_non_zero_naming_the_deleted_last_entry(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws") as ws:
        load(ws, PEOPLE, tmp_path)
        users(ws, ("ann", "UK-NCA", Role.ANALYST))
        for query in ("Karwan", "Hussein"):
            gate.search(ws, "ann", query, PURPOSE)
    intact = cli("audit", "verify", tmp_path / "ws")
    assert intact.returncode == 0 and "2 entries" in intact.stdout
    _tamper(tmp_path / "ws", "DELETE FROM sharing.audit_log WHERE seq = 2")
    broken = cli("audit", "verify", tmp_path / "ws")
    assert broken.returncode != 0 and "entry 2" in broken.stderr, broken.stderr


def test_users_need_an_explicit_first_admin_and_an_authenticated_admin(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    Workspace.create(ws).close()
    env = {"CROSSROUTE_PASSWORD": ADMIN_PASSWORD}
    stdin = ADMIN_PASSWORD + "\n"
    made = cli(
        "users", "init-admin", ws, "root", "--agency", "UK-NCA", "--password-stdin", stdin=stdin
    )
    assert made.returncode == 0, made.stderr
    again = cli(
        "users", "init-admin", ws, "eve", "--agency", "UK-NCA", "--password-stdin", stdin=stdin
    )
    assert again.returncode != 0 and "already exists" in again.stderr
    add = ("users", "add", ws, "ann", "--agency", "UK-NCA", "--role", "analyst", "--as", "root")
    assert cli(*add, env=env).returncode == 0
    token = cli("users", "token", ws, "ann", "--as", "root", "--days", "7", env=env)
    secret = token.stdout.strip().splitlines()[-1]
    with Workspace.open(ws) as workspace:
        (stored,) = workspace.rows("SELECT password_hash FROM sharing.users WHERE name = 'root'")
        digests = [d for (d,) in workspace.rows("SELECT secret_sha256 FROM sharing.tokens")]
    assert stored[0].startswith("$argon2id$") and ADMIN_PASSWORD not in stored[0]
    assert len(digests) == 1 and secret.split(".", 1)[1] not in digests[0]
    search = ("search", ws, "x", "--purpose", "OP-1: x")
    with Workspace.open(ws) as workspace:
        assert tokens.user_for_token(workspace, secret).name == "ann"
    assert cli(*search, "--user", "root", env={"CROSSROUTE_TOKEN": secret}).returncode != 0


def test_clusters_export_needs_no_user_is_logged_and_neutralises_formulas(tmp_path: Path) -> None:
    people = [
        Person('=HYPERLINK("x")', "UK-NCA", "Karwan Ahmed", handling="P", grading="1A"),
        Person("@SUM", "UK-NCA", "Rebin Aziz", birth="2001-12-01", handling="C", grading="2B"),
        Person("N3", "UK-NCA", "Shilan Rashid", birth="1994-09-30", handling="P", grading="1A"),
    ]
    with Workspace.create(tmp_path / "ws") as ws:
        load(ws, people, tmp_path)
        ws.rows("INSERT INTO resolution_runs VALUES (1, 'test', now(), now(), 3, 0, 3, 0.5, NULL)")
        ws.rows(
            "INSERT INTO clusters SELECT source, record_id, 'P-' || row_number() OVER (), 1 FROM records"
        )
    out = tmp_path / "clusters.csv"
    done = cli("export", tmp_path / "ws", "clusters", "--out", out)
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["record_id", "source", "entity_id"]
    assert {r[0] for r in rows[1:]} == {'\'=HYPERLINK("x")', "'@SUM", "N3"}
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    with Workspace.open(tmp_path / "ws") as ws:
        (entry,) = ws.rows("SELECT actor, action, recipients FROM sharing.audit_log")
    assert entry == ("system", "disclosure", [str(out)])


def test_parquet_export_copies_personal_data_only_for_an_administrator(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws") as ws:
        load(ws, PEOPLE, tmp_path)
        users(ws, ("ann", "UK-NCA", Role.ANALYST))
    out = tmp_path / "pq"
    bare = cli("export", tmp_path / "ws", "parquet", "--out", out)
    assert bare.returncode != 0 and "--user" in bare.stderr and not out.exists()
    done = cli(
        "export",
        tmp_path / "ws",
        "parquet",
        "--out",
        out,
        "--user",
        "root",
        "--purpose",
        "nightly backup",
    )
    assert done.returncode == 0, done.stderr
    written = {p.stem for p in out.glob("*.parquet")}
    assert "records" in written and not any("audit" in name or "users" in name for name in written)
    with Workspace.open(tmp_path / "ws") as ws:
        (entry,) = ws.rows("SELECT actor, action, recipients FROM sharing.audit_log")
    assert entry == ("root", "disclosure", [str(out)])
