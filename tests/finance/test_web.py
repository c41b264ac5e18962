"""The money view in real Chromium: the alerts queue with typology filters, and an alert opened with its
subgraph, amounts, dates and reasons."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from crossroute.ingest.finance import ingest_finance
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.api.served import PASSWORD, Served, serve
from tests.finance.builders import Network, background
from tests.web.conftest import log_in, page, shot

__all__ = ["page"]
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def money_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("money-web")
    net = Network()
    background(net, [f"P{i}" for i in range(5)], "EMPLOYER", "LANDLORD")
    net.pay(10, "ORIGIN", "SHELL1", 50_000)
    net.pay(13, "SHELL1", "SHELL2", 49_000)
    net.pay(16, "SHELL2", "ORIGIN", 48_000)
    for day in range(4):
        net.pay(20 + day, None, "P2", 9_200 + 100 * day)
    accounts, txns = net.write(folder / "files")
    with Workspace.create(folder / "ws") as ws:
        ingest_finance(ws, accounts, agency="UK-NCA")
        ingest_finance(ws, txns, agency="UK-NCA")
        root = create_first_admin(ws, "root", "UK-NCA", PASSWORD)
        add_user(ws, root, "anna", "UK-NCA", Role.ANALYST, PASSWORD)
    with serve(folder / "ws") as running:
        yield running


def test_an_alert_opens_with_its_subgraph_amounts_dates_and_reasons(
    money_server: Served, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    log_in(tab, money_server.url, "OP-MONEY: alerts")
    tab.goto(money_server.url + "/#/money")
    tab.wait_for_selector("#alerts .alert-row")
    assert tab.locator("#alerts .alert-row").count() == 2
    tab.click("#money-typologies button[data-typology='structuring']")
    expect(tab.locator("#alerts .alert-row:visible")).to_have_count(1)
    assert "structuring" in tab.inner_text("#alerts .alert-row:visible")
    tab.click("#money-typologies button:not([data-typology])")
    expect(tab.locator("#alerts .alert-row:visible")).to_have_count(2)
    tab.click("#alerts >> text=round trip >> xpath=.. >> a")
    tab.wait_for_selector("#alert-payments tbody tr")
    rows = tab.locator("#alert-payments tbody tr").all_inner_texts()
    assert len(rows) == 3 and "50,000" in rows[0] and "2025-03-11" in rows[0]
    assert "longest" in tab.inner_text("#alert-why")
    assert tab.locator("#alert-graph canvas").count() > 0
    shot(tab, "money-alert")
    assert outside == []
