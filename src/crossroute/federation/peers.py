"""Calls to peer nodes over mutual TLS: this node's certificate presented, only the federation CA
trusted, the server's certificate verified for the peer's node name (`pki.node_hostname`, sent as
TLS SNI) before anything is sent, and its fingerprint checked against the config's.

With a journal file set, every message body sent and received is appended to it (JSON lines:
direction, peer, path, body), so a DPO can see exactly what crossed the wire."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

import httpx

from crossroute.federation.config import NodeConfig, Peer
from crossroute.federation.pki import node_hostname
from crossroute.federation.tls import client_context

TIMEOUT_S = 60.0


class PeerError(RuntimeError):
    """A peer that could not be reached, was not who the config says, or refused."""


class Peers:
    def __init__(self, config: NodeConfig, journal: Path | None = None) -> None:
        self.config = config
        self.journal = journal
        self._context = client_context(config)
        self._lock = threading.Lock()

    def post(self, peer: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST a JSON body to a peer; its JSON answer."""
        target = self.config.peer(peer)
        self._log("sent", target.name, path, body)
        try:
            with (
                httpx.Client(verify=self._context, timeout=TIMEOUT_S) as client,
                client.stream(
                    "POST",
                    f"{target.url}{path}",
                    json=body,
                    extensions={"sni_hostname": node_hostname(target.name)},
                ) as response,
            ):
                _check_server(target, response)
                response.read()
        except httpx.HTTPError as error:
            raise PeerError(f"{target.name} ({target.url}) could not be reached: {error}") from None
        answer: dict[str, Any] = response.json()
        self._log("received", target.name, path, answer)
        if response.status_code >= 400:
            raise PeerError(f"{target.name} refused {path}: {answer.get('error', answer)}")
        return answer

    def _log(self, direction: str, peer: str, path: str, body: dict[str, Any]) -> None:
        if self.journal is None:
            return
        line = json.dumps({"direction": direction, "peer": peer, "path": path, "body": body})
        with self._lock, self.journal.open("a", encoding="utf-8") as out:
            out.write(line + "\n")


def _check_server(peer: Peer, response: httpx.Response) -> None:
    """The server must present the certificate the config names for that peer."""
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    der = ssl_object.getpeercert(True) if ssl_object is not None else None
    if not der or hashlib.sha256(der).hexdigest() != peer.fingerprint:
        raise PeerError(f"{peer.url} did not present {peer.name}'s certificate")
