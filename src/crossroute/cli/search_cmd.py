"""`crossroute search`: entities matching a name or identifier, through the sharing gate."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from crossroute.cli.console import errors
from crossroute.cli.sharing_options import (
    CaseOpt,
    PurposeOpt,
    RecipientOpt,
    UseOpt,
    UserOpt,
    check_token,
    purpose_or_fail,
    refusals,
)
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.sharing import Use, gate


def register(app: typer.Typer) -> None:
    app.command(name="search")(search)


def search(
    workspace: WorkspaceArg,
    query: Annotated[
        str,
        typer.Argument(
            help="A name (any spelling or script), an identifier in any format (phone, document, "
            "email, IBAN, plate...), an entity id or SOURCE:RECORD_ID."
        ),
    ],
    user: UserOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    use: UseOpt = Use.CONSULT,
    recipient: RecipientOpt = None,
    limit: Annotated[int, typer.Option(help="At most this many entities.", min=1, max=1000)] = 50,
) -> None:
    """Print matching entities as JSON lines (one per entity: its records as you may see them, hits
    you may only know exist, caveats on the evidence). Every search is logged with its purpose."""
    stated = purpose_or_fail(purpose, case, use, recipient)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        views = gate.search(ws, user, query, stated, limit=limit)
    for view in views:
        print(json.dumps(view.as_dict(), ensure_ascii=False, default=str))
    if not views:
        errors.print("no match you may see")
