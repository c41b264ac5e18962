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
    (["network", "groups", "{ws}", "--user", "ann", "--purpose", "OP-1: x"], None, "ann", "consultation", "cli network groups"),
    (["network", "key-players", "{ws}", "--user", "ann", "--purpose", "OP-1: x"], None, "ann", "consultation", "cli network key-players"),
    (["network", "roles", "{ws}", "--user", "ann", "--purpose", "OP-1: x"], None, "ann", "consultation", "cli network roles"),
    (["network", "windows", "{ws}", "--user", "ann", "--purpose", "OP-1: x"], None, "ann", "consultation", "cli network windows"),
    (["report", "{ws}", "--out", "{dir}/briefing.html", "--user", "ann", "--purpose", "OP-1: x"], None, "ann", "consultation", "report"),
    (["quarantine", "{ws}", "--value-issues", "--user", "dora", "--purpose", "review"], None, "dora", "consultation", "quarantine --value-issues"),
    (["users", "passwd", "{ws}", "ann", "--as", "root", "--password-stdin"], "root", "root", "alteration", "users passwd"),
    (["users", "list", "{ws}", "--as", "root"], "root", "root", "consultation", "users list"),
    (["users", "tokens", "{ws}", "--as", "root"], "root", "root", "consultation", "users tokens"),
    (["dpo", "accesses", "{ws}", "UK-NCA:N1", "--user", "dora", "--purpose", "review"], None, "dora", "consultation", "dpo accesses"),
    (["dpo", "unusual", "{ws}", "--user", "dora", "--purpose", "review"], None, "dora", "consultation", "dpo unusual"),
    (["dpo", "notices", "{ws}", "--user", "ann"], None, "ann", "consultation", "dpo notices"),
    (["dpo", "erase", "{ws}", "FR-OCRIEST:F2", "--user", "dora", "--purpose", "review date passed"], None, "dora", "erasure", "dpo erase"),
]  # fmt: skip
STDIN = {"users passwd": "a new long password for ann\n"}

