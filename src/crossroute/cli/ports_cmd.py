"""`crossroute ports ...`: container risk targeting (train, score, select)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crossroute.analysis.ports.declarations import DeclarationError
from crossroute.analysis.ports.runs import score_file, train_from_files
from crossroute.analysis.ports.store import NoModel
from crossroute.cli.console import console, errors, fail
from crossroute.cli.workspace_cmd import WorkspaceArg
from crossroute.sharing import SharingError
from crossroute.sharing.audit import Action, append_by
from crossroute.sharing.users import get_user
from crossroute.store import Workspace, WorkspaceError
from crossroute.store.workspace import DB_FILE

ports_app = typer.Typer(
    name="ports",
    help="Container risk targeting: train on inspection outcomes, score declarations, select.",
    no_args_is_help=True,
)

OptionalUser = Annotated[
    str | None, typer.Option("--user", help="Who runs it (logged in the audit trail when given).")
]
OptionalPurpose = Annotated[str | None, typer.Option("--purpose", help="Why (logged with --user).")]


def register(app: typer.Typer) -> None:
    app.add_typer(ports_app)


def open_or_create(path: Path) -> Workspace:
    """The workspace, made first when the folder holds none (so `ports train` works on its own)."""
    try:
        if not (path / DB_FILE).exists():
            return Workspace.create(path)
        return Workspace.open(path)
    except WorkspaceError as error:
        fail(str(error))
        raise


def audit(
    ws: Workspace, user: str | None, purpose: str | None, action: Action, **detail: object
) -> None:
    if user is None:
        return
    try:
        who = get_user(ws, user)
    except SharingError as error:
        fail(str(error))
        raise
    append_by(ws, who, action, purpose=purpose, detail={"command": "ports", **detail})


@ports_app.command()
def train(
    workspace: WorkspaceArg,
    declarations: Annotated[
        list[Path],
        typer.Option(
            "--declarations",
            help="Labelled declarations CSV (customs header or canonical); repeat for more files.",
        ),
    ],
    user: OptionalUser = None,
    purpose: OptionalPurpose = None,
) -> None:
    """Load labelled declarations (Fraud, optionally Critical Fraud) and train the risk model on every
    labelled declaration the workspace holds."""
    with open_or_create(workspace) as ws:
        try:
            with console.status("training") as status:
                run = train_from_files(ws, declarations, user, lambda text: status.update(text))
        except DeclarationError as error:
            fail(str(error))
            raise
        audit(
            ws, user, purpose, Action.COLLECTION, step="train", files=[str(p) for p in declarations]
        )
    if run.quarantined:
        errors.print(f"{run.quarantined:,} rows quarantined (see ports.quarantine)")
    console.print(
        f"model {run.model_id}: trained on {run.rows:,} declarations "
        f"({run.facts['first_date']} to {run.facts['last_date']}; fraud rate "
        f"{float(str(run.facts['fraud_rate'])):.1%}); loaded {run.loaded:,} rows"
    )


@ports_app.command()
def score(
    workspace: WorkspaceArg,
    declarations: Annotated[
        Path, typer.Argument(help="Declarations CSV to score (labels ignored).")
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Where to write declaration_id,score,reasons.")
    ],
    user: OptionalUser = None,
    purpose: OptionalPurpose = None,
) -> None:
    """Score every usable row: risk in [0, 1] (higher = riskier) with reason codes."""
    with open_or_create(workspace) as ws:
        try:
            with console.status("scoring") as status:
                run = score_file(ws, declarations, out, lambda text: status.update(text))
        except (DeclarationError, NoModel) as error:
            fail(str(error))
            raise
        audit(ws, user, purpose, Action.COMBINATION, step="score", file=str(declarations))
    if run.quarantined:
        errors.print(f"{run.quarantined:,} rows quarantined (not scored; see ports.quarantine)")
    console.print(f"scored {run.rows:,} declarations with model {run.model_id} -> {out}")
