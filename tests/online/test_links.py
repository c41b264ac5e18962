"""Posts into a workspace: `online triage --workspace` keeps them (text exactly, SHA-256, the loader's
agency as owner, one audit entry), and `online links` ties each advert's phones to the persons and groups
the caller may see, through the gate (one audit entry a call; other agencies and DPOs see no posts)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroute.analysis.network.case import analyse_case
from crossroute.analysis.network.entities import PERSON
from crossroute.analysis.online.links import links
from crossroute.cli.app import app
from crossroute.sharing import Purpose, audit
from crossroute.store import Workspace
from tests.api.served import served_copy

pytestmark = pytest.mark.slow
PURPOSE = "OP-TEST: online adverts"


def _persons_phones(ws: Path, count: int) -> list[str]:
    """Phones in the simulated case that are tied to a person."""
    with Workspace.open(ws, read_only=True) as workspace:
        graph = analyse_case(workspace, seeds=1).graph
    phones = []
    for e in graph.evidence:
        for node, other in ((e.a, e.b), (e.b, e.a)):
            if graph.ids[node].startswith("phone:+") and graph.types[other] == PERSON:
                phones.append(graph.ids[node].split(":", 1)[1])
    return list(dict.fromkeys(phones))[:count]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    ws = served_copy(tmp_path_factory, "online-links")
    phones = _persons_phones(ws, 2)
    assert len(phones) == 2
    posts = ws.parent / "posts.csv"
    with posts.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(("post_id", "platform", "text", "author_handle"))
        writer.writerow(
            (
                "a1",
                "TikTok",
                f"Safe crossing to UK 🇬🇧 £2000, pay after arrival. WhatsApp {phones[0]}",
                "@boatman",
            )
        )
        writer.writerow(
            (
                "a2",
                "Telegram",
                f"Lorry to England from Dunkirk, 100% guarantee, £3500. Call {phones[1]}",
                "",
            )
        )
        writer.writerow(
            (
                "n1",
                "Facebook",
                "Five people drowned off Wimereux last night, the coastguard said.",
                "",
            )
        )
    out = ws.parent / "out.csv"
    args = ["online", "triage", str(posts), "--out", str(out), "--workspace", str(ws), "--user", "anna", "--purpose", PURPOSE]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "0 posts kept" in again.output
    return ws, phones


def test_posts_are_kept_exactly_owned_by_the_loaders_agency(loaded: tuple[Path, list[str]]) -> None:
    ws, _ = loaded
    with Workspace.open(ws, read_only=True) as workspace:
        rows = workspace.rows(
            "SELECT post_id, agency, text, text_sha256, is_ad FROM online.posts ORDER BY post_id"
        )
        loads = [e for e in audit.entries(workspace) if '"online load"' in e.detail]
    assert [r[0] for r in rows] == ["a1", "a2", "n1"]
    assert {r[1] for r in rows} == {"UK-NCA"}
    for _, _, text, digest, _ in rows:
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == digest
    assert [r[4] for r in rows] == [True, True, False]
    assert len(loads) == 2 and all(e.actor == "anna" for e in loads)


def test_links_tie_adverts_to_persons_through_the_gate(loaded: tuple[Path, list[str]]) -> None:
    ws, phones = loaded
    purpose = Purpose(PURPOSE)
    with Workspace.open(ws) as workspace:
        before = len(audit.entries(workspace))
        found = links(workspace, "anna", purpose)
        after = len(audit.entries(workspace))
        other = links(workspace, "farid", purpose)  # another agency: none of anna's posts
        dpo = links(workspace, "dora", purpose)
    assert after == before + 1
    assert [i.post.post_id for i in found] == sorted(
        ["a1", "a2"], key=lambda p: -next(i.post.score for i in found if i.post.post_id == p)
    )
    tied = {i.post.post_id: i for i in found}
    assert f"phone:{phones[0]}" in tied["a1"].identifiers
    assert tied["a1"].persons and phones[0] in tied["a1"].persons[0].via
    assert other == [] and dpo == []


def test_links_command_lists_adverts_with_their_persons(loaded: tuple[Path, list[str]]) -> None:
    ws, phones = loaded
    result = CliRunner().invoke(
        app, ["online", "links", str(ws), "--user", "anna", "--purpose", PURPOSE]
    )
    assert result.exit_code == 0, result.output
    assert "a1" in result.output and phones[0] in result.output
    refused = CliRunner().invoke(
        app, ["online", "links", str(ws), "--user", "nobody", "--purpose", PURPOSE]
    )
    assert refused.exit_code != 0
