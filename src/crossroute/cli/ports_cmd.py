"""`crossroute ports ...`: container risk targeting (train, score, select)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from crossroute.analysis.ports import selection
from crossroute.analysis.ports.declarations import DeclarationError, read_outcomes
from crossroute.analysis.ports.runs import score_file, train_from_files
from crossroute.analysis.ports.selection import (
    EXPLORATION_SHARE,
    Budget,
    save_selection,
    scores_to_select,
)
from crossroute.analysis.ports.store import NoModel, load_outcomes
from crossroute.cli import ports_watch_cmd
from crossroute.cli.console import console, errors, fail
from crossroute.cli.sharing_options import known_user, loading_actor, purpose_or_fail, refusals
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.sharing.audit import Action
from crossroute.sharing.collection import Actor, log_by
from crossroute.store import Workspace, WorkspaceError
from crossroute.store.workspace import DB_FILE

ports_app = typer.Typer(
    name="ports",
    help="Container risk targeting: train on inspection outcomes, score declarations, select.",
    no_args_is_help=True,
)

OptionalUser = Annotated[
    str | None,
    typer.Option(
        "--user",
        help="Who runs it (a user of the workspace, checked as `search` checks it); logged. Without "
        "it the operating-system user is logged, marked as such.",
    ),
]
OptionalPurpose = Annotated[
    str | None, typer.Option("--purpose", help="Why (logged; default: the command's name).")
]


def register(app: typer.Typer) -> None:
    ports_watch_cmd.add_commands(ports_app)  # displacement, aggregates, insiders
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
    ws: Workspace, actor: Actor, purpose: str | None, action: Action, **detail: object
) -> None:
    """The command's one entry: the `--user` (authenticated before any work), else the operating-
    system user marked as such (like `crossroute ingest`); why (default: the step)."""
    step = f"ports {detail.get('step', '')}".strip()
    log_by(ws, actor, action, {"command": "ports", **detail}, purpose=purpose or step)


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
        actor = loading_actor(ws, user)
        try:
            with console.status("training") as status:
                run = train_from_files(ws, declarations, user, lambda text: status.update(text))
        except DeclarationError as error:
            fail(str(error))
            raise
        audit(
            ws,
            actor,
            purpose,
            Action.COLLECTION,
            step="train",
            files=[str(p) for p in declarations],
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
        actor = loading_actor(ws, user)
        try:
            with console.status("scoring") as status:
                run = score_file(ws, declarations, out, lambda text: status.update(text))
        except (DeclarationError, NoModel) as error:
            fail(str(error))
            raise
        audit(ws, actor, purpose, Action.COMBINATION, step="score", file=str(declarations))
    if run.quarantined:
        errors.print(f"{run.quarantined:,} rows quarantined (not scored; see ports.quarantine)")
    console.print(f"scored {run.rows:,} declarations with model {run.model_id} -> {out}")


@ports_app.command()
def records(
    workspace: WorkspaceArg,
    out: Annotated[Path, typer.Option("--out", help="Where to write the records (JSON lines).")],
    every_declaration: Annotated[
        bool,
        typer.Option(
            "--all", help="Every declaration as a Shipment (default: those found in fraud)."
        ),
    ] = False,
    since: Annotated[str | None, typer.Option("--since", help="Only days from YYYY-MM-DD.")] = None,
    user: OptionalUser = None,
    purpose: OptionalPurpose = None,
) -> None:
    """The declarations' parties (Organization) and consignments found in fraud (Shipment, Container,
    Seizure) as canonical records: load them with `crossroute ingest WS FILE --agency ... --handling
    ...` so they resolve with the other agencies' companies."""
    from crossroute.analysis.ports.records import write_records

    with open_workspace(workspace) as ws:
        actor = loading_actor(ws, user)
        written = write_records(ws, out, every_declaration, since)
        audit(ws, actor, purpose, Action.DISCLOSURE, step="records", file=str(out))
    console.print(
        f"{written.organizations:,} organisations, {written.shipments:,} shipments, "
        f"{written.containers:,} containers, {written.seizures:,} seizures -> {out}\n"
        f"Next: crossroute ingest {workspace} {out} --agency AGENCY --handling CODE"
    )


