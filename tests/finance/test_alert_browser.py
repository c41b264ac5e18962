"""An alert opened in real Chromium, as a financial investigator reads it: the subgraph drawn, every
payment's amount (as written and in EUR, with the rate), date and channel, and the reasons in words; the
page fits the window and raises no error; an account opens with its money and a Sankey of its flows.
Screenshots: test-artifacts/money-alert-*.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from crossroute.ingest.finance import ingest_finance
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.api.served import PASSWORD, Served, serve
from tests.finance.builders import Network, background
from tests.web.conftest import log_in, page, shot
from tests.web.test_every_view import overflow, settle

__all__ = ["page"]
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("money-alert-web")
    net = Network()
    background(net, [f"P{i}" for i in range(5)], "EMPLOYER", "LANDLORD")
    net.account("ORIGIN-TRADING-LTD", "GB", "business")
    net.account("SHELL-ONE", "AE", "business")
    net.account("SHELL-TWO", "TR", "business")
    net.pay(10, "ORIGIN-TRADING-LTD", "SHELL-ONE", 50_000)
    net.pay(13, "SHELL-ONE", "SHELL-TWO", 41_000)  # in pounds, below
    net.pay(16, "SHELL-TWO", "ORIGIN-TRADING-LTD", 48_000)
    for day in range(4):
        net.pay(20 + day, None, "P2", 9_200 + 100 * day)
    net.rows[-6][5] = "GBP"  # SHELL-ONE -> SHELL-TWO: GBP 41,000 (about EUR 49,000 in March 2025)
    accounts, txns = net.write(folder / "files")
    with Workspace.create(folder / "ws") as ws:
        ingest_finance(ws, accounts, agency="UK-NCA")
        ingest_finance(ws, txns, agency="UK-NCA")
        root = create_first_admin(ws, "root", "UK-NCA", PASSWORD)
        add_user(ws, root, "anna", "UK-NCA", Role.ANALYST, PASSWORD)
    with serve(folder / "ws") as running:
        yield running


def on_screen(tab: Page, selector: str) -> bool:
    """The element is shown and lies within the window's width."""
    box = tab.locator(selector).first.bounding_box()
    width = int(tab.evaluate("() => document.documentElement.clientWidth"))
    return (
        box is not None
        and box["width"] > 0
        and box["height"] > 0
        and box["x"] + box["width"] <= width
    )


def test_an_alert_shows_its_subgraph_amounts_dates_and_reasons(
    served: Served, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    log_in(tab, served.url, "OP-MONEY: round trips")
    tab.goto(served.url + "/#/money")
    tab.wait_for_selector("#alerts .alert-row")
    tab.click("#alerts >> text=round trip >> xpath=.. >> a")
    tab.wait_for_selector("#alert-payments tbody tr")
    settle(tab)
    head = tab.inner_text(".alert-head")
    assert (
        "Round trip" in head
        and "3 payments, the largest €50,000" in head
        and "2025-03-11 09:00 to 2025-03-17 09:00" in head
    )
    rows = tab.locator("#alert-payments tbody tr").all_inner_texts()
    assert len(rows) == 3
    assert "2025-03-11 09:00" in rows[0] and "50,000.00 EUR" in rows[0] and "€50,000" in rows[0]
    assert "41,000.00 GBP" in rows[1] and "€48,9" in rows[1] and "GBP/EUR (2025-03)" in rows[1]
    assert "ORIGIN-TRADING-LTD" in rows[0] and "SHELL-ONE" in rows[0]
    why = tab.inner_text("#alert-why")
    assert "longest" in why and "returned" in why and "€48,000" in why
    accounts = tab.inner_text("#alert-accounts")
    assert "AE" in accounts and "business" in accounts
    assert tab.locator("#alert-graph canvas").count() > 0
    for selector in ("#alert-graph", "#alert-why", "#alert-payments", ".alert-head"):
        assert on_screen(tab, selector), selector
    assert overflow(tab) == 0
    shot(tab, "money-alert-round-trip")
    tab.click("#alert-payments >> text=SHELL-ONE")
    tab.wait_for_selector("#money-account .sankey path", state="attached")
    settle(tab)
    assert "No person you may see" in tab.inner_text("#account-holders")
    totals = tab.inner_text(".money-totals")
    assert "€50,000" in totals and "41,000.00 GBP" in totals
    assert tab.locator("#money-account .sankey rect").count() == 3  # sender, account, recipient
    assert overflow(tab) == 0
    shot(tab, "money-alert-account")
    tab.goto(served.url + "/#/money-account/LANDLORD")  # money in only: still drawn in the middle
    tab.wait_for_selector("#money-account .sankey rect")
    settle(tab)
    middle = tab.evaluate(
        "() => [...document.querySelectorAll('#money-account .sankey rect')]"
        ".filter((r) => r.getAttribute('fill') === '#1f4e79').map((r) => +r.getAttribute('x'))"
    )
    assert middle and all(300 < x < 700 for x in middle), middle
    assert errors == []
    assert outside == []
