"""`crossroute explain`: why records are one entity, readable by an analyst."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated

import typer
from rich.table import Table

from crossroute.cli.console import console, fail
from crossroute.cli.sharing_options import (
    CaseOpt,
    PurposeOpt,
    UserOpt,
    check_token,
    purpose_or_fail,
    refusals,
)
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.resolve.explain import EntityExplanation
from crossroute.sharing.explain import NothingToSee, explained


def register(app: typer.Typer) -> None:
    app.command(name="explain")(explain_command)


def explain_command(
    workspace: WorkspaceArg,
    target: Annotated[
        str, typer.Argument(help="An entity id (P-...) or a record: SOURCE:RECORD_ID.")
    ],
    user: UserOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
) -> None:
    """Explain an entity: its records side by side, and for every scored pair which fields agreed or
    disagreed and how much each weighed (Splink match weights), merges and refusals alike. Through the
    sharing gate: only the records you may see, logged with your purpose."""
    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        try:
            found = explained(ws, user, target, stated)
        except NothingToSee as error:
            fail(str(error))
            return
    if as_json:
        print(json.dumps(dataclasses.asdict(found), default=str))
        return
    _render(found)


def _render(found: EntityExplanation) -> None:
    records = Table(title=f"Entity {found.entity_id}: {len(found.records)} records")
    for column in (
        "source",
        "record_id",
        "name",
        "birth_date",
        "sex",
        "nationality",
        "document",
        "phone",
    ):
        records.add_column(column)
    for record in found.records:
        records.add_row(*(str(record[k] or "") for k in record))
    console.print(records)
    console.print(f"Prior (two random records are one person): weight {found.prior_weight:+.1f}")
    for pair in found.pairs[:20]:
        verdict = (
            "[green]merged[/]"
            if pair.merged
            else f"[red]kept apart[/] ({pair.refused or 'below threshold'})"
        )
        console.print(
            f"\n[bold]{pair.left}[/] ~ [bold]{pair.right}[/]: weight {pair.match_weight:+.1f}, "
            f"probability {pair.match_probability:.3f}, {verdict}"
        )
        for item in sorted(pair.evidence, key=lambda e: -abs(e.weight)):
            colour = "green" if item.weight > 0 else "red" if item.weight < 0 else "dim"
            console.print(
                f"   {item.comparison:12} {item.level:38} [{colour}]{item.weight:+6.1f}[/]"
            )
    if len(found.pairs) > 20:
        console.print(f"... {len(found.pairs) - 20} more pairs (--json for all)")
