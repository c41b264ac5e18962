"""The web UI's other pages in a real browser: timeline, group, disruption simulator, ingest upload with
progress, an analyst's decision and deconfliction; every request stays on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import FilePayload, Page

from tests.api.served import Served
from tests.api.test_workflows import CSV
from tests.web.conftest import log_in, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def analyst(web_server: Served, page: tuple[Page, list[str]]) -> Iterator[Page]:
    """Anna logged in with a purpose; afterwards, no script error and nothing beyond loopback."""
    tab, outside = page
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    log_in(tab, web_server.url, "OP-TEST: preparing the taskforce meeting")
    yield tab
    assert errors == []
    assert outside == [], f"the page reached beyond loopback: {outside}"


def go(tab: Page, hash_: str) -> None:
    tab.evaluate("(h) => { location.hash = h; }", hash_)


def test_the_timeline_charts_and_lists_events_and_filters_by_kind(analyst: Page) -> None:
    tab = analyst
    tab.click("header a[href='#/timeline']")
    tab.wait_for_selector("li.event")
    assert tab.locator("svg.bars rect").count() > 5
    kinds = {tab.locator("li.event .kind").nth(i).inner_text() for i in range(20)}
    assert len(kinds) > 1
    shown = tab.locator("li.event").count()
    tab.click("#more-events")
    assert tab.locator("li.event").count() > shown
    shot(tab, "7-timeline")
    for box in tab.locator(".kinds input").all():
        if box.get_attribute("value") != "Crossing":
            box.uncheck()
    tab.click("#filter-submit")
    tab.wait_for_url("**kind=Crossing**")
    tab.wait_for_selector("li.event.kind-Crossing")
    assert tab.locator("li.event").count() == tab.locator("li.event.kind-Crossing").count()


def test_a_group_page_leads_to_the_disruption_simulator(analyst: Page) -> None:
    tab = analyst
    tab.click("header a[href='#/groups']")
    tab.click("a.group-link >> nth=0")
    tab.wait_for_selector("#members tr td a")
    assert tab.locator("#members tr").count() > 3
    assert "payments you may see" in tab.inner_text("#money")
    assert tab.locator("#money svg.bars rect").count() > 0
    shot(tab, "8-group")
    tab.click("#simulate-group")
    tab.wait_for_selector("#effect")
    effect = tab.inner_text("#effect")
    assert "largest connected piece" in effect and "fragmentation" in effect
    shot(tab, "9-disruption")


def test_the_simulator_removes_chosen_key_players(analyst: Page) -> None:
    tab = analyst
    tab.click("header a[href='#/disruption']")
    tab.wait_for_selector("#candidates input")
    tab.locator("#candidates input").nth(0).check()
    tab.locator("#candidates input").nth(1).check()
    assert tab.locator("#chosen .chip").count() == 2
    tab.click("#simulate")
    tab.wait_for_selector("#groups-hit li")
    assert tab.locator("#successors li").count() > 0


def test_an_upload_is_followed_to_its_end(analyst: Page) -> None:
    tab = analyst
    tab.click("header a[href='#/ingest']")
    upload: FilePayload = {
        "name": "new persons.csv",
        "mimeType": "text/csv",
        "buffer": CSV.encode(),
    }
    tab.set_input_files("#ingest-file", files=[upload])
    tab.fill("#ingest-grading", "2B")
    tab.click("#ingest-submit")
    tab.wait_for_selector("#ingest-status.ok")
    # the impossible date keeps its person: the value is kept as written, not understood
    assert "2 rows loaded, 0 quarantined" in tab.inner_text("#ingest-status")
    assert "1 values kept as written" in tab.inner_text("#ingest-status")
    tab.wait_for_selector("#jobs td:has-text('done')")
    assert "impossible date (1)" in tab.inner_text("#jobs")
    shot(tab, "10-ingest")


def test_an_analyst_splits_two_records_and_registers_an_operation(analyst: Page) -> None:
    tab = analyst
    go(tab, "#/search?q=Muhammad%20Zand")
    tab.click(".result a.entity-link:has-text('Mohammed Zand')")
    tab.wait_for_selector("#decide-submit")
    tab.select_option("#decide-kind", "split")
    tab.fill("#decide-reason", "two fathers' names: not one man")
    tab.click("#decide-submit")
    tab.wait_for_selector("#banner.info")
    assert "recorded" in tab.inner_text("#banner")
    tab.click("header a[href='#/decisions']")
    tab.wait_for_selector("#decisions td:has-text('two fathers')")
    shot(tab, "11-decisions")
    tab.click("header a[href='#/deconfliction']")
    tab.fill("#op-ref", "NCA-WEB-1")
    tab.fill("#op-contact", "DS Reed, +44 20 7946 0000")
    tab.fill("#op-targets", "phone:+44 7700 900321 2025-01-01 2025-06-30")
    tab.click("#op-submit")
    tab.wait_for_selector("#banner.info")
    assert "NCA-WEB-1 registered" in tab.inner_text("#banner")
    shot(tab, "12-deconfliction")
