"""The ports view in real Chromium: the per-port dashboard (displacement chart, flagged shift) without a
page error or horizontal overflow; the insider panel for the analyst the policy names, and not even an
empty panel for another analyst."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from crossroute.sharing import lists
from crossroute.sharing.users import get_user, set_password
from crossroute.store import Workspace
from tests.api.served import PASSWORD, serve
from tests.ports.insiders_case import build
from tests.ports.test_displacement import rows
from tests.web.conftest import page, shot

__all__ = ["page"]  # the Chromium page fixture, shared with tests/web


def _log_in(tab: Page, url: str, user: str) -> None:
    if not tab.locator("#login-user").count():
        tab.goto(url + "/")
    tab.wait_for_selector("#login-user")
    tab.fill("#login-user", user)
    tab.fill("#login-password", PASSWORD)
    tab.click("#login-submit")
    tab.wait_for_selector("#q")
    tab.fill("#purpose", "OP-QUAY: port insiders and displaced traffic")


def _overflow(tab: Page) -> int:
    return int(
        tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


@pytest.mark.browser
def test_dashboard_and_insider_panel(tmp_path: Path, page: tuple[Page, list[str]]) -> None:
    ws_path = build(tmp_path)
    with Workspace.open(ws_path) as ws, ws.staged({"incoming": rows(["1", "2", "3"], 1, True)}):
        ws.db.execute(
            "INSERT INTO ports.declarations (declaration_id, date, office, importer, origin, "
            "departure, transshipment, fraud, critical_fraud, source_file, loaded_at) "
            "SELECT declaration_id, date::DATE, office, importer, origin, departure, transshipment, "
            "fraud, critical_fraud, 'test', current_timestamp FROM incoming"
        )
        root = get_user(ws, "root")
        for name in ("anna", "carl"):
            set_password(ws, root, name, PASSWORD)
        lists.name_readers(ws, get_user(ws, "sam"), "insiders", ["anna"], "OP-QUAY: restrict")
    tab, outside = page
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    with serve(ws_path) as running:
        _log_in(tab, running.url, "anna")
        tab.goto(running.url + "/#/ports")
        tab.wait_for_selector("#displacement-chart polyline")
        tab.wait_for_selector("#insiders-table")
        assert "2020-10" in tab.inner_text("#displacement-shifts")
        assert "Jan Peeters" in tab.inner_text("#ports-insiders")
        assert "Kurt" not in tab.inner_text("#ports-insiders")  # red payment: not hers to see
        assert _overflow(tab) <= 0
        shot(tab, "ports-3-dashboard-and-insiders")
        tab.click("#logout")
        tab.wait_for_selector("#login-user")
        _log_in(tab, running.url, "carl")
        tab.goto(running.url + "/#/ports")
        tab.wait_for_selector("#displacement-chart polyline")
        tab.wait_for_timeout(500)  # the access check has answered
        assert tab.locator("#ports-insiders").is_hidden()
        assert "Jan Peeters" not in tab.inner_text("#view")
        assert _overflow(tab) <= 0
        shot(tab, "ports-4-dashboard-no-insiders")
    assert not errors and not outside
