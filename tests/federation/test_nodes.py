"""Three nodes as real server processes with mutual TLS: encodings exchanged, hits found, one request
for information answered by a narrowed disclosure, operations deconflicted across nodes; and nothing
readable in any node-to-node message but the disclosure the supervisor approved."""

from __future__ import annotations

import dataclasses
import json
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from crossroute.federation.config import NodeConfig, load_config
from crossroute.federation.peers import PeerError, Peers
from crossroute.federation.pki import make_ca, make_node_cert
from crossroute.sharing import audit
from crossroute.store import Workspace
from tests.federation.three_nodes import PLAINTEXT, NodeSetup, prepare, running

pytestmark = pytest.mark.slow

PURPOSE = {"X-Purpose": "OP-TEST: who else holds our suspects"}


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("nodes")


@pytest.fixture(scope="module")
def story(tmp: Path) -> Iterator[dict[str, Any]]:
    """The whole exchange, run once against the three servers; the tests check what it left."""
    nodes = prepare(tmp)
    found: dict[str, Any] = {"nodes": nodes}
    with running(nodes) as served:
        uk, fr, al = served["UK"], served["FR"], served["AL"]
        found["hits"] = call(uk, "analyst", "POST", "/api/federation/match", {})["hits"]
        hit = next(
            h
            for h in found["hits"]
            if h["peer"] == "FR" and h["kind"] == "person" and h["record"] == "UK-NCA|U1"
        )
        asked = call(
            uk,
            "analyst",
            "POST",
            "/api/federation/requests",
            {"reference": hit["reference"], "urgency": "urgent"},
        )
        found["asked"] = asked
        found["fr_pending"] = call(fr, "supervisor", "GET", "/api/federation/requests")
        found["refused_analyst"] = call(
            fr,
            "analyst",
            "POST",
            f"/api/federation/requests/{asked['request_id']}/decision",
            {"decision": "approve"},
            expect=403,
        )
        found["decided"] = call(
            fr,
            "supervisor",
            "POST",
            f"/api/federation/requests/{asked['request_id']}/decision",
            {"decision": "narrow", "fields": ["birthDate", "nationality"], "note": "dob only"},
        )
        found["uk_requests"] = call(uk, "analyst", "GET", "/api/federation/requests")
        found["uk_alerts"] = call(uk, "analyst", "POST", "/api/federation/deconfliction", {})
        found["fr_alerts"] = call(fr, "analyst", "GET", "/api/federation/alerts")
        found["al_alerts"] = call(al, "analyst", "GET", "/api/federation/alerts")
        found["fr_config"] = load_config(fr.config)
        found["strangers"] = strangers(tmp, found["fr_config"].listen)
        found["impostor"] = impostor(load_config(uk.config), load_config(al.config).listen)
    yield found


