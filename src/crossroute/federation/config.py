"""A node's federation config (YAML): who this node is, where it listens for peers, its certificate,
the federation secret, the account its publications are read through, and its peers.

```yaml
node: UK                      # this node's name in the federation
agency: UK-NCA                # the agency running it
listen: https://127.0.0.1:9443  # where peers call this node (mutual TLS)
publisher: fed-uk             # the account the encoder reads persons through (the sharing gate)
secret: federation.key        # the federation secret shared by every node
node_secret: uk.key           # this node's own secret (keys its opaque references; never shared)
tls: {ca: certs/ca.pem, cert: certs/uk.pem, key: certs/uk.key}
peers:
  FR: {url: https://127.0.0.1:9444, fingerprint: 3a5f...}   # SHA-256 of FR's certificate
journal: messages.jsonl       # optional: every node-to-node message body, as sent and received
```
Relative paths are read from the config file's folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

NODE_NAME = re.compile(r"^[A-Z][A-Z0-9-]{0,15}$")
FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")


class ConfigError(ValueError):
    """A federation config that cannot be used, and why."""


@dataclass(frozen=True)
class Peer:
    name: str
    url: str
    fingerprint: str  # SHA-256 of the peer's certificate (DER), hexadecimal


@dataclass(frozen=True)
class NodeConfig:
    node: str
    agency: str
    listen: str
    publisher: str
    secret: Path
    node_secret: Path  # this node's own secret: keys its references (never shared)
    ca: Path
    cert: Path
    key: Path
    peers: dict[str, Peer] = field(default_factory=dict)
    journal: Path | None = None  # every node-to-node message body, appended (JSON lines)

    @property
    def host_port(self) -> tuple[str, int]:
        parts = urlsplit(self.listen)
        return parts.hostname or "127.0.0.1", parts.port or 443

    def peer_by_fingerprint(self, fingerprint: str) -> Peer | None:
        return next((p for p in self.peers.values() if p.fingerprint == fingerprint), None)

    def peer(self, name: str) -> Peer:
        found = self.peers.get(name.upper())
        if found is None:
            raise ConfigError(f"{name!r} is not a peer of {self.node} ({', '.join(self.peers)})")
        return found


def load_config(path: Path) -> NodeConfig:
    """Read and check a config file."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} is not a mapping")
    base = path.parent
    tls = _mapping(data, "tls")
    peers = {
        _name(name): Peer(_name(name), _url(_text(p, "url")), _fingerprint(_text(p, "fingerprint")))
        for name, p in _mapping(data, "peers").items()
    }
    node = _name(_text(data, "node"))
    if node in peers:
        raise ConfigError(f"{node} lists itself as a peer")
    return NodeConfig(
        node=node,
        agency=_text(data, "agency").upper(),
        listen=_url(_text(data, "listen")),
        publisher=_text(data, "publisher"),
        secret=base / _text(data, "secret"),
        node_secret=base / _text(data, "node_secret"),
        ca=base / _text(tls, "ca"),
        cert=base / _text(tls, "cert"),
        key=base / _text(tls, "key"),
        peers=peers,
        journal=base / str(data["journal"]) if data.get("journal") else None,
    )


def config_yaml(config: NodeConfig, base: Path) -> str:
    """The YAML of a config, paths written relative to `base` where they can be."""

    def rel(path: Path) -> str:
        return str(path.relative_to(base)) if path.is_relative_to(base) else str(path)

    data = {
        "node": config.node,
        "agency": config.agency,
        "listen": config.listen,
        "publisher": config.publisher,
        "secret": rel(config.secret),
        "node_secret": rel(config.node_secret),
        "tls": {"ca": rel(config.ca), "cert": rel(config.cert), "key": rel(config.key)},
        "peers": {
            p.name: {"url": p.url, "fingerprint": p.fingerprint} for p in config.peers.values()
        },
    }
    if config.journal is not None:
        data["journal"] = rel(config.journal)
    return yaml.safe_dump(data, sort_keys=False)


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"`{key}` must be a mapping")
    return value


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"`{key}` is required (text)")
    return value.strip()


def _name(value: object) -> str:
    name = str(value).strip().upper()
    if not NODE_NAME.match(name):
        raise ConfigError(f"node name {value!r}: capitals, digits and '-', at most 16")
    return name


def _url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        raise ConfigError(f"{value!r}: node URLs are https://HOST:PORT (mutual TLS)")
    return value.rstrip("/")


def _fingerprint(value: str) -> str:
    cleaned = value.replace(":", "").lower()
    if not FINGERPRINT.match(cleaned):
        raise ConfigError(f"fingerprint {value!r}: the SHA-256 of a certificate, 64 hex digits")
    return cleaned
