"""Three agency nodes (UK, FR, AL) for the end-to-end tests: each its own workspace (small data split
by agency, as in test_split_workspace.py), accounts, certificate and config; the servers are real
`crossroute serve WS --node CONFIG` processes on loopback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from crossroute.cli.app import app
from crossroute.sharing import Role, User, deconfliction
from crossroute.sharing.tokens import issue_token
from crossroute.sharing.users import add_user, create_first_admin
from crossroute.store import Workspace
from tests.api.served import free_port, serve
from tests.federation.test_split_workspace import HEADER

AGENCIES = {"UK": "UK-NCA", "FR": "FR-OCRIEST", "AL": "AL-ASP"}
ROWS = {
    "UK": (
        "U1,UK-NCA,Karwan Ahmed,,,1988-03-14,M,Iraq,,,+447700900123,,,,,suspect\n"
        "U2,UK-NCA,Gëzim Çela,,,1990-04-03,M,Albania,,AB123456,,,,,,suspect\n"
        "U3,UK-NCA,Mohammed Hussein,,,1979-11-02,M,Iraq,,,,,,,,suspect\n"
        "U4,UK-NCA,Elira Hoxha,,,2001-06-21,F,Albania,,,,,,,,suspect\n"
    ),
    "FR": (
        "F1,FR-OCRIEST,AHMED Karwan,,,14/03/1988,M,irakien,,,+44 7700 900123,,,,,suspect\n"
        "F2,FR-OCRIEST,Gezim CELA,,,03/04/1990,M,albanais,,AB123456,,,,,,suspect\n"
        "F4,FR-OCRIEST,Shilan Rashid,,,1994-09-30,F,irakienne,,,+33612345678,,,,,suspect\n"
    ),
    "AL": (
        "A1,AL-ASP,Gezim Cela,,,1990-04-03,M,shqiptar,,,+355691234567,,,,,suspect\n"
        "A2,AL-ASP,Arben Kola,,,1985-12-01,M,shqiptar,,,,,,,,suspect\n"
    ),
}
PLAINTEXT = (
    "Karwan",
    "KARWAN",
    "karwan",
    "Ahmed",
    "AHMED",
    "ahmed",
    "Gëzim",
    "Gezim",
    "GEZIM",
    "gezim",
    "Çela",
    "CELA",
    "Cela",
    "Mohammed",
    "Mohamed",
    "Hussein",
    "HUSSEIN",
    "hussein",
    "Elira",
    "Hoxha",
    "Shilan",
    "Rashid",
    "Arben",
    "Kola",
    "7700900123",
    "7700 900123",
    "612345678",
    "691234567",
    "AB123456",
    "1988-03-14",
    "14/03/1988",
    "1990-04-03",
    "1979-11-02",
    "1994-09-30",
    "1985-12-01",
    "UK-NCA|",
    "FR-OCRIEST|",
    "AL-ASP|",
)
PASSWORD = "a long test password"


@dataclass
class NodeSetup:
    name: str
    workspace: Path
    config: Path
    journal: Path
    tokens: dict[str, str]  # user -> bearer token
    url: str = ""


def prepare(tmp: Path) -> dict[str, NodeSetup]:
    """Workspaces, accounts, operations, the federation's secret, CA, certificates and configs."""
    certs = tmp / "certs"
    cli("federation", "secret", tmp / "federation.key")
    cli("federation", "ca", certs)
    for name in AGENCIES:
        _workspace(tmp, name)
        cli("federation", "cert", certs, name)
    ports = {name: free_port() for name in AGENCIES}
    nodes = {}
    for name, agency in AGENCIES.items():
        peers = [
            f"--peer={p}=https://127.0.0.1:{ports[p]}@{certs / f'{p.lower()}.pem'}"
            for p in AGENCIES
            if p != name
        ]
        config, journal = tmp / f"{name}.yaml", tmp / f"{name}-messages.jsonl"
        cli("federation", "secret", tmp / f"{name}-own.key")
        cli(
            "federation",
            "config",
            config,
            "--node",
            name,
            "--agency",
            agency,
            f"--listen=https://127.0.0.1:{ports[name]}",
            "--publisher",
            "publisher",
            "--secret",
            tmp / "federation.key",
            "--node-secret",
            tmp / f"{name}-own.key",
            "--ca",
            certs / "ca.pem",
            "--cert",
            certs / f"{name.lower()}.pem",
            "--key",
            certs / f"{name.lower()}.key",
            "--journal",
            journal,
            *peers,
        )
        nodes[name] = NodeSetup(name, tmp / name / "ws", config, journal, _accounts(tmp, name))
    return nodes


def cli(*args: str | Path) -> None:
    """The `crossroute` command, in this process (the servers are the separate processes)."""
    done = CliRunner().invoke(app, [str(a) for a in args])
    assert done.exit_code == 0, (args, done.output, done.exception)


def _workspace(tmp: Path, name: str) -> None:
    data, ws = tmp / f"{name}.csv", tmp / name / "ws"
    data.write_text(HEADER + "\n" + ROWS[name], encoding="utf-8")
    cli("init", ws)
    cli("ingest", ws, data, "--agency", AGENCIES[name])


def _accounts(tmp: Path, name: str) -> dict[str, str]:
    agency = AGENCIES[name]
    tokens = {}
    with Workspace.open(tmp / name / "ws") as ws:
        admin = create_first_admin(ws, "admin", agency, PASSWORD)
        for user, role in (
            ("publisher", Role.ANALYST),
            ("analyst", Role.ANALYST),
            ("supervisor", Role.SUPERVISOR),
        ):
            made = add_user(ws, admin, user, agency, role)  # token only: no password to hash
            tokens[user] = issue_token(ws, admin, made.name, days=1)[1]
        _operation(ws, name, add_user(ws, admin, "ops", agency, Role.ANALYST))
    return tokens


def _operation(ws: Workspace, name: str, user: User) -> None:
    """UK watches Karwan Ahmed's phone, FR watches the person F1 (the same man): an overlap. AL's
    operation on Arben Kola overlaps nobody's."""
    targets = {"UK": "phone:+447700900123", "FR": "person:FR-OCRIEST:F1", "AL": "person:AL-ASP:A2"}
    start, end = dt.date(2026, 11, 1), dt.date(2026, 12, 31)
    target = deconfliction.parse_target(targets[name], start, end, None)
    contact = f"{name} duty desk"
    deconfliction.register(ws, user, f"OP-{name}-SECRET", contact, [target], "test operation")


@contextmanager
def running(nodes: dict[str, NodeSetup]) -> Iterator[dict[str, NodeSetup]]:
    """The three nodes served at once (one process each), until the block ends."""
    with ExitStack() as stack, ThreadPoolExecutor(3) as pool:
        started = pool.map(
            lambda n: stack.enter_context(serve(n.workspace, "--node", str(n.config), "--no-web")),
            nodes.values(),
        )
        for setup, served in zip(nodes.values(), list(started), strict=True):
            setup.url = served.url
        yield nodes
