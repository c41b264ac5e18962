"""Seized communications: loading with quarantine and rollback, the corpus access rule through every
face, multilingual search, and the handles/triage contract on a small simulated corpus."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroute.analysis.comms import access, corpus, search, service
from crossroute.analysis.comms.corpus import Scope
from crossroute.analysis.comms.fold import fold
from crossroute.cli.app import app
from crossroute.sharing import cases, require_purpose, users
from crossroute.sharing.audit import entries
from crossroute.sharing.users import Role
from crossroute.simulate.comms import CommsParams, simulate_comms
from crossroute.store import Workspace

HEADER = "msg_id,timestamp,from_handle,to_handle,text\n"
MULTILINGUAL = HEADER + (
    "a1,2026-03-01T10:00:00,ilir1,besa2,Takohemi nesër në port\n"
    "a2,2026-03-01T10:05:00,besa2,ilir1,Mirë vlla\n"
    "a3,2026-03-01T10:06:00,ilir1,besa2,neser jo\n"
    "f1,2026-03-02T09:00:00,reza,omid,كتاب را بياور\n"
    "f2,2026-03-02T09:01:00,omid,reza,می‌خواهم ببینم\n"
    "d1,2026-03-03T08:00:00,reza,omid,بار ٤٥٠ کیلو\n"
    "d2,2026-03-03T08:00:00,reza,omid,the box has 450 pieces\n"
)


def _corpus(tmp_path: Path, body: str, name: str = "messages.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture
def people(workspace: Workspace) -> Workspace:
    admin = users.create_first_admin(workspace, "admin", "BE-FGP", "admin-password-1")
    users.add_user(workspace, admin, "ana", "BE-FGP", Role.ANALYST, None)
    users.add_user(workspace, admin, "sup", "BE-FGP", Role.SUPERVISOR, None)
    users.add_user(workspace, admin, "other", "NL-POLITIE", Role.ANALYST, None)
    return workspace


def _see(ws: Workspace, user: str, text: str = "CASE-1: test") -> int:
    return len(access.authorise(ws, user, require_purpose(text)).corpora)


def test_load_quarantines_bad_rows_and_loads_once(workspace: Workspace, tmp_path: Path) -> None:
    path = _corpus(
        tmp_path,
        HEADER + "m1,2026-01-01T10:00:00,a,b,hello\n"
        "m2,not a time,a,b,hi\n"
        "m1,2026-01-01T11:00:00,a,b,again\n"
        "m3,2026-01-01T12:00:00,,b,no sender\n"
        "m4,2026-01-01T12:00:00+02:00,a,b,with offset\n"
        "m5,1767225600,b,a,epoch\n",
    )
    report = corpus.load_corpus(workspace, path, "BE-FGP")
    assert (report.loaded, report.quarantined) == (3, 3)
    reasons = workspace.rows("SELECT row_number, field FROM comms.quarantine ORDER BY 1")
    assert reasons == [(2, "timestamp"), (3, "msg_id"), (4, "from_handle")]
    assert (
        workspace.scalar("SELECT strftime(ts, '%H') FROM comms.messages WHERE msg_id = 'm4'")
        == "10"
    )
    assert corpus.load_corpus(workspace, path, "BE-FGP").already_loaded


def test_a_failed_load_leaves_nothing(workspace: Workspace, tmp_path: Path) -> None:
    path = _corpus(tmp_path, HEADER + "m1,2026-01-01T10:00:00,a,b,hello\n")
    before = workspace.scalar("SELECT count(*) FROM comms.messages")

    def boom(*_: object) -> None:
        raise KeyboardInterrupt

    original = corpus._quarantine_rejects
    corpus._quarantine_rejects = boom  # type: ignore[assignment]
    try:
        with pytest.raises(KeyboardInterrupt):
            corpus.load_corpus(workspace, path, "BE-FGP")
    finally:
        corpus._quarantine_rejects = original  # type: ignore[assignment]
    assert workspace.scalar("SELECT count(*) FROM comms.messages") == before
    assert workspace.scalar("SELECT count(*) FROM comms.corpora") == 0


def test_jsonl_corpus(workspace: Workspace, tmp_path: Path) -> None:
    rows = [
        {"msg_id": "j1", "timestamp": "2026-01-01T10:00:00Z", "from_handle": "a",
         "to_handle": "b", "text": "hi", "lat": 51.2, "lon": 4.4},
        {"msg_id": "j2", "timestamp": "2026-01-01T10:01:00Z", "from_handle": "b",
         "to_handle": "a", "text": "ok", "lat": 99, "lon": 4.4},
    ]  # fmt: skip
    path = _corpus(tmp_path, "\n".join(json.dumps(r) for r in rows) + "\n", "m.jsonl")
    report = corpus.load_corpus(workspace, path, "BE-FGP")
    assert (report.loaded, report.quarantined) == (1, 1)


def test_folding() -> None:
    assert fold("Nesër") == fold("neser") == "neser"
    assert fold("كتاب يوسف") == fold("کتاب یوسف")
    assert fold("می‌خواهم") == fold("میخواهم")
    assert fold("٤٥٠ ۴۵۰ 450") == "450 450 450"


def test_search_in_each_language(people: Workspace, tmp_path: Path) -> None:
    corpus.load_corpus(people, _corpus(tmp_path, MULTILINGUAL), "BE-FGP")
    purpose = require_purpose("OP-1: test")

    def found(query: str) -> set[str]:
        return {h.msg_id for h in search.search(people, "ana", query, purpose)}

    assert found("nesër") == {"a1", "a3"}  # Albanian, with and without diacritics
    assert found("neser") == {"a1", "a3"}
    assert found("كتاب") == {"f1"}  # Persian written with the Arabic kaf
    assert found("کتاب") == {"f1"}
    assert found("میخواهم") == {"f2"}  # without the zero-width non-joiner
    assert found("450") == {"d1", "d2"}  # Arabic-Indic digits
    assert found("٤٥٠") == {"d1", "d2"}
    assert found('"neser ne port"') == {"a1"}
    assert found("neser NOT port") == {"a3"}
    assert found("450 from:reza after:2026-03-03") == {"d1", "d2"}
    assert found("neser before:2026-03-01") == set()
    hit = search.search(people, "ana", "mire", purpose)[0]
    assert [c["msg_id"] for c in hit.context] == ["a1", "a2", "a3"]
    last = entries(people)[-1]
    assert last.actor == "ana" and json.loads(last.detail)["query"] == "mire"


def test_scope_decides_who_sees(people: Workspace, tmp_path: Path) -> None:
    report = corpus.load_corpus(people, _corpus(tmp_path, MULTILINGUAL), "BE-FGP")
    assert (_see(people, "ana"), _see(people, "other"), _see(people, "admin")) == (1, 0, 0)
    supervisor = users.get_user(people, "sup")
    cases.open_case(people, supervisor, "CASE-1")
    cases.add_member(people, supervisor, "CASE-1", "other")
    corpus.set_scope(people, report.corpus_id, Scope("CASE-1", "JUD-2026-77"))
    assert _see(people, "ana") == 0  # same agency, not on the case
    assert _see(people, "other") == 1  # a member, querying for the case
    assert _see(people, "other", "no case named") == 0
    corpus.set_scope(people, report.corpus_id, Scope(None, None, None, None))


def test_unauthorised_user_sees_nothing_through_any_face(people: Workspace, tmp_path: Path) -> None:
    corpus.load_corpus(people, _corpus(tmp_path, MULTILINGUAL), "BE-FGP")
    purpose = require_purpose("OP-1: test")
    assert search.search(people, "other", "neser", purpose) == []
    assert service.handles(people, "other", purpose)[1].cluster_of == {}
    assert len(service.scores(people, "other", purpose)[0]) == 0
    _, graph, joined = service.graph(people, "other", purpose)
    assert graph.handle_ties == [] and joined == {}
    assert service.thread(people, "other", purpose, "ilir1", "besa2") == []
    assert service.handle_page(people, "other", purpose, "ilir1") is None
    # the workspace's exports and the entity graph hold no message: messages live in schema comms
    from crossroute.sharing.gate import analysis_records
    from crossroute.store.parquet import export_parquet

    written = export_parquet(people, tmp_path / "export")
    assert not [t for t in written if "comms" in t or "message" in t]
    assert b"neser" not in b"".join(f.read_bytes() for f in (tmp_path / "export").iterdir())
    assert not [r for r in analysis_records(people) if "ilir" in str(r)]
    path = people.path
    people.close()
    runner = CliRunner()
    out = tmp_path / "h.csv"
    for args in (
        ["comms", "search", str(path), "neser", "--json"],
        ["comms", "handles", str(path), "--out", str(out)],
        ["comms", "triage", str(path), "--out", str(out)],
    ):
        done = runner.invoke(app, [*args, "--user", "other", "--purpose", "OP-1: test"])
        assert done.exit_code == 0, done.output
        assert "ilir" not in done.output and "neser" not in done.output.split("\n", 1)[-1]
        if "--out" in args:
            assert len(out.read_text().splitlines()) == 1  # the header only


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("sim")
    simulate_comms(folder, CommsParams(seed=3, people=60, messages=6000))
    ws_path = folder / "ws"
    with Workspace.create(ws_path) as ws:
        admin = users.create_first_admin(ws, "admin", "BE-FGP", "admin-password-1")
        users.add_user(ws, admin, "ana", "BE-FGP", Role.ANALYST, None)
    return folder, ws_path


def test_contract_commands(simulated: tuple[Path, Path], tmp_path: Path) -> None:
    folder, ws = simulated
    runner = CliRunner()
    done = runner.invoke(
        app, ["ingest", str(ws), str(folder / "messages.csv"), "--agency", "BE-FGP"]
    )
    assert done.exit_code == 0, done.output
    who = ["--user", "ana", "--purpose", "OP-1: test"]
    handles, scores = tmp_path / "handles.csv", tmp_path / "messages.csv"
    assert (
        runner.invoke(app, ["comms", "handles", str(ws), "--out", str(handles), *who]).exit_code
        == 0
    )
    assert (
        runner.invoke(app, ["comms", "triage", str(ws), "--out", str(scores), *who]).exit_code == 0
    )
    with handles.open() as f:
        clusters = {r["handle"]: r["person_cluster"] for r in csv.DictReader(f)}
    with (folder / "truth" / "handles.csv").open() as f:
        truth = {r["handle"]: r["person_id"] for r in csv.DictReader(f)}
    assert set(clusters) == set(truth)
    with scores.open() as f:
        scored = {r["msg_id"]: float(r["score"]) for r in csv.DictReader(f)}
    assert len(scored) == len(truth_messages(folder)) and all(0 <= s <= 1 for s in scored.values())
    done = runner.invoke(app, ["comms", "search", str(ws), "scan", "--json", *who])
    assert done.exit_code == 0 and done.output.strip()
    with Workspace.open(ws) as opened:
        paths = [json.loads(e.detail)["path"] for e in entries(opened)]
    assert paths[-3:] == ["comms handles", "comms triage", "comms search"]


def truth_messages(folder: Path) -> list[str]:
    with (folder / "truth" / "messages.csv").open() as f:
        return [r["msg_id"] for r in csv.DictReader(f)]


def test_briefing_section_only_from_visible_corpora(people: Workspace, tmp_path: Path) -> None:
    from crossroute.report import comms_section

    corpus.load_corpus(people, _corpus(tmp_path, MULTILINGUAL), "BE-FGP")
    purpose = require_purpose("OP-1: briefing")
    before = len(entries(people))
    assert comms_section.gather(people, "other", purpose) is None
    assert len(entries(people)) == before  # nothing read, nothing to log
    section = comms_section.gather(people, "ana", purpose)
    assert section is not None and section.messages == 7
    html = comms_section.render(section)
    assert "Seized communications" in html and "<script" not in html
    assert len(entries(people)) == before + 1


def test_search_shows_only_the_corpora_you_may_see(people: Workspace, tmp_path: Path) -> None:
    corpus.load_corpus(people, _corpus(tmp_path, MULTILINGUAL), "BE-FGP")
    theirs = MULTILINGUAL.replace("a1,", "z1,").replace("a3,", "z3,")
    corpus.load_corpus(people, _corpus(tmp_path, theirs, "nl.csv"), "NL-POLITIE")
    purpose = require_purpose("OP-1: test")
    assert {h.msg_id for h in search.search(people, "ana", "neser", purpose)} == {"a1", "a3"}
    assert {h.msg_id for h in search.search(people, "other", "neser", purpose)} == {"z1", "z3"}


def test_scope_is_set_by_a_supervisor_of_the_owner(people: Workspace, tmp_path: Path) -> None:
    from crossroute.sharing import AccessDenied

    report = corpus.load_corpus(people, _corpus(tmp_path, MULTILINGUAL), "BE-FGP")
    purpose = require_purpose("JUD-1: court order received")
    with pytest.raises(AccessDenied):
        access.set_scope(people, "ana", report.corpus_id, Scope("CASE-9"), purpose)
    access.set_scope(people, "sup", report.corpus_id[:12], Scope("CASE-9", "JUD-1"), purpose)
    assert people.scalar("SELECT case_ref FROM comms.corpora") == "CASE-9"
    assert json.loads(entries(people)[-1].detail)["path"] == "comms scope"


def test_authorised_days_bound_every_read(people: Workspace, tmp_path: Path) -> None:
    """Messages outside a corpus's authorised date range are shown by no face: search (hits and
    their conversation), a conversation, handles, triage, the contact graph, a handle's page."""
    report = corpus.load_corpus(people, _corpus(tmp_path, MULTILINGUAL), "BE-FGP")
    supervisor = users.get_user(people, "sup")
    cases.open_case(people, supervisor, "CASE-1")
    cases.add_member(people, supervisor, "CASE-1", "ana")
    day = dt.date(2026, 3, 2)
    corpus.set_scope(people, report.corpus_id, Scope("CASE-1", "JUD-1", day, day))
    purpose = require_purpose("CASE-1: test")
    assert [h.msg_id for h in search.search(people, "ana", "neser", purpose)] == []
    hits = search.search(people, "ana", "کتاب", purpose)
    assert [h.msg_id for h in hits] == ["f1"]
    assert {c["msg_id"] for c in hits[0].context} == {"f1", "f2"}  # not d1 or d2 (3 March)
    thread = service.thread(people, "ana", purpose, "reza", "omid")
    assert [m["msg_id"] for m in thread] == ["f1", "f2"]
    assert set(service.handles(people, "ana", purpose)[1].cluster_of) == {"reza", "omid"}
    assert service.scores(people, "ana", purpose)[0].msg_id == ["f1", "f2"]
    assert service.handle_page(people, "ana", purpose, "ilir1") is None
    _, graph, _ = service.graph(people, "ana", purpose)
    assert {(t.a, t.b) for t in graph.handle_ties} <= {("omid", "reza"), ("reza", "omid")}


