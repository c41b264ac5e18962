"""Mutual TLS between nodes: the server side asks every client for a certificate the federation CA
signed and hands it to the app (ASGI TLS extension: `scope["extensions"]["tls"]["client_cert_chain"]`);
the client side presents the node's certificate and trusts only the federation CA.

uvicorn checks the client certificate (`ssl_cert_reqs=CERT_REQUIRED`) but does not put it in the
request scope, so `PeerCertProtocol` (uvicorn's h11 protocol) adds it when a connection is made.
"""

from __future__ import annotations

import asyncio
import ssl
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from crossroute.federation.config import NodeConfig


class PeerCertProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with the peer's certificate (PEM) in every request's scope."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        chain = [ssl.DER_cert_to_PEM_cert(der)] if der else []
        inner = self.app

        async def with_cert(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                scope = {
                    **scope,
                    "extensions": {
                        **scope.get("extensions", {}),
                        "tls": {"client_cert_chain": chain},
                    },
                }
            await inner(scope, receive, send)

        self.app = with_cert


def server_config(app: Any, config: NodeConfig) -> uvicorn.Config:
    """The uvicorn config of the node's peer listener: TLS, a client certificate required."""
    host, port = config.host_port
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="off",
        log_level="warning",
        access_log=False,
        ssl_keyfile=str(config.key),
        ssl_certfile=str(config.cert),
        ssl_ca_certs=str(config.ca),
        ssl_cert_reqs=ssl.CERT_REQUIRED,
        http=PeerCertProtocol,
    )


def client_context(config: NodeConfig) -> ssl.SSLContext:
    """Trust only the federation CA; present this node's certificate."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(config.ca))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(config.cert), str(config.key))
    return context
