"""`crossroute decide`: an analyst confirms or splits a match, through the sharing gate."""

from __future__ import annotations

from typing import Annotated

import typer

from crossroute.cli.console import console
from crossroute.cli.sharing_options import (
    CaseOpt,
    PurposeOpt,
    UserOpt,
    known_user,
    purpose_or_fail,
    refusals,
)
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.sharing.decisions import gated_decision


def register(app: typer.Typer) -> None:
    app.command(name="decide")(decide_command)


def decide_command(
    workspace: WorkspaceArg,
    kind: Annotated[str, typer.Argument(help="confirm (one person) or split (not one person).")],
    left: Annotated[str, typer.Argument(help="A record: SOURCE:RECORD_ID.")],
    right: Annotated[str, typer.Argument(help="Another record: SOURCE:RECORD_ID.")],
    user: UserOpt,
    why: Annotated[str, typer.Option(help="Why: the analyst's reasoning, kept with the decision.")],
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
) -> None:
    """Confirm that two records are one person, or split them: two records you may see (the gate is
    asked once, and logs it). The decision is kept (who, when, why), logged, applied to the entities
    now, and respected by every later `crossroute resolve`. --purpose defaults to --why."""
    stated = purpose_or_fail(purpose or why, case)
    with open_workspace(workspace) as ws:
        with refusals():
            number, _ = gated_decision(
                ws, known_user(ws, user), stated, kind, left, right, why, path="cli decide"
            )
        try:
            from crossroute.resolve.runner import recluster  # Splink loads only when needed

            entities = recluster(ws)
        except LookupError:
            console.print(
                f"Decision {number} kept; it applies from the first `crossroute resolve`."
            )
            return
    console.print(f"Decision {number} ({kind}) kept and applied: {entities:,} entities.")
