"""A node in one process: the API (and web UI) for the agency's users, and the peer listener with
mutual TLS, both over the same workspace. Ctrl-C or SIGTERM stops both."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from crossroute.federation.config import ConfigError, load_config
from crossroute.federation.secret import SecretError
from crossroute.federation.tls import server_config


class NodeError(RuntimeError):
    """A node that cannot start: its config, secrets or certificates."""


def serve_node(app: FastAPI, config_path: Path, host: str, port: int) -> None:
    from crossroute.api.federation import mount

    try:
        config = load_config(config_path)
        peer_app = mount(app, config)
    except (ConfigError, SecretError, OSError, ssl.SSLError) as error:
        raise NodeError(str(error)) from None
    servers = [
        uvicorn.Server(
            uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
        ),
        uvicorn.Server(server_config(peer_app, config)),
    ]
    print(f"Node {config.node}: peers call {config.listen}/ (mutual TLS)", flush=True)
    asyncio.run(_serve_all(servers))


async def _serve_all(servers: list[uvicorn.Server]) -> None:
    """Serve until one server stops (a signal, a port taken), then stop the others."""
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for server in servers:
        server.should_exit = True
    await asyncio.gather(*tasks, return_exceptions=True)
