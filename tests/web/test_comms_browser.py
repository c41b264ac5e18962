"""The Messages view in real Chromium: search with hits in their conversation, a conversation, a
handle's page with its attributed person, the agencies' record holding it and an analyst's decision,
the contact graph joined to the records; nothing leaves loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from crossroute.analysis.comms import corpus
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.api.served import PASSWORD, serve
from tests.sharing.conftest import Person, load
from tests.web.conftest import log_in, shot

BODY = "msg_id,timestamp,from_handle,to_handle,text\n" + "".join(
    f"m{i},2026-03-{1 + i // 4:02d}T10:{i % 60:02d}:00,{a},{b},{text}\n"
    for i, (a, b, text) in enumerate(
        [("ilir1", "besa2", "Takohemi nesër në port"), ("besa2", "ilir1", "mirë vlla"),
         ("ilir1", "besa2", "20 shirts arrive in Antwerp"), ("besa2", "ilir1", "ok")] * 5
        + [("+32470123456", "ilir1", "the cars arrive friday"), ("ilir1", "+32470123456", "ok")]
    )
)  # fmt: skip


@pytest.mark.browser
def test_messages_view(tmp_path: Path, page: tuple[Page, list[str]]) -> None:
    path = tmp_path / "ws"
    with Workspace.create(path) as ws:
        root = create_first_admin(ws, "root", "BE-FGP", PASSWORD)
        add_user(ws, root, "anna", "BE-FGP", Role.ANALYST, PASSWORD)
        file = tmp_path / "m.csv"
        file.write_text(BODY, encoding="utf-8")
        corpus.load_corpus(ws, file, "BE-FGP")
        load(ws, [Person("R1", "BE-FGP", "Driton Hoxha", phone="0470 12 34 56")], tmp_path)
    tab, outside = page
    with serve(path) as running:
        log_in(tab, running.url, "OP-1: browser test")
        tab.goto(running.url + "/#/comms?q=neser")
        tab.wait_for_selector("#comms-results article.hit")
        assert "nesër" in tab.inner_text("#comms-results")
        shot(tab, "comms-search")
        tab.click("#comms-results a.handle >> nth=0")
        tab.wait_for_selector("#person-cluster")
        assert "besa2" in tab.inner_text("#comms-handle")
        tab.goto(running.url + "/#/comms-thread?a=ilir1&b=besa2")
        tab.wait_for_selector("#comms-thread li")
        assert tab.locator("#comms-thread li").count() == 20
        tab.goto(running.url + "/#/comms-handle/%2B32470123456")
        tab.wait_for_selector("#comms-records li")
        assert "Driton Hoxha" in tab.inner_text("#comms-records")
        tab.fill("#handle-decide-other", "ilir1")
        tab.select_option("#handle-decide-kind", "different")
        tab.fill("#handle-decide-reason", "two people on the phone")
        tab.click("#handle-decide-submit")
        tab.wait_for_selector("#comms-decisions li")
        assert "two people on the phone" in tab.inner_text("#comms-decisions")
        shot(tab, "comms-handle")
        tab.goto(running.url + "/#/comms-graph")
        tab.wait_for_selector("#comms-key-players h2")
        assert tab.evaluate("CR.commsCy.nodes().length") >= 2
        assert "Driton Hoxha" in tab.inner_text("#comms-graph-records")
        shot(tab, "comms-graph")
    assert outside == []
