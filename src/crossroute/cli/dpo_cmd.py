"""`crossroute dpo`: the data-protection officer's tools. Each use is logged."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import sys
from typing import Annotated

import typer

from crossroute.cli.console import console, fail
from crossroute.cli.sharing_options import (
    PurposeOpt,
    UserOpt,
    known_user,
    purpose_or_fail,
    refusals,
)
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.model.record_key import NotARecordKey, RecordKey
from crossroute.sharing import dpo, erasure
from crossroute.sharing.exports import neutralise

dpo_app = typer.Typer(
    help="Data-protection officer: who looked, unusual access, reviews, erasure, corrections.",
    no_args_is_help=True,
)
RecordArg = Annotated[str, typer.Argument(help="A record: SOURCE:RECORD_ID.")]


def register(app: typer.Typer) -> None:
    app.add_typer(dpo_app, name="dpo")


def _record(text: str) -> tuple[str, str]:
    try:
        key = RecordKey.parse(text, ":")
    except NotARecordKey as error:
        fail(str(error))
    return key.source.upper(), key.record_id


@dpo_app.command()
def accesses(
    workspace: WorkspaceArg, record: RecordArg, user: UserOpt, purpose: PurposeOpt = None
) -> None:
    """Who looked at a record (a person), when and why: JSON lines from the audit log."""
    stated = purpose_or_fail(purpose)
    source, record_id = _record(record)
    with open_workspace(workspace) as ws, refusals():
        found = dpo.accesses(ws, known_user(ws, user), source, record_id, stated.text)
    for access in found:
        print(json.dumps(dataclasses.asdict(access)))


@dpo_app.command()
def unusual(
    workspace: WorkspaceArg,
    user: UserOpt,
    purpose: PurposeOpt = None,
    factor: Annotated[
        float, typer.Option(help="A day counts as a spike above this many usual days.")
    ] = 3.0,
    minimum: Annotated[int, typer.Option(help="... and with at least this many queries.")] = 20,
) -> None:
    """Unusual access: volume spikes per user and day, look-ups outside the user's cases."""
    stated = purpose_or_fail(purpose)
    with open_workspace(workspace) as ws, refusals():
        found = dpo.unusual(ws, known_user(ws, user), stated.text, factor=factor, minimum=minimum)
    for finding in found:
        print(json.dumps(dataclasses.asdict(finding)))
    if not found:
        console.print("nothing unusual")


@dpo_app.command()
def review(
    workspace: WorkspaceArg,
    user: UserOpt,
    purpose: PurposeOpt = None,
    as_of: Annotated[
        str | None, typer.Option(help="Due by this date (YYYY-MM-DD); default today.")
    ] = None,
) -> None:
    """Records past (or at) their review date: review or erase them. CSV on stdout."""
    stated = purpose_or_fail(purpose)
    day = dt.date.fromisoformat(as_of) if as_of else None
    with open_workspace(workspace) as ws, refusals():
        due = dpo.review_due(ws, known_user(ws, user), stated.text, day)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["source", "record_id", "schema", "review_date"])
    for row in due:  # cells a spreadsheet would run as formulas get a leading '
        out.writerow([neutralise(cell) for cell in row])


@dpo_app.command()
def erase(
    workspace: WorkspaceArg, record: RecordArg, user: UserOpt, purpose: PurposeOpt = None
) -> None:
    """Erase a record from the records and every derived table, leaving a tombstone. --purpose is
    the legal ground (kept in the tombstone and the audit log)."""
    stated = purpose_or_fail(purpose)
    source, record_id = _record(record)
    with open_workspace(workspace) as ws, refusals():
        removed = erasure.erase(ws, known_user(ws, user), source, record_id, stated.text)
    console.print(f"{record} erased: " + ", ".join(f"{t} {n}" for t, n in removed.items()))


@dpo_app.command()
def correct(
    workspace: WorkspaceArg,
    record: RecordArg,
    user: UserOpt,
    note: Annotated[str, typer.Option(help="What was wrong, and what is right.")],
) -> None:
    """Send a correction notice to every agency that received the record (LED Art. 7(3))."""
    source, record_id = _record(record)
    with open_workspace(workspace) as ws, refusals():
        sent = dpo.correct(ws, known_user(ws, user), source, record_id, note)
    console.print(f"notice sent to: {', '.join(sent) or 'nobody (never shared)'}")


@dpo_app.command()
def notices(workspace: WorkspaceArg, user: UserOpt) -> None:
    """Correction notices for your agency (logged)."""
    with open_workspace(workspace) as ws, refusals():
        found = dpo.notices_received(ws, known_user(ws, user))  # logged
    for record, note, by, at in found:
        print(json.dumps({"record": record, "note": note, "sent_by": by, "sent_at": str(at)}))
