"""`crossroute ports displacement | aggregates | insiders | insiders-readers`: the displacement monitor
(per port and month, shifts flagged, across nodes from shared aggregates) and the corrupt-insider list
(gated; restricted to the analysts the policy names)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from crossroute.analysis.ports.displacement import Monitor, Params, monitor
from crossroute.analysis.ports.insiders import LIST, TOP, insiders
from crossroute.cli.console import console, fail
from crossroute.cli.sharing_options import (
    CaseOpt,
    PurposeOpt,
    UserOpt,
    known_user,
    purpose_or_fail,
    refusals,
)
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.federation.port_aggregates import AggregateError, combine, load, read, share
from crossroute.sharing import lists

OriginsOpt = Annotated[
    str | None,
    typer.Option(
        "--risky-origins",
        help="Comma-separated origin codes counted as risky (default: origins whose inspected hit "
        "rate is --lift x the overall rate).",
    ),
]
ZOpt = Annotated[float, typer.Option("--z", help="Standard deviations a share must move.", min=0)]
WindowOpt = Annotated[int, typer.Option("--window", help="Earlier months compared.", min=2)]
LagOpt = Annotated[int, typer.Option("--lag", help="Months a rise may follow a drop.", min=0)]
MinOpt = Annotated[
    int, typer.Option("--min-declarations", help="Months with fewer are not judged.", min=1)
]
LiftOpt = Annotated[float, typer.Option("--lift", help="Risky origin: hit rate x overall.", min=1)]


def _params(
    origins: str | None, z: float, window: int, lag: int, least: int, lift: float
) -> Params:
    chosen = tuple(o.strip() for o in origins.split(",") if o.strip()) if origins else None
    return Params(
        window=window, z=z, lag=lag, min_declarations=least, lift=lift, risky_origins=chosen
    )


def add_commands(app: typer.Typer) -> None:
    app.command("displacement")(displacement)
    app.command("aggregates")(aggregates)
    app.command("insiders")(insiders_list)
    app.command("insiders-readers")(insiders_readers)


def displacement(
    workspace: WorkspaceArg,
    with_: Annotated[
        list[Path] | None,
        typer.Option("--with", help="Another node's aggregates (crossroute ports aggregates)."),
    ] = None,
    node: Annotated[
        str, typer.Option("--node", help="This node's name when combining with others.")
    ] = "here",
    risky_origins: OriginsOpt = None,
    z: ZOpt = 2.0,
    window: WindowOpt = 6,
    lag: LagOpt = 1,
    min_declarations: MinOpt = 30,
    lift: LiftOpt = 1.5,
    out: Annotated[Path | None, typer.Option("--json", help="Write the monitor as JSON.")] = None,
    chart: Annotated[Path | None, typer.Option("--chart", help="Write the chart as SVG.")] = None,
) -> None:
    """Per port and month: declarations, inspected, hits, risky-origin share, main routes; shifts of
    risky traffic from one port to another flagged. Counts only (no personal data)."""
    params = _params(risky_origins, z, window, lag, min_declarations, lift)
    with open_workspace(workspace) as ws:
        try:
            if with_:
                mine = read(share(ws, node, params), "this node")
                found = combine([mine, *(load(p) for p in with_)], params)
            else:
                found = monitor(ws, params)
        except AggregateError as error:
            fail(str(error))
            raise
    _print(found)
    if out is not None:
        out.write_text(json.dumps(found.as_dict(), indent=1), encoding="utf-8")
    if chart is not None:
        from crossroute.report.displacement_section import displacement_chart

        chart.write_text(displacement_chart(found), encoding="utf-8")


def _print(found: Monitor) -> None:
    table = Table("port", "month", "declarations", "inspected", "hits", "risky share", "main route")
    for r in found.rows[-60:]:
        route = " > ".join(x for x in r.routes[0][:3] if x) if r.routes else "-"
        table.add_row(r.port, r.month, f"{r.declarations:,}", f"{r.inspected:,}", f"{r.hits:,}",
                      f"{r.risky_share:.1%}", route)  # fmt: skip
    console.print(table)
    console.print(f"risky origins: {', '.join(found.risky_origins) or 'none'}")
    if not found.shifts:
        console.print("no shift flagged")
    for s in found.shifts:
        console.print(
            f"SHIFT {s.drop_month}: {s.from_port} {s.from_share:.1%} (expected "
            f"{s.from_expected:.1%}, z {s.from_z}) -> {s.to_port} {s.to_share:.1%} in {s.rise_month} "
            f"(expected {s.to_expected:.1%}, z {s.to_z}); ~{s.moved:,} risky declarations moved"
            f"{'; after more inspections' if s.enforcement else ''}"
        )


def aggregates(
    workspace: WorkspaceArg,
    node: Annotated[str, typer.Option("--node", help="This node's name (e.g. BE-ANTWERP).")],
    out: Annotated[Path, typer.Option("--out", help="The JSON file to share.")],
    risky_origins: OriginsOpt = None,
    lift: LiftOpt = 1.5,
) -> None:
    """Per-port monthly counts this node may share with the alliance (no personal data; rare routes
    left out); peers combine them with `crossroute ports displacement WS --with FILE`."""
    params = _params(risky_origins, 2.0, 6, 1, 30, lift)
    with open_workspace(workspace) as ws:
        try:
            data = share(ws, node, params)
        except AggregateError as error:
            fail(str(error))
            raise
    out.write_text(json.dumps(data, indent=1), encoding="utf-8")
    console.print(f"{len(data['rows']):,} port-months of {node} -> {out}")


def insiders_list(
    workspace: WorkspaceArg,
    user: UserOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    top: Annotated[int, typer.Option("--top", help="How many.", min=1)] = TOP,
    out: Annotated[Path | None, typer.Option("--json", help="Write the list as JSON.")] = None,
) -> None:
    """Port, customs, police and dock staff tied to the networks (seizures, payments from group members
    or consignees of seized containers, ties to group members), ranked with the evidence. Gated; only
    the analysts the policy names when it names any (`insiders-readers`). One audit entry."""
    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        known_user(ws, user)
        found = insiders(ws, user, stated, top=top)
    table = Table("#", "person", "staff", "role / employer", "score", "evidence")
    for item in found["items"]:
        table.add_row(
            str(item["rank"]), item["person"], ", ".join(item["staff"]), "; ".join(item["roles"]),
            f"{item['score']:.1f}",
            "\n".join(f"{e['what']} ({', '.join(e['records'][:3])})" for e in item["evidence"]),
        )  # fmt: skip
    console.print(table)
    console.print(
        f"{len(found['items'])} of {found['staff_considered']} port staff you may see have ties"
    )
    if out is not None:
        out.write_text(json.dumps(found, indent=1), encoding="utf-8")


def insiders_readers(
    workspace: WorkspaceArg,
    user: UserOpt,
    allow: Annotated[
        list[str] | None, typer.Option("--allow", help="An analyst who may see the list.")
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Remove the rule (per-record rules alone apply).")
    ] = False,
    purpose: PurposeOpt = None,
) -> None:
    """Restrict the insider list to named analysts (supervisors). Once any is named, every other user
    is refused. Logged."""
    stated = purpose_or_fail(purpose)
    if clear == bool(allow):
        fail("give --allow NAME (repeatable) or --clear")
    with open_workspace(workspace) as ws, refusals():
        acting = known_user(ws, user)
        if clear:
            lists.clear_readers(ws, acting, LIST, stated.text)
        else:
            lists.name_readers(ws, acting, LIST, allow or [], stated.text)
        named = lists.readers(ws, LIST)
    console.print(
        f"insider list readers: {', '.join(sorted(named)) if named else 'none named (per-record rules)'}"
    )
