"""`crossroute serve`: the HTTP API and the web UI over one workspace, in one process."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Annotated, Any

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
    if node is None:
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
        server = uvicorn.Server(config)
        _announce_when_listening(server, host, port)
        server.run()
        return
    from crossroute.api.node_server import NodeError, serve_node

    try:
        serve_node(app, node, host, port)
    except NodeError as error:
        fail(f"{node}: {error}")


def _announce_when_listening(server: Any, host: str, port: int) -> None:
    """Say where to connect once the port accepts connections (not before: a port in use fails)."""

    def announce() -> None:
        while not server.should_exit:
            if server.started:
                console.print(
                    f"Crossroute listening on http://{host}:{port}/ (API schema: /openapi.json). "
                    "Ctrl-C stops."
                )
                return
            time.sleep(0.05)

    threading.Thread(target=announce, name="crossroute-announce", daemon=True).start()
