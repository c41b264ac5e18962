"""The Route view in real Chromium against a real `crossroute serve` with the public data loaded: the
offline map of the legs with the groups on them, the trend charts and the forecast; every request stays
on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from crossroute.analysis.routes.public_data import default_paths, load
from crossroute.store import Workspace
from tests.api.served import Served, serve, served_copy
from tests.routes.conftest import DATA, needs_public_data
from tests.web.conftest import log_in, shot

pytestmark = [needs_public_data, pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def route_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    ws = served_copy(tmp_path_factory, "route-web")
    with Workspace.open(ws) as opened:
        for path in default_paths(DATA):
            load(opened, path)
    with serve(ws) as running:
        yield running


def test_the_route_view_shows_the_legs_the_groups_and_the_charts_offline(
    route_server: Served, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    log_in(tab, route_server.url, "OP-TEST: the route picture for the weekly meeting")
    tab.click("header a[href='#/route']")
    tab.wait_for_selector("#route-svg line.leg")
    assert tab.locator("#route-svg path.country").count() > 10
    assert tab.locator("#route-svg path.country.origin").count() >= 3  # passengers' nationalities
    assert tab.locator("#route-svg circle.place.staging").count() > 0
    assert tab.locator("#route-svg circle.place.destination").count() > 0
    tab.wait_for_selector("#route-detail-svg text.leg-label")
    labels = tab.locator("svg text.leg-label").all_text_contents()
    assert any("crossing: groups" in t for t in labels)  # the groups on each leg
    assert any("origin: groups" in t for t in labels)
    for svg in ("#route-svg", "#route-detail-svg"):
        assert text_overlaps(tab, svg) == [], svg  # no label on another: groups, countries, places
        assert tab.locator(f"{svg} text.place-label").count() >= 3, svg
    groups = tab.inner_text("#route-groups")
    assert "launching" in groups and "crossing" in groups
    assert "crossing" in tab.inner_text("#route-leg-table")
    tab.wait_for_selector("#chart-deaths img")
    assert tab.locator(".route-chart img").count() == 5
    assert tab.evaluate(
        "() => [...document.querySelectorAll('.route-chart img')].every(i => i.naturalWidth > 0)"
    )
    assert "In the 52 weeks" in tab.inner_text("#chart-arrivals figcaption")
    assert "people per week" in tab.inner_text("#route-public table.forecast")
    assert tab.locator("#route-prevention tr").count() > 3
    shot(tab, "route-view")
    assert errors == []
    assert outside == [], f"the page reached beyond loopback: {outside}"


def text_overlaps(tab: Page, svg: str) -> list[list[str]]:
    """The pairs of texts of an SVG whose boxes overlap, and any text reaching outside the drawing."""
    return list(
        tab.evaluate(
            """(svg) => { const root = document.querySelector(svg), view = root.viewBox.baseVal;
            const boxes = [...root.querySelectorAll('text')].map(t => [t.textContent, t.getBBox()]);
            const out = boxes.filter(([, b]) => b.x < 0 || b.y < 0 || b.x + b.width > view.width
              || b.y + b.height > view.height).map(([t]) => [t, 'outside']);
            for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
              const [s, a] = boxes[i], [t, b] = boxes[j];
              if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
                out.push([s, t]); }
            return out; }""",
            svg,
        )
    )