@ports_app.command()
def select(
    workspace: WorkspaceArg,
    share: Annotated[
        float | None, typer.Option("--share", help="Budget: share of each day's declarations.")
    ] = None,
    per_day: Annotated[
        int | None, typer.Option("--per-day", help="Budget: declarations per day.", min=1)
    ] = None,
    explore: Annotated[
        float, typer.Option("--explore", help="Share of the budget drawn at random.", min=0, max=1)
    ] = EXPLORATION_SHARE,
    since: Annotated[str | None, typer.Option("--since", help="Only days from YYYY-MM-DD.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random draw.")] = 0,
    out: Annotated[Path | None, typer.Option("--out", help="Write the list as CSV.")] = None,
    user: OptionalUser = None,
    purpose: OptionalPurpose = None,
) -> None:
    """The inspection list per day from the last scores: the top of the ranking plus a random
    exploration share (so the model keeps learning what it does not pick). With --user and
    --purpose, declarations whose parties the user's own graph ties to the networks go first."""
    if (share is None) == (per_day is None):
        fail("give one budget: --share (e.g. 0.02) or --per-day N")
    with open_workspace(workspace) as ws:
        actor = loading_actor(ws, user)
        scores = scores_to_select(ws, since)
        if scores.empty:
            fail(f"no scores in {workspace}: run `crossroute ports score` first")
        intel = None
        if user is not None and purpose:  # the caller's own graph ties parties to the networks
            from crossroute.analysis.ports.intel import intel_picks

            with refusals():
                known_user(ws, user)
                intel = intel_picks(ws, user, purpose_or_fail(purpose), scores, path="ports select")
        chosen = selection.select(scores, Budget(share, per_day, explore), seed, intel)
        selection_id = save_selection(ws, chosen)
        audit(ws, actor, purpose, Action.CONSULTATION, step="select", selection=selection_id)
    if out is not None:
        chosen.to_csv(out, index=False)
    table = Table("date", "declaration", "office", "score", "chosen by", "reasons")
    for row in chosen.head(50).itertuples():
        table.add_row(str(row.date)[:10], str(row.declaration_id), str(row.office),
                      f"{row.score:.3f}", str(row.chosen_by), str(row.reasons))  # fmt: skip
    console.print(table)
    explored = int((chosen["chosen_by"] == "explore").sum())
    watched = int((chosen["chosen_by"] == "intel").sum())
    console.print(
        f"selection {selection_id}: {len(chosen):,} declarations over "
        f"{chosen['date'].nunique()} days ({explored:,} by random exploration, {watched:,} on "
        "intelligence)"
        + ("" if intel is not None else "; intelligence picks need --user and --purpose")
    )


@ports_app.command()
def outcomes(
    workspace: WorkspaceArg,
    file: Annotated[
        Path, typer.Argument(help="declaration_id,fraud[,critical_fraud][,inspection_outcome]")
    ],
    retrain: Annotated[
        bool, typer.Option("--retrain", help="Train again on every outcome held.")
    ] = False,
    user: OptionalUser = None,
    purpose: OptionalPurpose = None,
) -> None:
    """Load inspection outcomes of scored declarations (unknown ids quarantined), then optionally retrain."""
    with open_workspace(workspace) as ws:
        actor = loading_actor(ws, user)
        try:
            good, bad = read_outcomes(file)
        except DeclarationError as error:
            fail(str(error))
            raise
        updated, unknown = load_outcomes(ws, good, bad, str(file))
        audit(ws, actor, purpose, Action.ALTERATION, step="outcomes", file=str(file))
        console.print(f"{updated:,} outcomes loaded; {unknown + len(bad):,} quarantined")
        if retrain:
            run = train_from_files(ws, [], user)
            console.print(f"model {run.model_id}: trained on {run.rows:,} declarations")


@ports_app.command(name="drift")
def drift_report(workspace: WorkspaceArg) -> None:
    """Hit rate of inspected declarations per month, ranked picks against random exploration."""
    with open_workspace(workspace) as ws:
        report = selection.drift(ws)
    table = Table("month", "chosen by", "inspected", "hits", "hit rate", "model expected")
    for row in report.itertuples():
        table.add_row(str(row.month), str(row.chosen_by), str(row.inspected), str(row.hits),
                      str(row.hit_rate), str(row.expected))  # fmt: skip
    console.print(table)