def test_simulator_small_corpora() -> None:
    """A small population (its last cell smaller than two) still simulates."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        counts = simulate_comms(Path(folder), CommsParams(seed=5, people=60, messages=3000))
    assert counts["people"] == 60 and counts["messages"] >= 3000


def test_attribution_obeys_the_analyst(simulated: tuple[Path, Path]) -> None:
    """A split undoes a link the attribution made; a confirm joins two handles it kept apart."""
    from crossroute.analysis.comms import messages as corpus_messages
    from crossroute.analysis.comms.access import Access, Visible
    from crossroute.analysis.comms.attribution import attribute

    folder, _ = simulated
    with Workspace.create(folder / "ws-decide") as ws:
        report = corpus.load_corpus(ws, folder / "messages.csv", "BE-FGP")
        allowed = Access(None, None, (Visible(report.corpus_id, None, None),))  # type: ignore[arg-type]
        messages = corpus_messages.load(ws, allowed)
    found = attribute(messages)
    link = found.links[0]
    split = attribute(messages, [(link.a, link.b, "different")])
    assert split.cluster_of[link.a] != split.cluster_of[link.b]
    apart = sorted(found.members().values(), key=len)
    a, b = apart[0][0], apart[1][0]
    joined = attribute(messages, [(a, b, "same")])
    assert joined.cluster_of[a] == joined.cluster_of[b]


def test_handles_meet_the_agencies_records(people: Workspace, tmp_path: Path) -> None:
    """A handle that is a phone number (in any format) or a handle held by a person record joins the
    contact graph to the entity graph, as the gate shows the record: a victim's record (which needs
    a case) never appears, and a caller who may not see the corpus gets nothing."""
    from tests.sharing.conftest import Person, load

    body = HEADER + (
        "p1,2026-03-01T10:00:00,+32470123456,ilir_77,the cars arrive friday\n"
        "p2,2026-03-01T10:05:00,ilir_77,+32470123456,ok\n"
        "p3,2026-03-01T10:06:00,+31612345678,ilir_77,call me\n"
    )
    load(people, [
        Person("R1", "BE-FGP", "Driton Hoxha", phone="0470 12 34 56"),  # the Belgian national form
        Person("R2", "NL-POLITIE", "Omid Rahimi", phone="+31 6 1234 5678", category="victim"),
    ], tmp_path)  # fmt: skip
    corpus.load_corpus(people, _corpus(tmp_path, body), "BE-FGP")
    purpose = require_purpose("OP-1: test")
    before = len(entries(people))
    page = service.handle_page(people, "ana", purpose, "+32470123456")
    assert len(entries(people)) == before + 1
    assert page is not None and isinstance(page["records"], list)
    assert [(r["handle"], r["caption"]) for r in page["records"]] == [
        ("+32470123456", "Driton Hoxha")
    ]
    before = len(entries(people))
    attributed, _, joined = service.graph(people, "ana", purpose)
    person = attributed.cluster_of["+32470123456"]
    assert [k.caption for k in joined[person]] == ["Driton Hoxha"]
    assert all("Omid" not in k.caption for ks in joined.values() for k in ks)
    logged = entries(people)[before:]  # one entry for the call: the gate's, with the corpora
    assert [json.loads(e.detail)["path"] for e in logged] == ["comms graph"]
    assert json.loads(logged[0].detail)["corpora"]
    _, _, joined = service.graph(people, "other", purpose)
    assert joined == {}


def test_a_seized_export_loads_through_its_mapping(people: Workspace, tmp_path: Path) -> None:
    """An export in its own layout (other column names, day-first times, JSONL too) loads through
    a corpus mapping; a mapping naming a column the file lacks is refused, naming it."""
    from crossroute.analysis.comms.mapping import CorpusMappingError, load_corpus_mapping

    layout = tmp_path / "sky.yaml"
    layout.write_text(
        "columns: {msg_id: MessageID, timestamp: Sent, from_handle: Sender, to_handle: Recipient,"
        " text: Body, device_id: IMEI}\ntimestamp_format: '%d/%m/%Y %H:%M'\n",
        encoding="utf-8",
    )
    mapping = load_corpus_mapping(layout)
    export = _corpus(
        tmp_path,
        "MessageID,Sent,Sender,Recipient,Body,IMEI\n"
        "x1,07/03/2026 10:15,ilir1,besa2,Takohemi nesër,IMEI1\n"
        "x2,31/02/2026 10:15,besa2,ilir1,no such day,IMEI2\n",
        "sky.csv",
    )
    report = corpus.load_corpus(people, export, "BE-FGP", mapping=mapping)
    assert (report.loaded, report.quarantined) == (1, 1)
    assert people.rows("SELECT field, reason FROM comms.quarantine") == [
        ("timestamp", "not a date and time in the format the mapping gives: %d/%m/%Y %H:%M")
    ]
    assert people.rows("SELECT msg_id, ts, device_id FROM comms.messages") == [
        ("x1", dt.datetime(2026, 3, 7, 10, 15), "IMEI1")
    ]
    purpose = require_purpose("OP-1: test")
    assert [h.msg_id for h in search.search(people, "ana", "neser", purpose)] == ["x1"]
    lines = [{"MessageID": "j1", "Sent": "08/03/2026 09:00", "Sender": "a", "Recipient": "b",
              "Body": "hi"}]  # fmt: skip
    jsonl = _corpus(tmp_path, "\n".join(json.dumps(x) for x in lines) + "\n", "sky.jsonl")
    assert corpus.load_corpus(people, jsonl, "BE-FGP", mapping=mapping).loaded == 1
    with pytest.raises(corpus.CorpusError, match="Recipient"):
        corpus.load_corpus(people, _corpus(tmp_path, "MessageID,Sent,Sender,Body\n", "bad.csv"),
                           "BE-FGP", mapping=mapping)  # fmt: skip
    layout.write_text("columns: {sender: Sender}\n", encoding="utf-8")
    with pytest.raises(CorpusMappingError, match="sender"):
        load_corpus_mapping(layout)
    layout.write_text('columns: {}\ntimestamp_format: "%d\' OR 1=1"\n', encoding="utf-8")
    with pytest.raises(CorpusMappingError, match="strptime"):
        load_corpus_mapping(layout)


def test_insiders_ranked_by_the_share_of_their_business_that_is_access() -> None:
    """The insider talks access in most of their likely messages; the trafficker who mentions the
    scan among much other business ranks below, whatever their volume; an ordinary message (low
    score) with a PIN counts for nothing. Evidence: the messages themselves."""
    import numpy as np

    from crossroute.analysis.comms.messages import Messages
    from crossroute.analysis.comms.triage import _insiders

    rows = (
        [("insider", "scanner at the port is off friday night", 0.9)] * 3
        + [("insider", "ok", 0.6)]
        + [("boss", "did the shirts pass the scan?", 0.95)] * 2
        + [("boss", "40 shirts arrive in antwerp", 0.95)] * 12
        + [("mum", "i forgot the pin of my bank card", 0.1)]
    )
    handles = ["boss", "insider", "mum", "x"]
    n = len(rows)
    messages = Messages(
        msg_id=[f"m{i}" for i in range(n)], day=np.zeros(n),
        sender=np.array([handles.index(h) for h, _, _ in rows]), receiver=np.full(n, 3),
        text=[t for _, t, _ in rows], norm=[fold(t) for _, t, _ in rows], device=[None] * n,
        handles=handles,
    )  # fmt: skip
    ranked = _insiders(messages, np.array([s for _, _, s in rows]))
    assert [h for h, _, _ in ranked] == ["insider", "boss"]
    assert ranked[0][1] == pytest.approx(3 / 6) and ranked[1][1] == pytest.approx(2 / 16)
    assert {messages.text[k] for k in ranked[0][2]} == {"scanner at the port is off friday night"}


def test_cli_prints_seized_text_as_written(people: Workspace, tmp_path: Path) -> None:
    """Brackets in a message or a handle are text, not Rich markup (a "[/]" crashed the search)."""
    body = HEADER + '"b1",2026-03-01T10:00:00,ilir1,[boss],"[/] stash [bold]red[/bold] ok"\n'
    corpus.load_corpus(people, _corpus(tmp_path, body), "BE-FGP")
    path = people.path
    people.close()
    done = CliRunner().invoke(
        app, ["comms", "search", str(path), "stash", "--user", "ana", "--purpose", "OP-1: t"]
    )
    assert done.exit_code == 0, done.output
    assert "[/] stash [bold]red[/bold] ok" in done.output and "-> [boss]" in done.output


def test_cli_decide_needs_why_and_is_obeyed(people: Workspace, tmp_path: Path) -> None:
    corpus.load_corpus(people, _corpus(tmp_path, MULTILINGUAL), "BE-FGP")
    path = people.path
    people.close()
    who = ["--user", "ana", "--purpose", "OP-1: t"]
    runner = CliRunner()
    base = ["comms", "decide", str(path), "ilir1", "reza", "same", *who]
    assert runner.invoke(app, base).exit_code != 0  # no reason given
    done = runner.invoke(app, [*base, "--why", "same phone seized"])
    assert done.exit_code == 0, done.output
    out = tmp_path / "h.csv"
    assert (
        runner.invoke(app, ["comms", "handles", str(path), "--out", str(out), *who]).exit_code == 0
    )
    with out.open() as f:
        clusters = {r["handle"]: r["person_cluster"] for r in csv.DictReader(f)}
    assert clusters["ilir1"] == clusters["reza"]
    hidden = runner.invoke(
        app, [*base[:-4], "--user", "other", "--purpose", "OP-1: t", "--why", "guess"]
    )
    assert hidden.exit_code != 0 and "may see" in hidden.output
