"""Every CLI command that alters or discloses data writes its audit entry (issue 13, section 2), and
every command that alters data authenticates its user (issue 19, item 5): unknown and disabled users
are refused, a token must be the user's, and a decision naming a record the user may not see is
refused exactly as one that does not exist."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from crossroute.cli.app import app
from crossroute.sharing import tokens
from crossroute.sharing.users import Role, get_user
from crossroute.store import Workspace
from tests.sharing.conftest import EXTRA, Person, users

PEOPLE = [
    Person("N1", "UK-NCA", "Karwan Ahmed", phone="07700 900123", handling="P"),
    Person("N2", "UK-NCA", "Karwan AHMED", phone="07700 900123", handling="P"),
    Person("R1", "UK-NCA", "Velimir KASTRATIX", handling="TLP:RED"),
    Person("F1", "FR-OCRIEST", "Velimir KASTRATI", handling="H0"),
    Person("F2", "FR-OCRIEST", "Gezim CELA", handling="H0", review="2020-01-01"),
]


def run(*args: object, token: str | None = None, stdin: str | None = None) -> Result:
    env = {"COLUMNS": "200"} | ({"CROSSROUTE_TOKEN": token} if token else {})
    return CliRunner().invoke(app, [str(a) for a in args], env=env, input=stdin)


def ok(done: Result) -> Result:
    assert done.exit_code == 0, done.output
    return done


def person_file(folder: Path, people: list[Person], name: str) -> Path:
    from crossroute.model.person_csv import PERSON_COLUMNS

    path = folder / name
    lines = [",".join([*PERSON_COLUMNS, *EXTRA])] + [",".join(p.row()) for p in people]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def log(ws: Path) -> list[dict[str, Any]]:
    with Workspace.open(ws) as workspace:
        rows = workspace.rows(
            "SELECT seq, actor, action, detail FROM sharing.audit_log ORDER BY seq"
        )
    return [{"seq": s, "actor": a, "action": b, **json.loads(c)} for s, a, b, c in rows]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("logged")
    ok(run("init", root / "ws"))
    with Workspace.open(root / "ws") as workspace:
        users(
            workspace,
            ("ann", "UK-NCA", Role.ANALYST),
            ("farid", "FR-OCRIEST", Role.ANALYST),
            ("sue", "UK-NCA", Role.SUPERVISOR),
            ("dora", "UK-NCA", Role.DPO),
            ("gone", "FR-OCRIEST", Role.ANALYST),
        )
        workspace.rows("UPDATE sharing.users SET disabled_at = now() WHERE name = 'gone'")
    return root / "ws"


def token(ws: Path, name: str) -> str:
    with Workspace.open(ws) as workspace:
        return tokens.issue_token(workspace, get_user(workspace, name), name, 1)[1]


# (command, token of, expected actor, action, path) in the order they run; {ws} {dir} filled in
COMMANDS: list[tuple[list[str], str | None, str, str, str]] = [
    (["ingest", "{ws}", "{dir}/uk.csv"], None, "os:", "collection", "cli ingest"),
    (["ingest", "{ws}", "{dir}/fr.csv", "--user", "farid"], None, "farid", "collection", "cli ingest"),
    (["resolve", "{ws}"], None, "system", "combination", "resolve"),
    (["search", "{ws}", "Karwan", "--user", "ann", "--purpose", "OP-1: x"], None, "ann", "consultation", "search"),
    (["explain", "{ws}", "UK-NCA:N1", "--user", "ann", "--purpose", "OP-1: x"], None, "ann", "consultation", "explain"),
    (["decide", "{ws}", "split", "UK-NCA:N1", "UK-NCA:N2", "--user", "ann", "--why", "two men"], "ann", "ann", "alteration", "decide"),
    (["network", "export", "{ws}", "--format", "graphml", "--out", "{dir}/g.graphml", "--user", "ann", "--purpose", "OP-1: x"], None, "ann", "consultation", "cli network export"),
    (["export", "{ws}", "clusters", "--out", "{dir}/clusters.csv"], None, "system", "disclosure", "export clusters"),
    (["export", "{ws}", "parquet", "--out", "{dir}/pq", "--user", "root", "--purpose", "backup"], None, "root", "disclosure", "export parquet"),
    (["import", "{ws}", "{dir}/pq", "--user", "root"], None, "root", "collection", "cli import"),
    (["users", "add", "{ws}", "nadia", "--agency", "UK-NCA", "--role", "analyst", "--as", "root"], "root", "root", "alteration", "users add"),
    (["users", "token", "{ws}", "nadia", "--as", "root"], "root", "root", "alteration", "users token"),
    (["users", "disable", "{ws}", "nadia", "--as", "root"], "root", "root", "alteration", "users disable"),
    (["cases", "open", "{ws}", "OP-1", "--user", "sue"], None, "sue", "alteration", "cases open"),
    (["cases", "member", "{ws}", "OP-1", "ann", "--user", "sue"], None, "sue", "alteration", "cases member"),
    (["cases", "link", "{ws}", "OP-1", "UK-NCA:N1", "--user", "sue", "--purpose", "OP-1: x"], None, "sue", "alteration", "cases link"),
    (["cases", "grant", "{ws}", "--to", "FR-OCRIEST", "--use", "onward", "--user", "sue", "--purpose", "OP-1"], None, "sue", "alteration", "cases grant"),
    (["deconflict", "register", "{ws}", "OP-A", "--user", "ann", "--contact", "desk", "--target", "phone:07700 900123", "--from", "2026-01-01", "--to", "2026-12-31", "--purpose", "OP-1: x"], None, "ann", "collection", "deconflict register"),
    (["deconflict", "close", "{ws}", "OP-A", "--user", "ann"], None, "ann", "alteration", "deconflict close"),
    (["dpo", "review", "{ws}", "--user", "dora", "--purpose", "review"], None, "dora", "consultation", "dpo review"),
    (["dpo", "correct", "{ws}", "FR-OCRIEST:F2", "--user", "dora", "--note", "wrong birth date"], None, "dora", "disclosure", "dpo correct"),
    (["dpo", "erase", "{ws}", "FR-OCRIEST:F2", "--user", "dora", "--purpose", "review date passed"], None, "dora", "erasure", "dpo erase"),
]  # fmt: skip


@pytest.mark.slow  # resolve (Splink) and the network analysis: about 60 s
def test_every_command_that_alters_or_discloses_data_writes_its_entry(
    ws: Path, tmp_path: Path
) -> None:
    person_file(tmp_path, [p for p in PEOPLE if p.source == "UK-NCA"], "uk.csv")
    person_file(tmp_path, [p for p in PEOPLE if p.source == "FR-OCRIEST"], "fr.csv")
    with Workspace.open(ws) as workspace:
        if not workspace.scalar("SELECT count(*) FROM sharing.users WHERE name = 'root'"):
            raise AssertionError("the fixture's administrator is root")
    missing = []
    for args, token_of, actor, action, path in COMMANDS:
        if args[0] == "import":  # into a second workspace: the same rows twice would collide
            ok(run("init", tmp_path / "ws2"))
            with Workspace.open(tmp_path / "ws2") as other:
                users(other)
            target = tmp_path / "ws2"
        else:
            target = ws
        filled = [a.format(ws=target, dir=tmp_path) for a in args]
        before = log(target)[-1]["seq"] if log(target) else 0
        done = run(*filled, token=token(target, token_of) if token_of else None)
        assert done.exit_code == 0, (filled, done.output)
        new = [e for e in log(target) if e["seq"] > before]
        if not any(
            e["action"] == action and e["path"] == path and e["actor"].startswith(actor)
            for e in new
        ):
            missing.append((" ".join(args[:2]), action, path, new))
    assert missing == []
    entries = log(ws)
    by_os = next(e for e in entries if e["path"] == "cli ingest" and e["actor"].startswith("os:"))
    assert "operating-system user" in by_os["actor_is"] and by_os["records"] == 3
    assert len(by_os["sha256"]) == 64 and by_os["quarantined"] == 0
    export = next(e for e in entries if e["path"] == "cli network export")
    assert export["output"].endswith("g.graphml") and export["format"] == "graphml"

    def loads(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [e for e in found if e["action"] == "collection" and "batch" in e]

    assert len(loads(entries)) == 2  # one per file; no second by `system` at a later sync
    ok(run("audit", "sync", ws))
    assert len(loads(log(ws))) == 2
    decide_entries = [e for e in entries if e.get("path") in ("cli decide", "decide")]
    assert [e["action"] for e in decide_entries] == ["consultation", "alteration"]


def test_decide_authenticates_its_user_and_goes_through_the_gate(ws: Path, tmp_path: Path) -> None:
    person_file(tmp_path, [p for p in PEOPLE if p.record_id in ("R1", "F1")], "d.csv")
    ok(run("ingest", ws, tmp_path / "d.csv"))
    with Workspace.open(ws) as workspace:
        before = workspace.scalar("SELECT count(*) FROM decisions")
    pair = ["FR-OCRIEST:F1", "UK-NCA:R1"]
    for user, why in (("nobody-at-all", "unknown user"), ("gone", "unknown user")):
        done = run("decide", ws, "confirm", *pair, "--user", user, "--why", "same man")
        assert done.exit_code == 2 and why in done.output, done.output
    stolen = run(
        "decide", ws, "confirm", *pair, "--user", "farid", "--why", "x", token=token(ws, "ann")
    )
    assert stolen.exit_code == 2 and "not farid's" in stolen.output
    hidden = run("decide", ws, "confirm", *pair, "--user", "farid", "--why", "same man")
    absent = run(
        "decide",
        ws,
        "confirm",
        "FR-OCRIEST:F1",
        "UK-NCA:R9",
        "--user",
        "farid",
        "--why",
        "same man",
    )
    assert hidden.exit_code == absent.exit_code == 2
    assert hidden.output.replace("R1", "?") == absent.output.replace("R9", "?")
    with Workspace.open(ws) as workspace:
        assert workspace.scalar("SELECT count(*) FROM decisions") == before


def test_a_workspace_held_by_serve_says_who_holds_it_and_what_to_do(tmp_path: Path) -> None:
    import subprocess
    import sys

    ok(run("init", tmp_path / "held"))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('in', flush=True); "
         "time.sleep(60)", str(tmp_path / "held" / "crossroute.duckdb"), "serve"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "in"
        done = run("users", "list", tmp_path / "held")
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert done.exit_code == 2
    text = " ".join(done.output.split())
    assert f"process {holder.pid}" in text and "crossroute serve" in text
    assert "/api/admin/users" in text and f"kill {holder.pid}" in text