# Every other command: logged, and shown so by the test named; or writing no entry, and why.
LOGGED_ELSEWHERE = {
    "network path": "tests/sharing/test_adversarial.py::test_every_look_was_logged_by_the_asking_analyst",
    "network disrupt": "tests/sharing/test_adversarial.py::test_every_look_was_logged_by_the_asking_analyst",
    "users init-admin": "tests/sharing/test_cli_contract.py",
    "users revoke": "tests/api/test_integrity.py",
    "comms search": "tests/analysis/comms/test_comms.py::test_search_in_each_language",
    "money alerts": "tests/finance/test_contract.py::test_alerts_for_the_loading_agencys_analyst",
    "ports train": "tests/ports/test_contract.py::test_user_and_purpose_are_audited",
    "ports score": "tests/ports/test_contract.py::test_user_and_purpose_are_audited",
    "ports insiders": "tests/ports/test_insiders.py::test_ranked_with_evidence_and_honest_staff_left_out",
    "online links": "tests/online/test_links.py::test_links_tie_adverts_to_persons_through_the_gate",
    "federation requests": "tests/federation/test_nodes.py::test_disclosure_and_collection_are_audited_on_each_side",
    "routes legs": "tests/routes/test_faces.py::test_the_legs_command_and_the_briefing",
    "comms ingest": "tests/analysis/comms/test_comms_logged.py::test_loading_a_corpus_is_logged_with_who_loaded_it",
    "comms scope": "tests/analysis/comms/test_comms_logged.py::test_scope_handles_triage_and_decide_are_logged",
    "comms handles": "tests/analysis/comms/test_comms_logged.py::test_scope_handles_triage_and_decide_are_logged",
    "comms triage": "tests/analysis/comms/test_comms_logged.py::test_scope_handles_triage_and_decide_are_logged",
    "comms decide": "tests/analysis/comms/test_comms_logged.py::test_scope_handles_triage_and_decide_are_logged",
    "money train": "tests/finance/test_cli_logged.py::test_training_the_learned_score_is_logged",
    "money follow": "tests/finance/test_cli_logged.py::test_follow_paths_and_totals_are_logged",
    "money paths": "tests/finance/test_cli_logged.py::test_follow_paths_and_totals_are_logged",
    "money totals": "tests/finance/test_cli_logged.py::test_follow_paths_and_totals_are_logged",
    "ports records": "tests/ports/test_cli_logged.py::test_records_are_a_logged_disclosure",
    "ports select": "tests/ports/test_cli_logged.py::test_select_and_outcomes_are_logged",
    "ports outcomes": "tests/ports/test_cli_logged.py::test_select_and_outcomes_are_logged",
    "ports insiders-readers": "tests/ports/test_cli_logged.py::test_naming_the_insider_lists_readers_is_logged",
}  # fmt: skip
NO_ENTRY = {  # neither alters nor discloses personal data of a workspace
    "init": "makes an empty workspace",
    "status": "counts only",
    "simulate": "writes a fictional scenario",
    "demo": "a fictional scenario in a new workspace (its ingests and resolution log as above)",
    "serve": "starts the API, whose every call logs",
    "audit verify": "reads the log's hashes",
    "audit head": "prints the last hash",
    "audit sync": "writes the entries of loads not yet logged (checked above)",
    "deconflict alerts": "whom to contact about an overlap, never the other operation's details",
    "network analyse": "a user's own edge list, outside the workspace",
    "network phases": "a user's own edge lists, outside the workspace",
    "federation secret": "key material",
    "federation ca": "key material",
    "federation cert": "key material",
    "federation config": "node configuration",
    "routes load": "published public statistics",
    "routes forecast": "published public statistics",
    "routes trends": "published public statistics",
    "money rates": "reference exchange rates",
    "money simulate": "writes fictional files",
    "comms simulate": "writes fictional files",
    "comms corpora": "corpus names and sizes",
    "ports drift": "monthly hit rates (aggregates)",
    "ports displacement": "monthly port aggregates",
    "ports aggregates": "port aggregates for federation",
    "online triage": "scores a file of posts the user holds, writes its output, stores nothing",
    "online verify": "checks an evidence package's hashes",
    "online queue": "ranks a posts file the user holds into a folder; no workspace, no log",
    "online decide": "on that folder, no workspace: who, what, why go to its decisions.jsonl",
}


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
        stdin = STDIN.get(" ".join(args[:2]))
        done = run(*filled, token=token(target, token_of) if token_of else None, stdin=stdin)
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
        done = run("users", "list", tmp_path / "held", "--as", "root")
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert done.exit_code == 2
    text = " ".join(done.output.split())
    assert f"process {holder.pid}" in text and "crossroute serve" in text
    assert "/api/admin/users" in text and f"kill {holder.pid}" in text


def _cli_commands() -> set[str]:
    from typer.main import get_command

    def walk(command: Any, prefix: tuple[str, ...]) -> set[str]:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            return {n for name, c in subcommands.items() for n in walk(c, (*prefix, name))}
        return {" ".join(prefix)}

    return walk(get_command(app), ())


def test_every_command_is_listed_as_logged_or_writing_no_entry() -> None:
    """The lists above are every command, each in one: a new command must say whether it logs and
    where that is shown, or why it writes no entry (there is no list of commands still to show)."""
    commands = _cli_commands()
    here = {" ".join(a[:2]) if " ".join(a[:2]) in commands else a[0] for a, *_ in COMMANDS}
    listed = [here, set(LOGGED_ELSEWHERE), set(NO_ENTRY)]
    assert set().union(*listed) == commands, set().union(*listed) ^ commands
    assert sum(map(len, listed)) == len(commands)  # each in one list only
    root = Path(__file__).parents[2]
    for command, where in LOGGED_ELSEWHERE.items():
        path, _, test = where.partition("::")
        text = (root / path).read_text(encoding="utf-8")
        assert not test or f"def {test}(" in text, (command, where)
