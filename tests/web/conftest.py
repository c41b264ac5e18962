"""A real `crossroute serve` with the web UI, and pages of Debian's Chromium (driven by Playwright) whose
requests must all stay on loopback; screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, sync_playwright

from tests.api.served import PASSWORD, Served, serve, served_copy

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(served_copy(tmp_path_factory, "web")) as running:
        yield running


@pytest.fixture
def page() -> Iterator[tuple[Page, list[str]]]:
    """A page in headless Chromium; the second item lists requests that left loopback (aborted)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium")
    outside: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(
            viewport={"width": 1400, "height": 900}, accept_downloads=True
        )
        context.route("**/*", guard)
        tab = context.new_page()
        tab.set_default_timeout(90_000)  # a loaded 2-core CI machine
        yield tab, outside
        context.close()
        browser.close()


def shot(page: Page, name: str) -> None:
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def log_in(tab: Page, url: str, purpose: str | None = None) -> None:
    """Log in as the analyst anna, and state a purpose unless none is given."""
    tab.goto(url + "/")
    tab.fill("#login-user", "anna")
    tab.fill("#login-password", PASSWORD)
    tab.click("#login-submit")
    tab.wait_for_selector("#q")
    if purpose:
        tab.fill("#purpose", purpose)
