"""`crossroute decide`: an analyst confirms or splits a match."""

from __future__ import annotations

from typing import Annotated

import typer

from crossroute.cli.console import console, fail
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.resolve.decisions import DecisionError, decide


def register(app: typer.Typer) -> None:
    app.command(name="decide")(decide_command)


def decide_command(
    workspace: WorkspaceArg,
    kind: Annotated[str, typer.Argument(help="confirm (one person) or split (not one person).")],
    left: Annotated[str, typer.Argument(help="A record: SOURCE:RECORD_ID.")],
    right: Annotated[str, typer.Argument(help="Another record: SOURCE:RECORD_ID.")],
    user: Annotated[str, typer.Option(help="Who decides.")],
    why: Annotated[str, typer.Option(help="Why: the analyst's reasoning, kept with the decision.")],
) -> None:
    """Confirm that two records are one person, or split them. The decision is kept (who, when, why),
    applied to the entities now, and respected by every later `crossroute resolve`."""
    with open_workspace(workspace) as ws:
        try:
            number = decide(ws, kind, left, right, user, why)
        except DecisionError as error:
            fail(str(error))
            return
        try:
            from crossroute.resolve.runner import recluster  # Splink loads only when needed

            entities = recluster(ws)
        except LookupError:
            console.print(
                f"Decision {number} kept; it applies from the first `crossroute resolve`."
            )
            return
    console.print(f"Decision {number} ({kind}) kept and applied: {entities:,} entities.")
