"""`crossroute federation`: the federation secret, CA and node certificates, a node's config, and the
requests for information a node keeps (with their deadlines)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from crossroute.cli.console import console, fail
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace

if TYPE_CHECKING:
    from crossroute.federation.config import Peer

federation_app = typer.Typer(
    help="Federation: secret, certificates, node config, requests for information.",
    no_args_is_help=True,
)
FolderArg = Annotated[Path, typer.Argument(help="The folder holding the CA (ca.key, ca.pem).")]


def register(app: typer.Typer) -> None:
    app.add_typer(federation_app, name="federation")


@federation_app.command("secret")
def secret(
    out: Annotated[Path, typer.Argument(help="File to write (refused if it exists).")],
) -> None:
    """Make a secret: the federation's (every node holds it; exchange it out of band) or a node's own
    (keys its references; never leaves the node)."""
    from crossroute.federation import FederationSecret

    if out.exists():
        fail(f"{out} exists: a new secret would change every encoding")
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(FederationSecret.generate().value + b"\n")
    console.print(f"federation secret written to {out} (mode 0600)")


@federation_app.command("ca")
def ca(folder: FolderArg) -> None:
    """Make the federation CA that signs every node's certificate (refused if one is there)."""
    from crossroute.federation.pki import make_ca

    if (folder / "ca.key").exists():
        fail(f"{folder / 'ca.key'} exists")
    issued = make_ca(folder)
    console.print(f"CA: {issued.cert} (key {issued.key}); SHA-256 {issued.fingerprint}")


@federation_app.command("cert")
def cert(
    folder: FolderArg,
    node: Annotated[str, typer.Argument(help="The node's name, e.g. UK.")],
    host: Annotated[
        list[str] | None,
        typer.Option(help="Name or IP address peers reach the node at (repeatable)."),
    ] = None,
) -> None:
    """A key and certificate for one node, signed by the CA (NODE.key, NODE.pem in the folder)."""
    from crossroute.federation.pki import make_node_cert

    issued = make_node_cert(folder, node.upper(), host or ["127.0.0.1", "localhost"])
    console.print(f"{node.upper()}: {issued.cert} (key {issued.key})")
    print(issued.fingerprint)


@federation_app.command("config")
def config(
    out: Annotated[Path, typer.Argument(help="The config file to write (YAML).")],
    node: Annotated[str, typer.Option(help="This node's name, e.g. UK.")],
    agency: Annotated[str, typer.Option(help="The agency running it, e.g. UK-NCA.")],
    listen: Annotated[str, typer.Option(help="Where peers call it: https://HOST:PORT.")],
    publisher: Annotated[
        str, typer.Option(help="The account the encoder reads through (an analyst of the agency).")
    ],
    secret: Annotated[Path, typer.Option(help="The federation secret file.")],
    node_secret: Annotated[
        Path, typer.Option(help="This node's own secret (`federation secret`; never shared).")
    ],
    ca: Annotated[Path, typer.Option(help="The federation CA certificate (ca.pem).")],
    cert: Annotated[Path, typer.Option(help="This node's certificate.")],
    key: Annotated[Path, typer.Option(help="This node's key.")],
    peer: Annotated[
        list[str] | None,
        typer.Option(help="NAME=URL@CERT: a peer, its URL and certificate file or SHA-256."),
    ] = None,
    journal: Annotated[
        Path | None, typer.Option(help="Append every node-to-node message body here.")
    ] = None,
) -> None:
    """Write a node's federation config (read back and checked before it is written)."""
    from crossroute.federation.config import ConfigError, NodeConfig, config_yaml, load_config

    base = out.resolve().parent
    try:
        made = NodeConfig(
            node.upper(), agency.upper(), listen, publisher, secret.resolve(),
            node_secret.resolve(), ca.resolve(),
            cert.resolve(), key.resolve(), dict(_peer(p) for p in peer or ()),
            journal.resolve() if journal else None,
        )  # fmt: skip
        out.write_text(config_yaml(made, base), encoding="utf-8")
        load_config(out)
    except ConfigError as error:
        fail(str(error))
    console.print(f"node {made.node}: {out} ({len(made.peers)} peers)")


def _peer(text: str) -> tuple[str, Peer]:
    from crossroute.federation.config import ConfigError, Peer
    from crossroute.federation.pki import fingerprint

    name, _, rest = text.partition("=")
    url, _, named = rest.rpartition("@")
    if not (name and url and named):
        raise ConfigError(f"--peer {text!r}: NAME=URL@CERT_FILE_OR_SHA256")
    path = Path(named)
    found = fingerprint(path.read_bytes()) if path.is_file() else named
    return name.upper(), Peer(name.upper(), url, found.replace(":", "").lower())


@federation_app.command("requests")
def requests_(
    workspace: WorkspaceArg,
    overdue: Annotated[bool, typer.Option(help="Only overdue requests.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines.")] = False,
) -> None:
    """Requests for information sent and received, with deadlines (Directive (EU) 2023/977)."""
    from crossroute.federation.request_store import list_requests

    with open_workspace(workspace) as ws:
        found = list_requests(ws, overdue_only=overdue)
    if as_json:
        for request in found:
            print(json.dumps(request.as_dict(), default=str))
        return
    table = Table("request", "direction", "reference", "urgency", "asked", "due", "status")
    for r in found:
        late = " [bold red]OVERDUE[/]" if r.overdue() else ""
        table.add_row(
            r.request_id, r.direction, r.reference, r.urgency.value,
            f"{r.asked_at:%Y-%m-%d %H:%M}", f"{r.due_at:%Y-%m-%d %H:%M}", r.status + late,
        )  # fmt: skip
    console.print(table)
