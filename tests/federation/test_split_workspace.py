"""End to end on two small workspaces, one per node: encodings published, hits found for the persons
both hold (in other spellings), none for the others, and nothing readable in what is published."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroute.federation import FederationSecret, Publication, match_identifiers, match_persons
from crossroute.federation import publish as publish_workspace
from crossroute.federation.gated import Reader
from crossroute.sharing import Purpose, Role, audit
from crossroute.sharing.users import add_user, create_first_admin
from crossroute.store import Workspace
from tests.conftest import run_cli

HEADER = "record_id,source,full_name,given_name,family_name,date_of_birth,sex,nationality,place_of_birth,document_number,phone,email,address,city,country,subject_category"
UK = (
    "U1,UK-NCA,Karwan Ahmed,,,1988-03-14,M,Iraq,,,+447700900123,,,,,suspect\n"
    "U2,UK-NCA,Gëzim Çela,,,1990-04-03,M,Albania,,AB123456,,,,,,suspect\n"
    "U3,UK-NCA,Mohammed Hussein,,,1979-11-02,M,Iraq,,,,,,,,suspect\n"
    "U4,UK-NCA,Elira Hoxha,,,2001-06-21,F,Albania,,,,,,,,suspect\n"
    "U5,UK-NCA,Shilan Rashid,,,1994-09-30,F,Iraq,,,,,,,,victim\n"
)
FR = (
    "F1,FR-OCRIEST,AHMED Karwan,,,14/03/1988,M,irakien,,,+44 7700 900123,,,,,suspect\n"
    "F2,FR-OCRIEST,Gezim CELA,,,03/04/1990,M,albanais,,AB123456,,,,,,suspect\n"
    "F3,FR-OCRIEST,Mohamed HUSSEIN,,,02/11/1979,M,irakien,,,,,,,,suspect\n"
    "F4,FR-OCRIEST,Shilan Rashid,,,1994-09-30,F,irakienne,,,,,,,,suspect\n"
)
SECRET = FederationSecret(b"the federation secret of the test")


PURPOSE = Purpose("federation: hit/no-hit encodings for the test")


def add_publisher(workspace: Workspace, agency: str) -> Reader:
    """An administrator and the analyst account the node publishes through."""
    admin = create_first_admin(workspace, "admin", agency, "a long admin password")
    add_user(workspace, admin, "publisher", agency, Role.ANALYST)
    return Reader("publisher", PURPOSE)


def node(tmp: Path, name: str, rows: str, secret: FederationSecret = SECRET) -> Publication:
    data, ws = tmp / f"{name}.csv", tmp / f"ws-{name}"
    data.write_text(HEADER + "\n" + rows, encoding="utf-8")
    run_cli("init", ws)
    run_cli("ingest", ws, data, "--agency", rows.split(",")[1])
    with Workspace.open(ws) as workspace:
        reader = add_publisher(workspace, rows.split(",")[1])
        return publish_workspace(workspace, secret, name, reader)


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Publication, Publication]:
    tmp = tmp_path_factory.mktemp("federation")
    return node(tmp, "UK", UK), node(tmp, "FR", FR)


def test_hits_for_shared_persons_and_none_for_others(nodes: tuple[Publication, ...]) -> None:
    uk, fr = nodes
    hits = match_persons(uk.encodings, fr.encodings)
    found = {(uk.records[h.query], h.node, fr.records[h.reference]) for h in hits}
    assert found == {
        ("UK-NCA|U1", "FR", "FR-OCRIEST|F1"),
        ("UK-NCA|U2", "FR", "FR-OCRIEST|F2"),
        ("UK-NCA|U3", "FR", "FR-OCRIEST|F3"),
    }
    assert all(0.5 <= h.score <= 1 for h in hits)
    back = match_persons(fr.encodings, uk.encodings)
    assert {(h.query, h.reference) for h in back} == {(h.reference, h.query) for h in hits}


def test_identifier_digests_hit_on_the_same_phone_and_document(
    nodes: tuple[Publication, ...],
) -> None:
    uk, fr = nodes
    hits = match_identifiers(uk.encodings, fr.encodings)
    assert {(h.kind, uk.records[h.query], fr.records[h.reference]) for h in hits} == {
        ("phone", "UK-NCA|U1", "FR-OCRIEST|F1"),
        ("document", "UK-NCA|U2", "FR-OCRIEST|F2"),
    }


def test_a_peer_with_another_secret_gets_no_hit(
    tmp_path: Path, nodes: tuple[Publication, ...]
) -> None:
    uk, _ = nodes
    stranger = node(tmp_path, "XX", FR, FederationSecret(b"not the federation's secret"))
    assert match_persons(uk.encodings, stranger.encodings) == []
    assert match_identifiers(uk.encodings, stranger.encodings) == []


def test_nothing_readable_is_published(nodes: tuple[Publication, ...]) -> None:
    uk, _ = nodes
    published = uk.encodings
    text = " ".join(
        [
            *published.references,
            *(f"{i.kind} {i.digest} {i.reference}" for i in published.identifiers),
        ]
    )
    blob = published.filters.tobytes()
    for secret_value in ("Karwan", "karwan", "Ahmed", "U1", "UK-NCA", "447700900123", "AB123456"):
        assert secret_value not in text
        assert secret_value.encode() not in blob
    assert sorted(uk.records.values()) == [f"UK-NCA|U{i}" for i in range(1, 5)]


def test_publication_is_read_through_the_gate_and_audited(tmp_path: Path) -> None:
    """The victim (U5) is not published: the gate shows victims only to a case; one audit entry."""
    published = node(tmp_path, "UK", UK)
    assert "UK-NCA|U5" not in published.records.values()
    with Workspace.open(tmp_path / "ws-UK") as workspace:
        logged = [e for e in audit.entries(workspace) if '"federation publish"' in e.detail]
    assert len(logged) == 1
    assert logged[0].actor == "publisher" and logged[0].purpose == PURPOSE.text
    assert sorted(logged[0].subjects) == [f"UK-NCA|U{i}" for i in range(1, 5)]
