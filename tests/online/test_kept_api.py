"""The adverts an agency kept, over the API (in process, on a real workspace file): the queue with reposts
folded and the persons and groups each advert ties to, one advert with its extraction and reposts, a group's
adverts, and the disruption simulator counting adverts left without a live number. Each call one audit
entry; another agency sees none of the posts, and a post hidden or absent answers alike."""

from __future__ import annotations

import csv
import hashlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crossroute.analysis.network.case import analyse_case
from crossroute.analysis.network.entities import PERSON
from crossroute.analysis.network.gated import Indexed
from crossroute.api.app import create_app
from crossroute.cli.app import app
from crossroute.sharing import audit
from crossroute.store import Workspace
from tests.api.served import PASSWORD, served_copy

pytestmark = pytest.mark.slow
with warnings.catch_warnings():  # starlette asks for `httpx2`; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PURPOSE = "OP-TEST: online adverts"


@dataclass(frozen=True)
class Kept:
    client: TestClient
    ws: Path
    member: str  # entity id of a group member holding the first advert's phone alone
    group: int
    phone: str
    other: str  # a phone of someone else


def _headers(client: TestClient, user: str) -> dict[str, str]:
    answer = client.post("/api/login", json={"user": user, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}", "X-Purpose": PURPOSE}


def sole_phones(ws: Path) -> dict[str, str]:
    """Person node id -> a phone only that person holds (in the whole graph)."""
    with Workspace.open(ws, read_only=True) as workspace:
        graph = analyse_case(workspace, seeds=1).graph
    index = Indexed.of(graph)
    found: dict[str, str] = {}
    for node, ident in enumerate(graph.ids):
        if not ident.startswith("phone:+"):
            continue
        holders = {o for _, o in index.ties(node) if graph.types[o] == PERSON}
        if len(holders) == 1:
            found.setdefault(graph.ids[holders.pop()], ident.split(":", 1)[1])
    return found


def member_with_phone(client: TestClient, sole: dict[str, str]) -> tuple[str, int, str]:
    """A member of one of anna's groups (largest first) and a phone only that member holds (`sole`)."""
    groups = client.get("/api/network/groups", headers=_headers(client, "anna")).json()
    return next(
        (m["id"], g["group"], sole[m["id"]])
        for g in sorted(groups["groups"], key=lambda g: -len(g["members"]))
        for m in g["members"]
        if m["id"] in sole
    )


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kept]:
    ws = served_copy(tmp_path_factory, "online-kept")
    sole = sole_phones(ws)
    with TestClient(create_app(ws, web=False)) as client:
        member, group, phone = member_with_phone(client, sole)
        other = next(p for person, p in sole.items() if person != member)
        posts = ws.parent / "posts.csv"
        with posts.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(("post_id", "platform", "text", "author_handle"))
            text = "رحلات آمنة إلى بريطانيا بقارب جديد، السعر ٢٥٠٠ يورو، الدفع بعد الوصول. واتساب"
            writer.writerow(("a1", "Telegram", f"{text} {phone}", "@boatman"))
            writer.writerow(("a1r", "TikTok", f"{text} 🇬🇧!! {phone}", ""))
            writer.writerow(
                (
                    "a2",
                    "Facebook",
                    f"Lorry to England from Dunkirk, 100% safe, £3500. Call {other}",
                    "",
                )
            )
            writer.writerow(("n1", "Facebook", "Five people drowned off Wimereux last night.", ""))
        args = ["online", "triage", str(posts), "--out", str(ws.parent / "out.csv"), "--workspace", str(ws), "--user", "anna", "--purpose", PURPOSE]  # fmt: skip
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        yield Kept(client, ws, member, group, phone, other)


def _entries(kept: Kept, path: str) -> list[audit.Entry]:
    with Workspace.open(kept.ws) as workspace:
        return [e for e in audit.entries(workspace) if f'"{path}"' in e.detail]


