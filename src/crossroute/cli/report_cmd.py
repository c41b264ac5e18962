"""`crossroute report`: the intelligence briefing for a taskforce meeting, through the sharing gate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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


def register(app: typer.Typer) -> None:
    app.command(name="report")(report)


def report(
    workspace: WorkspaceArg,
    user: UserOpt,
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")] = Path(
        "briefing.html"
    ),
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help="Also print it to PDF (next to it) with headless Chromium."),
    ] = False,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
) -> None:
    """Write the briefing: groups, key players with reasons, recommended disruption targets with their
    expected effect, a route map and money flows, the grading and sources behind each claim, and the
    document's handling code (the most restrictive of its sources). One self-contained HTML file that
    opens offline; only records the user may see, logged with the purpose."""
    from crossroute.report import write_briefing
    from crossroute.report.pdf import PdfError, print_pdf
    from crossroute.report.worldmap import MapDataMissing

    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        if not ws.scalar("SELECT count(*) FROM clusters"):
            fail(f"{workspace} has no resolution yet: run `crossroute resolve {workspace}` first")
        try:
            found = write_briefing(ws, user, stated, out)
        except MapDataMissing as error:
            fail(str(error))
            raise
    console.print(
        f"Wrote {out}: {len(found.groups)} groups, {len(found.players)} key players, "
        f"{len(found.shown)} records behind it."
    )
    if pdf:
        target = out.with_suffix(".pdf")
        try:
            print_pdf(out, target)
        except PdfError as error:
            fail(str(error))
        console.print(f"Wrote {target}.")