def call(
    node: NodeSetup,
    user: str,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    expect: int = 200,
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {node.tokens[user]}", **PURPOSE}
    answer = httpx.request(method, node.url + path, json=body, headers=headers, timeout=120)
    assert answer.status_code == expect, answer.text
    found: dict[str, Any] = answer.json()
    return found


def strangers(tmp: Path, url: str) -> dict[str, str]:
    """What FR's peer listener says to a client without a certificate, with one from another CA,
    and with one its CA signed but no peer holds."""
    certs = tmp / "certs"
    other = make_node_cert(make_ca(tmp / "other-ca").key.parent, "UK", ["127.0.0.1"])
    rogue = make_node_cert(certs, "XX", ["127.0.0.1"])
    found = {}
    for label, cert in (("none", None), ("other CA", other), ("not a peer", rogue)):
        context = ssl.create_default_context(cafile=str(certs / "ca.pem"))
        if cert is not None:
            context.load_cert_chain(str(cert.cert), str(cert.key))
        try:
            answer = httpx.post(f"{url}/federation/match", json={}, verify=context, timeout=10)
            found[label] = str(answer.status_code)
        except httpx.TransportError as error:
            found[label] = f"refused: {type(error).__name__}"
    return found


def impostor(config: NodeConfig, other_url: str) -> str:
    """UK calling "FR" at AL's address: AL's certificate is not FR's, so nothing is sent."""
    fr = config.peers["FR"]
    swapped = dataclasses.replace(
        config, peers={**config.peers, "FR": dataclasses.replace(fr, url=other_url)}, journal=None
    )
    with pytest.raises(PeerError) as refused:
        Peers(swapped).post("FR", "/federation/match", {"encodings": "not sent"})
    return str(refused.value)


def test_hits_at_each_peer_for_the_persons_they_hold(story: dict[str, Any]) -> None:
    persons = {(h["record"], h["peer"]) for h in story["hits"] if h["kind"] == "person"}
    assert persons == {
        ("UK-NCA|U1", "FR"),
        ("UK-NCA|U2", "FR"),
        ("UK-NCA|U2", "AL"),
    }
    ids = {(h["record"], h["peer"], h["kind"]) for h in story["hits"] if h["kind"] != "person"}
    assert ids == {("UK-NCA|U1", "FR", "phone"), ("UK-NCA|U2", "FR", "document")}
    for hit in story["hits"]:
        assert hit["reference"].startswith(hit["peer"] + ":") and 0.5 <= hit["score"] <= 1


def test_a_request_is_answered_by_a_narrowed_disclosure(story: dict[str, Any]) -> None:
    asked = story["asked"]
    assert asked["urgency"] == "urgent" and asked["status"] == "pending"
    assert _hours(asked["asked_at"], asked["due_at"]) == 8  # urgent, directly accessible
    pending = story["fr_pending"]["requests"]
    assert [(r["request_id"], r["direction"], r["overdue"]) for r in pending] == [
        (asked["request_id"], "incoming", False)
    ]
    assert "supervisor" in story["refused_analyst"]["error"]
    (kept,) = [r for r in story["uk_requests"]["requests"] if r["direction"] == "outgoing"]
    assert kept["status"] == "narrowed" and kept["note"] == "dob only"
    (record,) = kept["disclosed"]
    assert (record["source"], record["record_id"]) == ("FR-OCRIEST", "F1")
    assert record["properties"] == {"birthDate": ["1988-03-14"], "nationality": ["IRQ"]}
    assert "caption" not in record
    assert set(record["handling"]) == {"scheme", "code", "note"}
    assert set(record["grading"]) == {"scheme", "source", "info"}


def test_disclosure_and_collection_are_audited_on_each_side(story: dict[str, Any]) -> None:
    nodes, request_id = story["nodes"], story["asked"]["request_id"]
    with Workspace.open(nodes["FR"].workspace, read_only=True) as ws:
        (disclosed,) = [e for e in audit.entries(ws) if e.action == "disclosure"]
        audit.verify(ws)
    assert disclosed.actor == "supervisor" and disclosed.recipients == ("UK",)
    assert disclosed.subjects == ("FR-OCRIEST|F1",) and request_id in (disclosed.purpose or "")
    with Workspace.open(nodes["UK"].workspace, read_only=True) as ws:
        collected = [e for e in audit.entries(ws) if request_id in e.detail]
        audit.verify(ws)
    assert [(e.action, e.actor, e.subjects) for e in collected] == [
        ("collection", "analyst", ("FR-OCRIEST|F1",))
    ]


def test_operations_overlapping_across_nodes_alert_both_owners(story: dict[str, Any]) -> None:
    uk = [(a["our_operation"], a["peer"], a["contact"]) for a in story["uk_alerts"]["alerts"]]
    fr = [(a["our_operation"], a["peer"], a["contact"]) for a in story["fr_alerts"]["alerts"]]
    assert uk == [("OP-UK-SECRET", "FR", "FR duty desk")]
    assert fr == [("OP-FR-SECRET", "UK", "UK duty desk")]
    assert story["al_alerts"]["alerts"] == []


def test_no_plaintext_crosses_the_wire_but_the_approved_disclosure(story: dict[str, Any]) -> None:
    messages = [
        json.loads(line)
        for setup in story["nodes"].values()
        if setup.journal.exists()
        for line in setup.journal.read_text("utf-8").splitlines()
    ]
    paths = {(m["direction"], m["path"]) for m in messages}
    assert {
        ("sent", "/federation/match"),
        ("received", "/federation/match"),
        ("sent", "/federation/requests"),
        ("sent", "/federation/answers"),
        ("sent", "/federation/deconfliction"),
    } <= paths
    for message in messages:
        body = json.dumps(message["body"], ensure_ascii=False)
        if message["path"] == "/federation/answers" and message["direction"] == "sent":
            assert set(message["body"]["records"][0]["properties"]) == {"birthDate", "nationality"}
            body = body.replace("1988-03-14", "")  # the one value the supervisor approved
        for plain in PLAINTEXT:
            assert plain not in body, (plain, message["path"], message["direction"])
        assert "OP-UK-SECRET" not in body and "OP-FR-SECRET" not in body


def test_a_client_without_a_peer_certificate_is_refused(story: dict[str, Any]) -> None:
    refused = story["strangers"]
    assert refused["none"].startswith("refused")
    assert refused["other CA"].startswith("refused")
    assert refused["not a peer"] == "403"
    assert "could not be reached" in story["impostor"]


def _hours(start: str, end: str) -> float:
    from datetime import datetime

    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 3600