def test_the_queue_folds_reposts_and_ties_adverts_to_persons(kept: Kept) -> None:
    answer = kept.client.get("/api/online/adverts", headers=_headers(kept.client, "anna"))
    assert answer.status_code == 200, answer.text
    queue: list[dict[str, Any]] = answer.json()["queue"]
    assert answer.json()["adverts"] == 3
    ids = {item["post_id"]: item for item in queue}
    arabic = next(item for item in queue if item["language"] == "ar")
    assert arabic["direction"] == "rtl" and len(ids) == 2 and "n1" not in ids
    assert {arabic["post_id"], *(r["post_id"] for r in arabic["reposts"])} == {"a1", "a1r"}
    assert arabic["phones"] == [kept.phone] and arabic["prices"] == ["2500 EUR"]
    assert f"phone:{kept.phone}" in arabic["identifiers"]
    assert arabic["persons"] and kept.phone in arabic["persons"][0]["via"]
    assert kept.group in arabic["groups"]
    assert hashlib.sha256(arabic["text"].encode("utf-8")).hexdigest() == arabic["text_sha256"]
    entries = _entries(kept, "api online adverts")
    assert len(entries) == 1 and entries[0].actor == "anna"
    assert all(p in entries[0].detail for p in ("a1", "a1r", "a2"))


def test_one_advert_with_its_extraction_and_reposts(kept: Kept) -> None:
    headers = _headers(kept.client, "anna")
    answer = kept.client.get("/api/online/adverts/a1r", headers=headers)
    assert answer.status_code == 200, answer.text
    item = answer.json()
    assert {item["post_id"], *(r["post_id"] for r in item["reposts"])} == {"a1", "a1r"}
    assert item["handles"] in (["@boatman"], []) and item["places"] == ["United Kingdom"]
    missing = kept.client.get("/api/online/adverts/nothing", headers=headers)
    farid = kept.client.get("/api/online/adverts/a1", headers=_headers(kept.client, "farid"))
    assert missing.status_code == farid.status_code == 404
    assert "nothing" in missing.json()["error"] and "a1" in farid.json()["error"]
    assert len(_entries(kept, "api online advert")) == 3  # found, absent and hidden: one entry each


def test_other_agencies_and_dpos_see_no_posts(kept: Kept) -> None:
    for user in ("farid", "dora"):
        answer = kept.client.get("/api/online/adverts", headers=_headers(kept.client, user))
        assert answer.status_code in (200, 403), answer.text
        if answer.status_code == 200:
            assert answer.json() == {"adverts": 0, "queue": []}


def test_a_group_shows_its_adverts(kept: Kept) -> None:
    headers = _headers(kept.client, "anna")
    answer = kept.client.get(f"/api/online/groups/{kept.group}", headers=headers)
    assert answer.status_code == 200, answer.text
    assert "a1" in {a["post_id"] for a in answer.json()["adverts"]}
    assert "a2" not in {a["post_id"] for a in answer.json()["adverts"]}
    nowhere = kept.client.get("/api/online/groups/999999", headers=headers).json()
    assert nowhere["adverts"] == []


def test_the_simulator_counts_adverts_left_without_a_live_number(kept: Kept) -> None:
    headers = _headers(kept.client, "anna")
    before = len(_entries(kept, "api disruption"))
    answer = kept.client.post(
        "/api/network/disruption", json={"remove": [kept.member]}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    adverts = answer.json()["adverts"]
    assert adverts["kept"] == 3 and adverts["tied_by_phone"] == 3
    cut = {a["post_id"] for a in adverts["without_live_number"]}
    assert cut == {"a1", "a1r"}
    assert len(_entries(kept, "api disruption")) == before + 1
    farid = kept.client.post(
        "/api/network/disruption",
        json={"remove": [kept.member]},
        headers=_headers(kept.client, "farid"),
    )
    if farid.status_code == 200:
        assert farid.json()["adverts"] == {"kept": 0, "tied_by_phone": 0, "without_live_number": []}
