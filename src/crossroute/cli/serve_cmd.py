"""`crossroute serve`: the HTTP API and the web UI over one workspace, in one process."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crossroute.cli.console import console, fail
from crossroute.cli.workspace_cmd import WorkspaceArg


def register(app: typer.Typer) -> None:
    app.command(name="serve")(serve)


def serve(
    workspace: WorkspaceArg,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on (loopback by default; put TLS in front otherwise)."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8765,
    web: Annotated[
        bool, typer.Option(help="Serve the web UI too (needs the npm packages of `make setup`).")
    ] = True,
    node: Annotated[
        Path | None,
        typer.Option(
            help="Run this agency's federation node: the config of `crossroute federation config`. "
            "Peers are served on its `listen` address with mutual TLS.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (schema at /openapi.json) and the web UI at http://HOST:PORT/. The process owns
    the workspace while it runs; every call that returns personal data goes through the sharing gate."""
    import uvicorn

    from crossroute.api import create_app
    from crossroute.store import WorkspaceError
    from crossroute.web import WebAssetsMissing

    try:
        app = create_app(workspace, web=web)
    except (WebAssetsMissing, WorkspaceError) as error:
        fail(str(error))
        raise
    console.print(f"Crossroute on http://{host}:{port}/ (API schema: /openapi.json). Ctrl-C stops.")
    if node is None:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        return
    from crossroute.api.node_server import NodeError, serve_node

    try:
        serve_node(app, node, host, port)
    except NodeError as error:
        fail(f"{node}: {error}")
