"""`crossroute routes`: the whole-of-route picture. Public arrivals, detections and deaths loaded as
published; their trends as charts with what they show; next weeks' forecast; the case's groups on the
legs of the route (through the sharing gate)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from crossroute.cli.console import console, count_progress, errors, fail
from crossroute.cli.sharing_options import (
    CaseOpt,
    PurposeOpt,
    UserOpt,
    check_token,
    purpose_or_fail,
    refusals,
)
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace

routes_app = typer.Typer(
    name="routes",
    help="Whole of route: public arrivals, detections and deaths; trends, forecast, legs and groups.",
    no_args_is_help=True,
)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object (for scripts).")]


def register(app: typer.Typer) -> None:
    app.add_typer(routes_app)


def _candidates(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the published files under it. With none: the first
    `shared/data` folder beside the current folder or one of its parents."""
    from crossroute.analysis.routes.public_data import default_paths

    if not paths:
        here = Path.cwd().resolve()
        folders = [p / "shared" / "data" for p in (here, *here.parents)]
        paths = [next((f for f in folders if f.is_dir()), here)]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = default_paths(path)
            if not inside:
                fail(f"{path}: no published public-data file found in it")
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            fail(f"{path}: no such file or folder")
    return found


@routes_app.command()
def load(
    workspace: WorkspaceArg,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Public files (UK small boats daily/monthly/yearly, Frontex, IOM MMP) or folders "
            "holding them; default: the shared/data folder beside this one."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Load public aggregate statistics unmodified, each file into its own table in one transaction,
    with its provenance (file, SHA-256, the publisher's citation). No personal data: no gate."""
    from crossroute.analysis.routes.public_data import PublicDataError
    from crossroute.analysis.routes.public_data import load as load_file

    files = _candidates(list(paths or []))
    done = []
    with open_workspace(workspace) as ws, count_progress() as progress:
        task = progress.add_task("Loading public data", total=len(files))
        for path in files:
            try:
                done.append(load_file(ws, path))
            except PublicDataError as error:
                fail(str(error))
            progress.advance(task)
    if as_json:
        print(json.dumps([{"dataset": d.dataset, "file": str(d.file), "rows": d.rows,
                           "rejected": d.rejected, "sha256": d.sha256} for d in done]))  # fmt: skip
        return
    table = Table("dataset", "rows", "rejected", "file")
    for d in done:
        table.add_row(d.dataset, f"{d.rows:,}", f"{d.rejected:,}", str(d.file))
    console.print(table)


@routes_app.command()
def forecast(
    workspace: WorkspaceArg,
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=12, help="Weeks ahead.")] = 4,
    as_json: JsonOpt = False,
) -> None:
    """Next weeks' small-boat arrivals (people per week) and people per boat, with 80% intervals."""
    from crossroute.analysis.routes.forecast import people_forecast, per_boat_forecast
    from crossroute.analysis.routes.series import NoPublicData, uk_daily, weekly

    with open_workspace(workspace) as ws:
        try:
            week = weekly(uk_daily(ws))
        except NoPublicData as error:
            fail(str(error))
            raise
    with errors.status("Fitting the forecast models"):
        found = [
            people_forecast(week["people"], weeks),
            per_boat_forecast(week["per_boat"], weeks),
        ]
    if as_json:
        print(json.dumps({"last_week": week.index[-1].date().isoformat(),
                          "forecasts": [f.as_json() for f in found]}))  # fmt: skip
        return
    for f in found:
        table = Table("week ending", f.what, "80% interval", title=f"{f.what} ({f.model})")
        for w, v, lo, hi in zip(f.weeks, f.value, f.lower, f.upper, strict=True):
            table.add_row(w.date().isoformat(), f"{v:,.1f}", f"{lo:,.1f} - {hi:,.1f}")
        console.print(table)


