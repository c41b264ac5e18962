"""`crossroute quarantine`: the rows ingest could not load, and the values it kept as written because
it could not clean them, for a data-protection officer or an administrator (no Parquet export needed)."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from crossroute.cli.console import console
from crossroute.cli.sharing_options import PurposeOpt, UserOpt, purpose_or_fail, refusals
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.model.record_key import RecordKey
from crossroute.sharing import problems
from crossroute.sharing.users import get_user


def register(app: typer.Typer) -> None:
    app.command("quarantine")(quarantine)


def quarantine(
    workspace: WorkspaceArg,
    user: UserOpt,
    purpose: PurposeOpt = None,
    value_issues: Annotated[
        bool,
        typer.Option(
            "--value-issues",
            help="List the values kept as written, not understood (their rows loaded), "
            "instead of the quarantined rows.",
        ),
    ] = False,
    file: Annotated[
        str | None, typer.Option("--file", help="Only files whose path ends with this.")
    ] = None,
    batch: Annotated[int | None, typer.Option("--batch", help="Only this ingest batch.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.", min=1)] = problems.LIMIT,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Rows quarantined at ingest (file, row, field, reason, the row as read), or with --value-issues
    the values kept as written because they could not be cleaned. Needs a DPO or an administrator;
    each use is logged."""
    stated = purpose_or_fail(purpose)
    with open_workspace(workspace) as ws, refusals():
        asker = get_user(ws, user)
        found: list[problems.Quarantined] | list[problems.ValueIssue]
        if value_issues:
            found = problems.value_issues(
                ws, asker, stated.text, file=file, batch=batch, limit=limit
            )
        else:
            found = problems.quarantined(
                ws, asker, stated.text, file=file, batch=batch, limit=limit
            )
    if as_json:
        for item in found:
            print(json.dumps(dataclasses.asdict(item), ensure_ascii=False, default=str))
        return
    what = "Values kept as written, not understood" if value_issues else "Quarantined rows"
    if not found:
        console.print(f"{what}: none")
        return
    table = Table(title=f"{what} ({len(found):,})")
    if value_issues:
        for name in ("batch", "row", "record", "field", "as supplied", "why not understood"):
            table.add_column(name, overflow="fold")
        for issue in found:
            assert isinstance(issue, problems.ValueIssue)
            table.add_row(
                str(issue.batch_id),
                str(issue.row_number),
                escape(RecordKey(issue.source, issue.record_id).shown),
                escape(f"{issue.field} ({issue.property})"),
                escape(repr(issue.raw)),
                escape(issue.reason),
            )
    else:
        for name in ("batch", "file", "row", "field", "reason"):
            table.add_column(name, overflow="fold")
        for row in found:
            assert isinstance(row, problems.Quarantined)
            table.add_row(
                str(row.batch_id),
                escape(row.file_path.rsplit("/", 1)[-1]),
                str(row.row_number),
                escape(row.field or ""),
                escape(row.reason),
            )
    console.print(table)
