"""The `crossroute` command as a shell runs it: only the module of the command asked for is imported.

Importing every command module (`cli/app.py`) pulls in what every analysis needs (scikit-learn, pandas,
igraph, LightGBM, FastAPI...), seconds of start-up that `crossroute status` has no use for. Here the
first argument names the command; its module alone registers on a fresh Typer app. Anything else (no
argument, `--help`, a command not in the table) runs the full app, so a command missing from the table
still works, only slower (tests/cli/test_entry.py keeps the table complete).
"""

from __future__ import annotations

import importlib
import inspect
import sys

import typer

# command (first argument) -> the module in crossroute.cli that registers it
COMMANDS: dict[str, str] = {
    "init": "workspace_cmd",
    "status": "workspace_cmd",
    "export": "workspace_cmd",
    "import": "workspace_cmd",
    "ingest": "ingest_cmd",
    "resolve": "resolve_cmd",
    "explain": "explain_cmd",
    "decide": "decide_cmd",
    "simulate": "simulate_cmd",
    "demo": "demo_cmd",
    "network": "network_cmd",
    "search": "search_cmd",
    "users": "users_cmd",
    "cases": "users_cmd",
    "audit": "audit_cmd",
    "dpo": "dpo_cmd",
    "deconflict": "deconflict_cmd",
    "serve": "serve_cmd",
    "federation": "federation_cmd",
    "report": "report_cmd",
    "routes": "routes_cmd",
    "quarantine": "quarantine_cmd",
    "comms": "comms_cmd",
    "online": "online_cmd",
    "money": "money_cmd",
    "ports": "ports_cmd",
}


def app_for(command: str | None) -> typer.Typer:
    """The app that runs `crossroute COMMAND ...`: that command's module alone, or the full app."""
    module = COMMANDS.get(command or "")
    if module is None:
        from crossroute.cli.app import app

        return app
    app = new_app()

    @app.callback()
    def _group() -> None:
        """Keeps the app a group of commands even with one command registered."""

    importlib.import_module(f"crossroute.cli.{module}").register(app)
    return one_line_summaries(app)


def one_line_summaries(app: typer.Typer) -> typer.Typer:
    """Each command's summary in a command list is its help's first paragraph as one line: the line
    breaks of a docstring would otherwise show mid-sentence ("(an administrator;" / "logged).")."""
    for info in app.registered_commands:
        doc = info.help or inspect.getdoc(info.callback) or ""
        if info.short_help is None and doc:
            info.short_help = " ".join(doc.split("\n\n")[0].split())
    for group in app.registered_groups:
        if group.typer_instance is not None:
            one_line_summaries(group.typer_instance)
    return app


def new_app() -> typer.Typer:
    """The `crossroute` app with no command registered yet."""
    return typer.Typer(
        name="crossroute",
        help=(
            "Crossroute: fuse the records partner agencies hold on smuggling and trafficking "
            "networks.\n\nStart with `crossroute demo`, or: `crossroute init WS`, "
            "`crossroute ingest WS FILE...`, `crossroute status WS`."
        ),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )


# Commands whose work runs on igraph but never draws with it.
_IGRAPH_WITHOUT_PLOTS = {"network"}


def igraph_without_plotting() -> None:
    """Load igraph with matplotlib hidden. igraph's plotting layer imports matplotlib.pyplot when
    igraph is imported (half a second of CPU) for drawing through igraph, which Crossroute never
    does (its pictures are drawn with matplotlib directly, which still imports normally after this)."""
    if "igraph" in sys.modules or "matplotlib" in sys.modules:
        return
    sys.modules["matplotlib"] = None  # type: ignore[assignment]  # `import matplotlib` fails for now
    try:
        import igraph  # noqa: F401
    finally:
        del sys.modules["matplotlib"]


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else None
    if command in _IGRAPH_WITHOUT_PLOTS:
        igraph_without_plotting()
    app_for(command)()
