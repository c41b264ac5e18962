"""`crossroute comms`: seized communications (load with scope, handles, triage, search, simulate)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from crossroute.analysis.comms import access, corpus, index, service
from crossroute.analysis.comms import search as comms_search
from crossroute.analysis.comms.corpus import CorpusError, CorpusReport, Scope
from crossroute.analysis.comms.mapping import (
    CorpusMapping,
    CorpusMappingError,
    load_corpus_mapping,
)
from crossroute.cli.console import console, count_progress, errors, fail
from crossroute.cli.sharing_options import (
    CaseOpt,
    PurposeOpt,
    UserOpt,
    check_token,
    loading_actor,
    purpose_or_fail,
    refusals,
)
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.sharing import SharingError
from crossroute.sharing.collection import Actor, log_corpus
from crossroute.store import Workspace

comms_app = typer.Typer(
    help="Seized communications: corpora and their legal scope, handles, triage, search.",
    no_args_is_help=True,
)
OutOpt = Annotated[Path, typer.Option("--out", help="CSV file to write.")]
CaseScopeOpt = Annotated[
    str | None, typer.Option("--case", help="The case the corpus is authorised for.")
]
AuthOpt = Annotated[
    str | None, typer.Option("--authorisation", help="The court's or prosecutor's reference.")
]
FromOpt = Annotated[
    dt.datetime | None,
    typer.Option("--from", formats=["%Y-%m-%d"], help="First authorised day."),
]
ToOpt = Annotated[
    dt.datetime | None,
    typer.Option("--to", formats=["%Y-%m-%d"], help="Last authorised day."),
]


def register(app: typer.Typer) -> None:
    app.add_typer(comms_app, name="comms")


def load_file(
    ws: Workspace,
    path: Path,
    agency: str | None,
    scope: Scope | None = None,
    *,
    quiet: bool,
    actor: Actor,
    via: str = "cli comms ingest",
    mapping: CorpusMapping | None = None,
) -> bool:
    """Load one corpus file and index it; prints its summary. False when the file is rejected. A
    corpus loaded writes one collection entry by `actor` (`via` names the command in it). (Also
    called by `crossroute ingest` for files with the corpus header.)"""
    if not agency:
        errors.print(f"[bold red]rejected:[/] {path}: a corpus needs --agency (its owner)")
        return False
    with count_progress() as progress:
        task = progress.add_task(
            f"load and index {path.name}", total=max(1, path.stat().st_size), visible=not quiet
        )
        try:
            report = corpus.load_corpus(
                ws, path, agency.strip().upper(), scope,
                lambda done, total: progress.update(task, completed=done, total=total), mapping,
            )  # fmt: skip
        except CorpusError as error:
            errors.print(f"[bold red]rejected:[/] {error}")
            return False
        index.refresh(ws)  # any corpus whose indexing an earlier run did not finish
    if not report.already_loaded:  # nothing collected when the corpus was there already
        _log_collection(ws, actor, agency.strip().upper(), scope or Scope(), report, via)
    if quiet:
        print(json.dumps(_as_dict(report)))
    else:
        _summary(report)
    return True


def _log_collection(
    ws: Workspace, actor: Actor, agency: str, scope: Scope, report: CorpusReport, via: str
) -> None:
    log_corpus(
        ws,
        actor,
        agency,
        {
            "corpus": report.corpus_id,
            "sha256": report.corpus_id,
            "file": report.path,
            "rows_read": report.rows_read,
            "messages": report.loaded,
            "quarantined": report.quarantined,
            "authorisation": scope.authorisation_ref,
            "from": str(scope.date_from or ""),
            "to": str(scope.date_to or ""),
        },
        path=via,
        case_ref=scope.case_ref,
    )


def _as_dict(report: CorpusReport) -> dict[str, object]:
    return {
        "path": report.path,
        "format": "messages",
        "corpus_id": report.corpus_id,
        "rows_read": report.rows_read,
        "loaded": report.loaded,
        "quarantined": report.quarantined,
        "already_loaded": report.already_loaded,
        "reasons": report.reasons,
    }


def _summary(report: CorpusReport) -> None:
    name = Path(report.path).name
    if report.already_loaded:
        console.print(f"{name}: already loaded (corpus {report.corpus_id[:16]})")
        return
    console.print(
        f"{name}: corpus {report.corpus_id[:16]}, {report.loaded:,} messages loaded, "
        f"{report.quarantined:,} quarantined"
    )
    for reason, count in report.reasons.items():
        console.print(f"  quarantined: {reason} ({count})")
    for row, field, why in report.examples:
        console.print(f"  {name} row {row}: {field}: {why}")


def _scope(case: str | None, authorisation: str | None, start: dt.datetime | None,
           end: dt.datetime | None) -> Scope:  # fmt: skip
    return Scope(
        case.strip() if case else None,
        authorisation,
        start.date() if start else None,
        end.date() if end else None,
    )


@comms_app.command("ingest")
def ingest(
    workspace: WorkspaceArg,
    files: Annotated[list[Path], typer.Argument(help="Corpus files (CSV or JSONL).")],
    agency: Annotated[str, typer.Option(help="The agency that seized the corpus (its owner).")],
    case: CaseScopeOpt = None,
    authorisation: AuthOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    mapping: Annotated[
        Path | None,
        typer.Option(help="A seized export's layout: its column for each corpus column (YAML)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file.")] = False,
    user: Annotated[
        str | None,
        typer.Option(
            help="Who loads (a user of the workspace, checked as `search` checks it); logged with "
            "each corpus. Without it the operating-system user is logged, marked as such."
        ),
    ] = None,
) -> None:
    """Load corpora with their legal scope (each file one transaction; bad rows quarantined); one
    audit entry (collection) per corpus loaded, naming who loaded it."""
    scope = _scope(case, authorisation, date_from, date_to)
    try:
        layout = load_corpus_mapping(mapping) if mapping else None
    except CorpusMappingError as error:
        fail(str(error))
        return
    with open_workspace(workspace) as ws:
        actor = loading_actor(ws, user)
        ok = [
            load_file(ws, path, agency, scope, quiet=as_json, actor=actor, mapping=layout)
            for path in files
        ]
    if not all(ok):
        raise typer.Exit(2)


@comms_app.command("scope")
def scope(
    workspace: WorkspaceArg,
    corpus_id: Annotated[str, typer.Argument(help="The corpus id (or its first characters).")],
    user: UserOpt,
    purpose: PurposeOpt = None,
    case: CaseScopeOpt = None,
    authorisation: AuthOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
) -> None:
    """Set a corpus's legal scope (a supervisor of the agency that loaded it; audited): the case it
    is authorised for, the authorisation, its days."""
    stated = purpose_or_fail(purpose)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        try:
            access.set_scope(
                ws, user, corpus_id, _scope(case, authorisation, date_from, date_to), stated
            )
        except CorpusError as error:
            fail(str(error))
    console.print(f"Scope of corpus {corpus_id} set.")


@comms_app.command("corpora")
def corpora(workspace: WorkspaceArg) -> None:
    """The register of loaded corpora and their scope (no message content)."""
    with open_workspace(workspace) as ws:
        rows = corpus.corpora(ws)
    table = Table(title="Corpora")
    for column in ("corpus", "agency", "file", "messages", "quarantined", "case", "authorisation",
                   "from", "to"):  # fmt: skip
        table.add_column(column)
    for row in rows:
        table.add_row(str(row[0])[:16], *("" if v is None else escape(str(v)) for v in row[1:]))
    console.print(table)


@comms_app.command("handles")
def handles(
    workspace: WorkspaceArg,
    user: UserOpt,
    out: OutOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    evidence: Annotated[
        Path | None, typer.Option(help="Also write each link's evidence (JSON lines).")
    ] = None,
) -> None:
    """Write handle,person_cluster for every handle in the corpora you may see."""
    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        _, result = service.handles(ws, user, stated)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(("handle", "person_cluster"))
        writer.writerows(sorted(result.cluster_of.items()))
    if evidence:
        with evidence.open("w", encoding="utf-8") as f:
            for link in result.links:
                f.write(json.dumps(link.__dict__, ensure_ascii=False) + "\n")
    people = len(set(result.cluster_of.values()))
    console.print(f"{len(result.cluster_of):,} handles, {people:,} person clusters -> {out}")


@comms_app.command("triage")
def triage(
    workspace: WorkspaceArg,
    user: UserOpt,
    out: OutOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
) -> None:
    """Write msg_id,score (0-1, higher = more likely criminal) for every message you may see."""
    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        messages, result = service.scores(ws, user, stated)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(("msg_id", "score"))
        writer.writerows(
            (m, f"{s:.6f}") for m, s in zip(messages.msg_id, result.scores.tolist(), strict=True)
        )
    console.print(f"{len(messages):,} messages scored -> {out}")
    if result.insiders:
        console.print(
            "Possible insiders: " + ", ".join(escape(h) for h, _, _ in result.insiders[:5])
        )


@comms_app.command("search")
def search(
    workspace: WorkspaceArg,
    query: Annotated[
        str,
        typer.Argument(
            help='Words, "a phrase", OR, NOT, ( ); from:H to:H handle:H conv:H1,H2 '
            "after:YYYY-MM-DD before:YYYY-MM-DD."
        ),
    ],
    user: UserOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per hit.")] = False,
) -> None:
    """Search the messages you may see; each hit with its conversation around it."""
    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        try:
            hits = comms_search.search(ws, user, query, stated, limit=limit)
        except index.QueryError as error:
            fail(str(error))
            return
    if as_json:
        for hit in hits:
            print(json.dumps(hit.as_dict(), ensure_ascii=False))
        return
    if not hits:
        errors.print("no message you may see matches")
    for hit in hits:  # seized text is data, never Rich markup ("[/]" in a message)
        console.print(
            f"[bold]{escape(hit.msg_id)}[/] {hit.timestamp} {escape(hit.from_handle)} -> "
            f"{escape(hit.to_handle)}", highlight=False,
        )  # fmt: skip
        for c in hit.context:
            marker = "[bold yellow]>[/]" if c["hit"] else " "
            console.print(f"  {marker} {c['timestamp']} {escape(c['from_handle'])}: "
                          f"{escape(c['text'])}", markup=True, highlight=False)  # fmt: skip


@comms_app.command("decide")
def decide(
    workspace: WorkspaceArg,
    handle_a: Annotated[str, typer.Argument()],
    handle_b: Annotated[str, typer.Argument()],
    decision: Annotated[str, typer.Argument(help="same or different")],
    user: UserOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    why: Annotated[
        str | None,
        typer.Option("--why", "--note", help="Why: the analyst's reasoning, logged with it."),
    ] = None,
) -> None:
    """Confirm (same) or split (different) two handles; attribution obeys from then on. Logged as an
    alteration with --why (required, as for person decisions)."""
    if not why or len(why.strip()) < 3:
        fail("a decision needs why (--why): the analyst's reasoning")
        return
    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        try:
            service.decide(ws, user, stated, handle_a, handle_b, decision, why.strip())
        except SharingError as error:
            fail(str(error))
    console.print(f"{escape(handle_a)} / {escape(handle_b)}: {decision}")


@comms_app.command("simulate")
def simulate(
    out: Annotated[Path, typer.Argument(help="Folder to write the corpus and its truth into.")],
    seed: Annotated[int, typer.Option()] = 7,
    people: Annotated[int, typer.Option()] = 400,
    messages: Annotated[int, typer.Option()] = 100_000,
    hard: Annotated[
        bool, typer.Option(help="Few announce new handles and code words change monthly.")
    ] = False,
) -> None:
    """Write a simulated seized corpus (OUT/messages.csv) and its truth (OUT/truth/)."""
    from crossroute.simulate.comms import CommsParams, simulate_comms

    params = CommsParams(seed=seed, people=people, messages=messages,
                         announce=0.1 if hard else 0.9, changing_codes=hard)  # fmt: skip
    counts = simulate_comms(out, params)
    console.print(", ".join(f"{k} {v:,}" for k, v in counts.items()))
    console.print(f"Next: crossroute ingest WS {out / 'messages.csv'} --agency CODE")