@routes_app.command()
def trends(
    workspace: WorkspaceArg,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Write each chart (PNG) and its sentence (TXT) into this folder."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """What changed: arrivals with their trend and spike days, people per boat, Frontex detections by
    route and the nationalities moving between routes, IOM deaths by route and cause, each with the
    sentence computed from the figures; then where prevention should aim (ranked, with evidence)."""
    from crossroute.analysis.routes import charts
    from crossroute.analysis.routes.forecast import people_forecast
    from crossroute.analysis.routes.prevention import priorities
    from crossroute.analysis.routes.trends import all_findings

    with open_workspace(workspace) as ws, errors.status("Computing trends, forecast and charts"):
        found = all_findings(ws)
        if not found:
            fail(f"{workspace} holds no public data: run `crossroute routes load {workspace}`")
        ranked = priorities(ws) if ws.scalar("SELECT count(*) FROM frontex_detections") else []
        arrivals = next((f for f in found if f.name == "arrivals"), None)
        forecast = people_forecast(arrivals.frames["weekly"]["people"]) if arrivals else None
        written = charts.write(found, out, forecast) if out is not None else []
    if as_json:
        print(json.dumps({"findings": [{"name": f.name, "title": f.title, "sentence": f.sentence}
                                       for f in found],
                          "prevention": [p.as_json() for p in ranked],
                          "charts": [str(p) for p in written]}, default=str))  # fmt: skip
        return
    for f in found:
        console.print(f"[bold]{f.title}[/]\n{f.sentence}\n")
    table = Table(
        "rank", "nationality", "growing on", "evidence", title="Where prevention should aim"
    )
    for p in ranked:
        table.add_row(str(p.rank), p.nationality, p.route, p.evidence)
    console.print(table)
    for path in written:
        console.print(f"Wrote {path}")


@routes_app.command()
def legs(
    workspace: WorkspaceArg,
    user: UserOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The case on the legs of the route (origin, transit, staging, crossing, destination): each group
    with what it does and the legs it serves, public figures beside the case's, and the functions
    left without a provider if the recommended targets were removed. Through the sharing gate: only
    records the user may see, one audit entry with the purpose."""
    from crossroute.analysis.network.percaller import caller_case
    from crossroute.analysis.routes.legs import add_public, route_picture
    from crossroute.model.gazetteer import locate

    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        if not ws.scalar("SELECT count(*) FROM clusters"):
            fail(f"{workspace} has no resolution yet: run `crossroute resolve {workspace}` first")
        network = caller_case(ws, user, stated)  # the network this user may see, nothing more
        picture = route_picture(
            ws,
            user,
            stated,
            network.case,
            network.index,
            locate=locate,
            path="cli routes legs",
        )
        add_public(ws, picture)
    found = picture.as_json()
    if as_json:
        print(json.dumps(found, default=str))
        return
    table = Table(
        "leg", "places (case)", "records", "case figures", "public figures", title="Route"
    )
    for leg in found["legs"]:
        table.add_row(
            leg["name"],
            ", ".join(f"{p} ({n})" for p, n in list(leg["places"].items())[:4])
            or ", ".join(f"{c} ({n})" for c, n in list(leg["countries"].items())[:4]),
            ", ".join(f"{k} {v}" for k, v in leg["records"].items()),
            _brief(leg["figures"]),
            _brief(leg["public"]),
        )
    console.print(table)
    groups = Table("group", "members", "functions", "legs served", "crossings", title="Groups")
    for g in found["groups"]:
        functions = ", ".join(f"{f} ({n})" for f, n in g["functions"].items())
        groups.add_row(str(g["community"]), str(g["members"]), functions,
                       " -> ".join(g["legs"]), str(g["crossings"]))  # fmt: skip
    console.print(groups)
    d = found["disruption"]
    console.print(
        f"Removing {', '.join(d['removed']) or 'nobody'} leaves without a provider: "
        f"{', '.join(d['functions_without_provider']) or 'no function'} "
        f"(legs: {', '.join(d['legs_without_provider']) or 'none'})."
    )


def _brief(figures: dict[str, object]) -> str:
    return "; ".join(
        f"{k}: {v}" for k, v in figures.items() if k != "source" and not isinstance(v, dict)
    )
