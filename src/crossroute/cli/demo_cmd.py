"""`crossroute demo`: the main job on the embedded default, start to end."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from crossroute.cli.console import console
from crossroute.cli.ingest_cmd import ingest
from crossroute.cli.invocation import crossroute_command
from crossroute.cli.logs import library_logs
from crossroute.cli.report_cmd import report
from crossroute.cli.resolve_cmd import resolve_and_show
from crossroute.cli.simulate_cmd import run_simulation
from crossroute.cli.workspace_cmd import print_status
from crossroute.store import Workspace
from crossroute.store.stats import workspace_status


def register(app: typer.Typer) -> None:
    app.command()(demo)


def demo(
    folder: Annotated[
        Path, typer.Argument(help="Where to put the scenario and the workspace.")
    ] = Path("demo"),
    seed: Annotated[int, typer.Option(help="Scenario seed.")] = 7,
) -> None:
    """Simulate a small case, ingest every agency's files, show what the workspace holds, resolve who is
    who, analyse the network, write the briefing, and print how to open the web UI on the workspace.
    Library logs go to WORKSPACE/logs/crossroute.log."""
    scenario, workspace = folder / "scenario", folder / "workspace"
    for path in (scenario, workspace):
        if path.exists():
            shutil.rmtree(path)
    console.rule("1. Simulate a small cross-border case")
    run_simulation(scenario, seed, "small")
    console.rule("2. Ingest every agency's files")
    Workspace.create(workspace).close()
    with library_logs(workspace) as log:
        ingest(workspace, [scenario])
        console.rule("3. What the workspace holds")
        with Workspace.open(workspace) as ws:
            print_status(workspace_status(ws))
        console.rule("4. Who is who across agencies")
        resolve_and_show(workspace)
        console.rule("5. Accounts (no default password: these are made now and shown once)")
        admin_password, password = _demo_accounts(workspace)
        console.rule("6. The network and the briefing, through the sharing gate")
        briefing = folder / "briefing.html"
        report(workspace, user=DEMO_USER, out=briefing, purpose="DEMO: taskforce briefing")
    command = crossroute_command()
    console.rule("Done")
    console.print(
        f"Workspace: [bold]{workspace}[/]; briefing: [bold]{briefing}[/]; library log: {log}.\n"
        f"Open the web UI:\n  [bold]{command} serve {workspace}[/]\n"
        f"then http://127.0.0.1:8765/ as [bold]{DEMO_USER}[/] with password [bold]{password}[/] and "
        "a purpose such as `DEMO: who pilots the boats`.\n"
        f"Administrator [bold]{DEMO_ADMIN}[/], password [bold]{admin_password}[/] (shown once): add a "
        f"DPO or a supervisor with `{command} users add {workspace} NAME --agency UK-NCA --role dpo "
        f"--as {DEMO_ADMIN}`."
    )


DEMO_USER = "demo-analyst"
DEMO_ADMIN = "demo-admin"


def _demo_accounts(workspace: Path) -> tuple[str, str]:
    """An administrator and an analyst, each with a fresh random password, returned to be shown once:
    (administrator's, analyst's)."""
    import secrets

    from crossroute.sharing.users import Role, add_user, create_first_admin

    admin_password, password = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    with Workspace.open(workspace) as ws:
        admin = create_first_admin(ws, DEMO_ADMIN, "UK-NCA", admin_password)
        add_user(ws, admin, DEMO_USER, "UK-NCA", Role.ANALYST, password)
    console.print(f"Administrator [bold]{DEMO_ADMIN}[/] and analyst [bold]{DEMO_USER}[/] (UK-NCA).")
    return admin_password, password
