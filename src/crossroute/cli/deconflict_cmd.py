"""`crossroute deconflict`: register operations and their targets; alerts when agencies overlap."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer

from crossroute.cli.console import console
from crossroute.cli.sharing_options import (
    PurposeOpt,
    UserOpt,
    known_user,
    purpose_or_fail,
    refusals,
)
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.sharing import deconfliction

deconflict_app = typer.Typer(
    help="Deconfliction: operations, targets, alerts between agencies.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(deconflict_app, name="deconflict")


@deconflict_app.command("register")
def register_operation(
    workspace: WorkspaceArg,
    operation: Annotated[
        str, typer.Argument(help="Your operation's reference (never shown to others).")
    ],
    user: UserOpt,
    contact: Annotated[str, typer.Option(help="Whom other agencies should call on an overlap.")],
    target: Annotated[
        list[str],
        typer.Option(
            help="KIND:VALUE, repeatable: person:SOURCE:RECORD_ID or person:ENTITY_ID, "
            "phone:..., vehicle:PLATE, address:..., document:..., email:..."
        ),
    ],
    start: Annotated[str, typer.Option("--from", help="Window start, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Window end, YYYY-MM-DD.")],
    purpose: PurposeOpt = None,
) -> None:
    """Register an active operation of your agency; prints the alerts it raises at once."""
    stated = purpose_or_fail(purpose)
    with open_workspace(workspace) as ws, refusals():
        caller = known_user(ws, user)
        region = deconfliction.region_of(caller)
        starts, ends = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        targets = [deconfliction.parse_target(t, starts, ends, region) for t in target]
        alerts = deconfliction.register(ws, caller, operation, contact, targets, stated.text)
    console.print(f"operation {operation} registered with {len(targets)} targets")
    for alert in alerts:
        print(json.dumps(_alert(alert)))


@deconflict_app.command("alerts")
def alerts(workspace: WorkspaceArg, user: UserOpt) -> None:
    """The alerts on your agency's operations (JSON lines): whom to contact, never their details."""
    with open_workspace(workspace) as ws, refusals():
        deconfliction.check(ws)
        found = deconfliction.alerts_for(ws, known_user(ws, user))
    for alert in found:
        print(json.dumps(_alert(alert)))


@deconflict_app.command("close")
def close(
    workspace: WorkspaceArg,
    operation: Annotated[str, typer.Argument(help="Your operation's reference.")],
    user: UserOpt,
) -> None:
    """Close an operation of your agency: no further alerts."""
    with open_workspace(workspace) as ws, refusals():
        deconfliction.close(ws, known_user(ws, user), operation)
    console.print(f"operation {operation} closed")


def _alert(alert: deconfliction.Alert) -> dict[str, object]:
    return {
        "alert": alert.alert_id,
        "your_operation": alert.our_operation,
        "other_agency": alert.other_agency,
        "contact": alert.contact,
        "overlap": alert.kind,
        "raised_at": str(alert.raised_at),
    }
