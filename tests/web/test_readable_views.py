"""The web UI's remaining defects of issue 13 section 4, checked in real Chromium: the Channel map on the
1:10m coast (Deal and Dungeness on land), labelled places, routes with arrowheads; the network's payments
and calls as directed, dated links with amounts, identifiers on demand, labels that never overlap;
validation errors in plain words; one money chart per currency. Screenshots in test-artifacts/readable/."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

from crossroute.model.gazetteer import gazetteer, locate
from tests.api.served import Served, login
from tests.web.conftest import log_in, shot
from tests.web.test_every_view import overflow, settle

pytestmark = pytest.mark.browser

PURPOSE = "OP-TEST: readable views"
COUNTRY = {"GBR": "United Kingdom", "FRA": "France", "BEL": "Belgium"}


@pytest.fixture
def analyst(web_server: Served, page: tuple[Page, list[str]]) -> Any:
    tab, outside = page
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    log_in(tab, web_server.url, PURPOSE)
    yield tab
    assert errors == []
    assert outside == []


def svg_point(tab: Page, lon: float, lat: float) -> tuple[float, float]:
    """Where a longitude and latitude fall in the map's SVG (the Channel view's box and projection)."""
    west, south, east, north = 0.3, 50.3, 2.9, 51.4
    width, height = tab.evaluate(
        "() => document.querySelector('#map-svg').viewBox.baseVal.width + ',' +"
        " document.querySelector('#map-svg').viewBox.baseVal.height"
    ).split(",")
    x = (lon - west) / (east - west) * float(width)
    y = (north - lat) / (north - south) * float(height)
    return x, y


def on_land(tab: Page, country: str, x: float, y: float) -> bool:
    return bool(
        tab.evaluate(
            "([name, x, y]) => { const p = document.querySelector(`#map-svg path.country[data-country='${name}']`);"
            " return !!p && p.isPointInFill(new DOMPoint(x, y)); }",
            [country, x, y],
        )
    )


def test_the_channel_map_puts_deal_and_dungeness_on_land_labels_places_and_points_routes(
    web_server: Served, analyst: Page
) -> None:
    tab = analyst
    tab.goto(f"{web_server.url}/#/map?view=channel")
    settle(tab)
    tab.wait_for_selector("#map-svg circle.place")
    for name in ("Deal", "Dungeness"):
        place = locate(name)
        assert place is not None
        assert on_land(tab, "United Kingdom", *svg_point(tab, place.lon, place.lat)), name
    # every beach, town and landing place of the gazetteer in the Channel view is on land
    offshore = [
        p.name
        for p in gazetteer().values()
        if p.country in COUNTRY and not p.name.endswith("coast")
        and 0.3 <= p.lon <= 2.9 and 50.3 <= p.lat <= 51.4
        and not on_land(tab, COUNTRY[p.country], *svg_point(tab, p.lon, p.lat))
    ]  # fmt: skip
    assert offshore == []
    dots = tab.evaluate(
        "() => [...document.querySelectorAll('#map-svg circle.place')].map(c => c.dataset.place)"
    )
    assert dots
    labels = tab.evaluate(
        "() => [...document.querySelectorAll('#map-svg text.place-label')].map(t => {"
        " const b = t.getBBox(); return [t.dataset.place, b.x, b.y, b.x + b.width, b.y + b.height]; })"
    )
    named = {label[0] for label in labels}
    assert len(named) >= min(len(dots), 12), (len(named), len(dots))
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not (a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]), (a[0], b[0])
    routes = tab.locator("#map-svg path.route")
    assert routes.count() > 0
    assert tab.locator("#map-svg path.route[marker-mid^='url(#arrow-']").count() == routes.count()
    assert tab.locator("#map-svg marker#arrow-crossing path").count() == 1
    assert overflow(tab) == 0
    shot(tab, "readable/map-channel")


def payment_party(url: str) -> tuple[str, str]:
    """A person who paid someone in the served case, and the group it belongs to."""
    with httpx.Client(base_url=url, timeout=300) as client:
        headers = login(client, "anna")
        groups = client.get("/api/network/groups", headers=headers).json()["groups"]
        for g in groups[:6]:
            money = client.get(f"/api/network/groups/{g['group']}", headers=headers).json()["money"]
            for p in money["payments"]:
                people = [x for x in p["parties"] if x.get("entity_id")]
                if len(people) == 2:  # a payment from one person to another
                    return str(people[0]["entity_id"]), str(g["group"])
    raise AssertionError("no payment between people in the served case")


def test_flows_run_from_payer_to_beneficiary_with_dates_and_amounts(web_server: Served) -> None:
    entity, _ = payment_party(web_server.url)
    with httpx.Client(base_url=web_server.url, timeout=300) as client:
        headers = login(client, "anna")
        answer = client.get(f"/api/network/flows/{entity}", headers=headers)
        assert answer.status_code == 200, answer.text
        flows = answer.json()["flows"]
        payments = [f for f in flows if f["kind"] == "payment"]
        assert payments, flows
        assert all(f["from"] != f["to"] and f["date"] for f in payments)
        assert any(f["amount"] and f["currency"] for f in payments)
        assert client.get(f"/api/network/flows/{entity}").status_code == 401
        missing = client.get("/api/network/flows/nobody-at-all", headers=headers)
        assert missing.status_code == 404


def test_the_network_draws_flows_as_arrows_and_shows_identifiers_on_demand(
    web_server: Served, analyst: Page
) -> None:
    tab = analyst
    entity, _ = payment_party(web_server.url)
    tab.goto(f"{web_server.url}/#/network/{entity}")
    tab.wait_for_function("() => window.CR && CR.cy && CR.cy.edges('.directed').length > 0")
    settle(tab)
    arrows = tab.evaluate(
        "() => CR.cy.edges('.directed').map(e => [e.data('flowLabel'),"
        " e.style('target-arrow-shape'), e.style('source-arrow-shape'), e.hasClass('fwd'), e.hasClass('back')])"
    )
    for label, target, source, fwd, back in arrows:
        assert (target == "triangle") == fwd and (source == "triangle") == back
        assert fwd or back
        assert label and any(ch.isdigit() for ch in label)
    assert any(c in a[0] for a in arrows for c in ("GBP", "EUR")), arrows  # a payment's amount
    identifiers = (
        "() => CR.cy.nodes().filter(n => n.visible() && ['phone', 'document', 'iban', 'email',"
    )
    identifiers += (
        " 'plate', 'imo', 'mmsi', 'container', 'handle', 'Phone', 'Passport', 'Identification',"
    )
    identifiers += " 'BankAccount', 'Vehicle', 'Vessel', 'Container'].includes(n.data('type'))"
    identifiers += " && !n.hasClass('center'))"
    hidden_ids = identifiers + ".length"
    shown_ids = identifiers + ".map(n => n.data('type') + ' ' + n.data('label'))"
    assert tab.evaluate(hidden_ids) == 0, (
        f"identifiers show before they are asked for: {tab.evaluate(shown_ids)}"
    )
    derived = tab.evaluate("() => CR.cy.edges('.derived').map(e => e.data('label'))")
    assert all(d.startswith("shares ") for d in derived)
    assert label_overlaps(tab) == 0
    assert off_canvas(tab) == [], "shown nodes outside the canvas"
    shot(tab, "readable/network-people")
    people = positions(tab)
    tab.check("#show-identifiers")
    assert tab.evaluate(hidden_ids) > 0
    assert moved(people, positions(tab)) == [], (
        "the people on screen moved when identifiers were shown"
    )
    assert tab.evaluate("() => CR.cy.edges('.derived').length") == 0
    with_identifiers = label_overlaps(tab)
    shot(tab, "readable/network-identifiers")
    tab.uncheck("#show-identifiers")
    assert tab.evaluate(hidden_ids) == 0
    assert tab.evaluate("() => CR.cy.edges('.derived').length") == len(derived)
    tab.evaluate("() => CR.cy.zoom(2.5)")
    shot(tab, "readable/network-zoomed")
    assert with_identifiers == 0, (
        f"{with_identifiers} pairs of node labels overlap once identifiers are shown"
    )


def test_the_network_stays_put_on_expand_and_a_path_keeps_node_sizes(
    web_server: Served, analyst: Page
) -> None:
    tab = analyst
    entity, _ = payment_party(web_server.url)
    tab.goto(f"{web_server.url}/#/network/{entity}")
    tab.wait_for_function("() => window.CR && CR.cy && CR.cy.nodes('.center').length > 0")
    settle(tab)
    before = positions(tab)
    other = tab.evaluate(
        "() => CR.cy.nodes().filter(n => n.visible() && !n.hasClass('expanded')"
        " && n.data('type') === 'Person').map(n => n.id())[0]"
    )
    count = tab.evaluate("() => CR.cy.nodes().length")
    tab.evaluate("(id) => CR.cy.getElementById(id).emit('tap')", other)
    tab.wait_for_function("(n) => CR.cy.nodes().length > n", arg=count)
    settle(tab)
    assert moved(before, positions(tab)) == [], (
        "nodes on screen moved when a neighbour was expanded"
    )
    assert label_overlaps(tab) == 0
    assert off_canvas(tab) == []
    sizes = (
        "() => CR.cy.nodes().filter(n => n.visible()).map(n => [n.id(), n.width(), n.data('size')])"
    )
    target = tab.evaluate(
        "() => CR.cy.nodes().filter(n => n.visible() && n.data('type') === 'Person'"
        " && !n.hasClass('center')).map(n => n.id()).pop()"
    )
    tab.fill("#path-to", target)
    tab.click("#show-path")
    tab.wait_for_function("() => CR.cy.nodes('.path').length > 1")
    for node, width, size in tab.evaluate(sizes):
        assert width == pytest.approx(size) and width >= 14, (node, width, size)
    assert label_overlaps(tab) == 0
    shot(tab, "readable/network-path")


def positions(tab: Page) -> dict[str, tuple[float, float]]:
    """Where each shown node is (model coordinates)."""
    return {
        node: (x, y)
        for node, x, y in tab.evaluate(
            "() => CR.cy.nodes().filter(n => n.visible())"
            ".map(n => [n.id(), n.position().x, n.position().y])"
        )
    }


def moved(
    before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]
) -> list[str]:
    """The nodes of `before` that are elsewhere (or gone) in `after`."""
    return [
        node
        for node, (x, y) in before.items()
        if node not in after or abs(after[node][0] - x) + abs(after[node][1] - y) > 0.5
    ]


def off_canvas(tab: Page) -> list[str]:
    """The shown nodes whose centre is outside the visible canvas."""
    return list(
        tab.evaluate(
            "() => { const x = CR.cy.extent(); return CR.cy.nodes().filter(n => n.visible()).filter(n => {"
            " const p = n.position(); return p.x < x.x1 || p.x > x.x2 || p.y < x.y1 || p.y > x.y2; })"
            ".map(n => n.id()); }"
        )
    )


def label_overlaps(tab: Page) -> int:
    """How many pairs of shown node labels overlap."""
    return int(
        tab.evaluate(
            "() => { const boxes = CR.cy.nodes().filter(n => n.visible() && !n.hasClass('quiet') && n.data('label'))"
            ".map(n => n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }))"
            ".filter(b => b.w > 0); let n = 0;"
            " for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {"
            " const a = boxes[i], b = boxes[j];"
            " if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) n++; } return n; }"
        )
    )


def test_a_bad_date_is_explained_in_plain_words(web_server: Served, analyst: Page) -> None:
    tab = analyst
    tab.goto(f"{web_server.url}/#/timeline?since=2024-13-45")
    tab.wait_for_selector("#banner.error")
    said = tab.inner_text("#banner")
    assert "From: use a date, YYYY-MM-DD" in said, said
    assert "{" not in said and "query." not in said
    shot(tab, "readable/timeline-bad-date")


def test_group_money_has_one_chart_per_currency(web_server: Served, analyst: Page) -> None:
    tab = analyst
    _, group = payment_party(web_server.url)
    tab.goto(f"{web_server.url}/#/group/{group}")
    settle(tab)
    charts = tab.evaluate(
        "() => [...document.querySelectorAll('#money .money-chart')].map(c => [c.dataset.currency,"
        " [...new Set([...c.querySelectorAll('rect title')].map(t => t.textContent.trim().split(' ').pop()))]])"
    )
    assert charts, "no money chart"
    assert len({c for c, _ in charts}) == len(charts)
    for currency, units in charts:
        assert units == [currency], (currency, units)
    assert overflow(tab) == 0
    shot(tab, "readable/group-money")


def test_an_upload_error_names_the_file_never_a_server_path(web_server: Served) -> None:
    with httpx.Client(base_url=web_server.url, timeout=300) as client:
        headers = login(client, "anna")
        answer = client.post(
            "/api/ingest",
            params={"filename": "sightings.pdf"},
            content=b"%PDF-1.4",
            headers=headers,
        )
        assert answer.status_code == 202, answer.text
        job = answer.json()
        for _ in range(600):
            job = client.get(f"/api/ingest/jobs/{job['job_id']}", headers=headers).json()
            if job["status"] in ("done", "failed"):
                break
            time.sleep(0.2)
    assert job["status"] == "failed", job
    assert job["error"].startswith("sightings.pdf: "), job["error"]
    assert "upload" not in job["error"] and not re.search(r"(^|\s)/", job["error"]), job["error"]
