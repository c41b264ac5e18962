"""Requests for information on the owner's side: deadlines (Directive (EU) 2023/977), overdue ones in
the CLI, who may decide; and the node config the `federation` commands write."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroute.cli.app import app
from crossroute.federation import requests
from crossroute.federation.config import ConfigError, NodeConfig, load_config
from crossroute.federation.deadlines import Access, Urgency, time_limit
from crossroute.federation.node import Node
from crossroute.federation.pki import fingerprint
from crossroute.sharing import AccessDenied, Role, SharingError
from crossroute.sharing.clock import utc_now
from crossroute.sharing.users import add_user, create_first_admin
from crossroute.store import Workspace
from tests.federation.test_split_workspace import HEADER


def cli(*args: str | Path) -> str:
    done = CliRunner().invoke(app, [str(a) for a in args])
    assert done.exit_code == 0, (done.output, done.exception)
    return done.output


def test_time_limits_follow_the_directive() -> None:
    assert time_limit(Urgency.URGENT, Access.DIRECT) == dt.timedelta(hours=8)
    assert time_limit(Urgency.URGENT, Access.INDIRECT) == dt.timedelta(days=3)
    assert time_limit(Urgency.NORMAL, Access.DIRECT) == dt.timedelta(days=7)
    assert time_limit(Urgency.NORMAL, Access.INDIRECT) == dt.timedelta(days=7)


def message(request_id: str, urgency: str, hours_ago: float) -> dict[str, object]:
    return {
        "request_id": request_id,
        "reference": "FR:0123456789abcdef01234567",
        "purpose": "OP-X: who is he",
        "case_ref": None,
        "urgency": urgency,
        "accessible": "direct",
        "asked_by": "analyst",
        "asked_at": (utc_now() - dt.timedelta(hours=hours_ago)).isoformat(),
    }


def test_overdue_requests_show_in_the_cli_and_only_a_supervisor_decides(tmp_path: Path) -> None:
    path = tmp_path / "ws"
    with Workspace.create(path) as ws:
        admin = create_first_admin(ws, "admin", "FR-OCRIEST", "a long admin password")
        analyst = add_user(ws, admin, "analyst", "FR-OCRIEST", Role.ANALYST)
        supervisor = add_user(ws, admin, "supervisor", "FR-OCRIEST", Role.SUPERVISOR)
        late = requests.receive(ws, "FR", "UK", message("UK-20261122-aaaaaa", "urgent", 9))
        fresh = requests.receive(ws, "FR", "UK", message("UK-20261122-bbbbbb", "normal", 9))
        assert late.overdue() and not fresh.overdue()
        with pytest.raises(SharingError, match="not made by"):
            requests.receive(ws, "FR", "AL", message("UK-20261122-cccccc", "normal", 0))
        with pytest.raises(AccessDenied, match="supervisor"):
            requests.decide(ws, analyst, fresh.request_id, "approve")
        refused = requests.decide(ws, supervisor, fresh.request_id, "refuse", "no grounds")
        assert (refused.status, refused.disclosed) == ("refused", [])
        with pytest.raises(SharingError, match="already refused"):
            requests.decide(ws, supervisor, fresh.request_id, "approve")
    listed = [
        json.loads(line)
        for line in cli("federation", "requests", path, "--overdue", "--json").splitlines()
    ]
    assert [(r["request_id"], r["overdue"], r["status"]) for r in listed] == [
        ("UK-20261122-aaaaaa", True, "pending")
    ]
    assert "OVERDUE" in cli("federation", "requests", path)


def test_the_federation_commands_write_a_config_that_names_peers_by_certificate(
    tmp_path: Path,
) -> None:
    certs = tmp_path / "certs"
    cli("federation", "secret", tmp_path / "federation.key")
    cli("federation", "secret", tmp_path / "uk-own.key")
    cli("federation", "ca", certs)
    for name in ("UK", "FR"):
        cli("federation", "cert", certs, name)
    out = tmp_path / "uk.yaml"
    cli(
        "federation", "config", out, "--node", "uk", "--agency", "UK-NCA",
        "--listen", "https://127.0.0.1:9443", "--publisher", "publisher",
        "--secret", tmp_path / "federation.key", "--node-secret", tmp_path / "uk-own.key",
        "--ca", certs / "ca.pem",
        "--cert", certs / "uk.pem", "--key", certs / "uk.key",
        "--peer", f"FR=https://127.0.0.1:9444@{certs / 'fr.pem'}",
    )  # fmt: skip
    config = load_config(out)
    assert (config.node, config.host_port) == ("UK", ("127.0.0.1", 9443))
    assert config.peer("fr").fingerprint == fingerprint((certs / "fr.pem").read_bytes())
    assert (certs / "uk.key").stat().st_mode & 0o077 == 0
    out.write_text(out.read_text().replace("https://127.0.0.1:9444", "http://127.0.0.1:9444"))
    with pytest.raises(ConfigError, match="mutual TLS"):
        load_config(out)


def test_every_federation_call_is_documented() -> None:
    from fastapi.routing import APIRoute

    from crossroute.api.federation import peer_router, router

    doc = (Path(__file__).parents[2] / "docs" / "federation.md").read_text("utf-8")
    paths = [r.path for r in [*router.routes, *peer_router.routes] if isinstance(r, APIRoute)]
    missing = [p for p in paths if p.replace("{request_id}", "{id}") not in doc]
    assert paths and missing == []


def test_a_supervisor_discloses_own_records_but_not_a_partners_h2_record(tmp_path: Path) -> None:
    data, path = tmp_path / "fr.csv", tmp_path / "ws"
    data.write_text(
        f"{HEADER},handling_scheme,handling_code\n"
        "F1,FR-OCRIEST,Karwan Ahmed,,,1988-03-14,M,Iraq,,,,,,,,suspect,SIENA,H2\n"
        "B1,BE-FJP,Rebaz Kareem,,,1990-01-05,M,Iraq,,,,,,,,suspect,SIENA,H2\n",
        encoding="utf-8",
    )
    cli("init", path)
    cli("ingest", path, data)
    secret = tmp_path / "federation.key"
    cli("federation", "secret", secret)
    own = tmp_path / "fr-own.key"
    cli("federation", "secret", own)
    config = NodeConfig(
        "FR",
        "FR-OCRIEST",
        "https://127.0.0.1:9444",
        "publisher",
        secret,
        own,
        secret,
        secret,
        secret,
    )
    with Workspace.open(path) as ws:
        admin = create_first_admin(ws, "admin", "FR-OCRIEST", "a long admin password")
        add_user(ws, admin, "publisher", "FR-OCRIEST", Role.ANALYST)
        supervisor = add_user(ws, admin, "supervisor", "FR-OCRIEST", Role.SUPERVISOR)
        records = Node.load(config).publication(ws).records
        ref = {key: reference for reference, key in records.items()}
        answers = {}
        for n, key in enumerate(("FR-OCRIEST|F1", "BE-FJP|B1")):
            asked = {**message(f"UK-20261122-00000{n}", "normal", 1), "reference": ref[key]}
            requests.receive(ws, "FR", "UK", asked)
            answers[key] = requests.decide(ws, supervisor, f"UK-20261122-00000{n}", "approve")
    mine = answers["FR-OCRIEST|F1"]
    assert [
        (r["record_id"], r["handling"]["code"], r["caption"]) for r in mine.disclosed or []
    ] == [("F1", "H2", "Karwan Ahmed")]
    partner = answers["BE-FJP|B1"]
    assert partner.disclosed == [] and "nothing may be disclosed" in (partner.note or "")


def test_a_node_with_a_broken_config_does_not_start(tmp_path: Path) -> None:
    Workspace.create(tmp_path / "ws").close()
    config = tmp_path / "node.yaml"
    config.write_text("node: UK\nagency: UK-NCA\n", encoding="utf-8")
    done = CliRunner().invoke(
        app, ["serve", str(tmp_path / "ws"), "--no-web", "--node", str(config)]
    )
    assert done.exit_code == 2 and "`tls` must be a mapping" in done.output
