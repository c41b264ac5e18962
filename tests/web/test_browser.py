"""The web UI in a real browser (Debian's Chromium driven by Playwright) against a real `crossroute
serve`: log in, search a transliterated name, open the entity, expand its network. Screenshots go to
test-artifacts/; every request the page makes must stay on loopback."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.api.served import Served
from tests.web.conftest import log_in, shot

pytestmark = pytest.mark.browser


def test_an_analyst_finds_a_transliterated_name_and_explores_its_network(
    web_server: Served, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(web_server.url + "/")
    tab.wait_for_selector("#login-user")
    shot(tab, "1-login")
    log_in(tab, web_server.url)

    tab.fill("#q", "Muhammad Zand")
    tab.click("#search-submit")
    tab.wait_for_selector("#banner.error")  # no purpose stated yet: refused, with why
    assert "purpose" in tab.inner_text("#banner")
    tab.fill("#purpose", "OP-TEST: who pilots the boats")
    tab.click("#search-submit")
    tab.wait_for_selector(".result")
    assert "Mohammed Zand" in tab.inner_text("#results")
    shot(tab, "2-search")

    tab.click(".result a.entity-link:has-text('Mohammed Zand')")
    tab.wait_for_selector("#records")
    table = tab.inner_text("#records")
    for shown in ("EU-EUROPOL", "FR-OCRIEST", "Mohammad", "Mohammed"):
        assert shown in table
    assert tab.locator("tr.state-disagree").count() > 0
    assert tab.locator(".badge.grade-high, .badge.grade-low").count() >= 2
    shot(tab, "3-entity")

    tab.click("#open-network")
    tab.wait_for_function("() => window.CR && CR.cy && CR.cy.nodes().length > 1")
    before = tab.evaluate("() => CR.cy.nodes().length")
    expandable = tab.evaluate(
        "() => CR.cy.nodes().filter(n => !n.hasClass('expanded') && n.visible() && n.data('type') === 'Person'"
        " && n.data('degree') > n.neighborhood('node').length)"  # it has neighbours not on screen yet
        ".map(n => n.id())"
    )
    assert expandable, "the entity has no neighbour to expand"
    position = tab.evaluate(
        "(id) => { const p = CR.cy.getElementById(id).renderedPosition(); "
        "const r = CR.cy.container().getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }",
        expandable[0],
    )
    tab.mouse.click(position[0], position[1])
    tab.wait_for_function(f"() => CR.cy.nodes().length > {before}")
    assert "Evidence on its ties" in tab.inner_text("#node-info")
    with tab.expect_download() as download:
        tab.click("#export-png")
    assert download.value.suggested_filename.endswith(".png")
    shot(tab, "4-network")
    filters_hide_ties(tab)
    path_to_another_person(tab)

    tab.click("header a[href='#/map']")
    tab.wait_for_selector("#map-svg circle.place")
    assert tab.locator("#map-svg path.country").count() > 2  # France, England, Belgium...
    assert tab.locator("#map-svg path.route").count() > 0
    assert "Dover" in tab.inner_text("#places")
    shot(tab, "5-map")
    tab.click("#view-europe")
    tab.wait_for_selector("#view-europe.on")
    tab.wait_for_selector("#map-svg circle.place")
    assert "Antwerpen" in tab.inner_text("#places")
    shot(tab, "6-map-europe")

    assert errors == []
    assert outside == [], f"the page reached beyond loopback: {outside}"


def visible_edges(tab: Page) -> int:
    return int(tab.evaluate("() => CR.cy.edges().filter(e => !e.hasClass('hidden')).length"))


def filters_hide_ties(tab: Page) -> None:
    """Grading and time filters hide the ties none of whose evidence passes; size follows the choice."""
    every = visible_edges(tab)
    gradings = tab.locator("#filters label.chip:has-text(':') input")
    assert gradings.count() > 0
    for i in range(gradings.count()):
        gradings.nth(i).uncheck()
    assert visible_edges(tab) < every
    for i in range(gradings.count()):
        gradings.nth(i).check()
    assert visible_edges(tab) == every
    tab.fill("#net-since", "2099-01-01")
    tab.dispatch_event("#net-since", "change")
    assert visible_edges(tab) < every
    tab.fill("#net-since", "")
    tab.dispatch_event("#net-since", "change")
    assert visible_edges(tab) == every
    before = tab.evaluate("() => CR.cy.nodes().map(n => n.data('size'))")
    tab.select_option("#size-by", "degree")
    assert tab.evaluate("() => CR.cy.nodes().map(n => n.data('size'))") != before


def path_to_another_person(tab: Page) -> None:
    """The path from the centre to a person two steps away is drawn and announced."""
    far = tab.evaluate(
        "() => { const c = CR.cy.nodes('.center'); const near = c.neighborhood('node');"
        " return CR.cy.nodes().filter(n => n.data('entity_id') && !near.contains(n) && n !== c[0])"
        ".map(n => n.data('entity_id')); }"
    )
    assert far, "no person beyond the first ring"
    tab.fill("#path-to", far[0])
    tab.click("#show-path")
    tab.wait_for_selector("#banner.info:has-text('shortest path')")
    assert tab.evaluate("() => CR.cy.edges('.path').length") >= 2
