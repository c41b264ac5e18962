"""The `crossroute` command: one Typer app, commands registered from small modules."""

from __future__ import annotations

from crossroute.cli import (
    audit_cmd,
    comms_cmd,
    decide_cmd,
    deconflict_cmd,
    demo_cmd,
    dpo_cmd,
    explain_cmd,
    federation_cmd,
    ingest_cmd,
    money_cmd,
    network_cmd,
    online_cmd,
    ports_cmd,
    quarantine_cmd,
    report_cmd,
    resolve_cmd,
    routes_cmd,
    search_cmd,
    serve_cmd,
    simulate_cmd,
    users_cmd,
    workspace_cmd,
)
from crossroute.cli.entry import new_app, one_line_summaries

app = new_app()  # a command module added below also goes in cli/entry.py's COMMANDS
workspace_cmd.register(app)
ingest_cmd.register(app)
resolve_cmd.register(app)
explain_cmd.register(app)
decide_cmd.register(app)
simulate_cmd.register(app)
demo_cmd.register(app)
network_cmd.register(app)
search_cmd.register(app)
users_cmd.register(app)
audit_cmd.register(app)
dpo_cmd.register(app)
deconflict_cmd.register(app)
serve_cmd.register(app)
federation_cmd.register(app)
report_cmd.register(app)
routes_cmd.register(app)
quarantine_cmd.register(app)
comms_cmd.register(app)
online_cmd.register(app)
money_cmd.register(app)
ports_cmd.register(app)

one_line_summaries(app)


def main() -> None:
    app()
