"""`crossroute audit`: check the audit log's chain; print its head to keep elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import duckdb
import typer

from crossroute.cli.console import console, fail
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.sharing import AuditBroken, audit, events

audit_app = typer.Typer(
    help="The tamper-evident audit log: verify it, print its head.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


@contextmanager
def _readable() -> Iterator[None]:
    """A log that cannot be read at all (its table dropped or damaged) is a broken log: exit 1."""
    try:
        yield
    except duckdb.Error as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        fail(f"audit log broken: it cannot be read ({first})", code=1)


@audit_app.command()
def verify(
    workspace: WorkspaceArg,
    expect: Annotated[
        str | None,
        typer.Option(
            help="A head printed earlier by `crossroute audit head` (SEQ:HASH), kept outside the "
            "workspace: the log must still contain it."
        ),
    ] = None,
) -> None:
    """Check every entry's hash, the chain between them and the head anchor. Exits 0 when intact,
    non-zero naming the first bad entry when any was edited, deleted or reordered."""
    head = None
    if expect:
        seq, _, digest = expect.partition(":")
        if not seq.isdigit() or len(digest) != 64:
            fail(f"--expect {expect!r} is not SEQ:HASH as `crossroute audit head` prints it")
        head = audit.Head(int(seq), digest)
    with open_workspace(workspace) as ws, _readable():
        try:
            count = audit.verify(ws, head)
        except AuditBroken as error:
            fail(f"audit log broken: {error}", code=1)
            return
    console.print(f"audit log intact: {count:,} entries")


@audit_app.command()
def head(workspace: WorkspaceArg) -> None:
    """Print the last entry as SEQ:HASH; keep it outside the workspace and check it with
    `crossroute audit verify WS --expect SEQ:HASH`."""
    with open_workspace(workspace) as ws, _readable():
        found = audit.current_head(ws)
    print(f"{found.seq}:{found.hash}" if found else "0:" + audit.GENESIS)


@audit_app.command()
def sync(workspace: WorkspaceArg) -> None:
    """Log every ingest batch (collection), resolution run (combination) and analyst's decision not yet
    in the audit log (the DPO tools do this before every report)."""
    with open_workspace(workspace) as ws, _readable():
        written = events.sync(ws)
    console.print(f"{written:,} entries added")
