"""The adverts an agency kept, in real Chromium: the kept queue with an Arabic advert right to left and its
repost folded, one advert's page with its reposts and the person and group it ties to, the group's page
listing the advert, and the disruption simulator naming it as left without a live number. Screenshots
test-artifacts/online-kept-queue.png and online-advert.png."""

from __future__ import annotations

import csv
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page
from typer.testing import CliRunner

from crossroute.api.app import create_app
from crossroute.cli.app import app
from tests.api.served import Served, serve, served_copy
from tests.online.test_kept_api import TestClient, member_with_phone, sole_phones
from tests.web.conftest import log_in, shot
from tests.web.test_every_view import settle

pytestmark = pytest.mark.browser
PURPOSE = "OP-TEST: online adverts"
ARABIC = "رحلات آمنة إلى بريطانيا بقارب جديد، السعر ٢٥٠٠ يورو، الدفع بعد الوصول. واتساب"


@pytest.fixture(scope="module")
def kept_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str]]:
    ws = served_copy(tmp_path_factory, "web-kept")
    sole = sole_phones(ws)
    with TestClient(create_app(ws, web=False)) as client:
        person, _, phone = member_with_phone(client, sole)
    posts = ws.parent / "posts.csv"
    with posts.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(("post_id", "platform", "text"))
        writer.writerow(("a1", "Telegram", f"{ARABIC} {phone}"))
        writer.writerow(("a1r", "TikTok", f"{ARABIC} 🇬🇧!! {phone}"))
        writer.writerow(("n1", "Facebook", "Five people drowned off Wimereux last night."))
    args = ["online", "triage", str(posts), "--out", str(ws.parent / "out.csv"), "--workspace", str(ws), "--user", "anna", "--purpose", PURPOSE]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    with serve(ws) as running:
        yield running, person


def test_kept_adverts_in_the_queue_the_advert_page_the_group_and_the_simulator(
    kept_server: tuple[Served, str], page: tuple[Page, list[str]]
) -> None:
    server, person = kept_server
    tab, outside = page
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    log_in(tab, server.url, PURPOSE)
    tab.goto(server.url + "/#/online")
    settle(tab)
    card = tab.locator("#online-kept .advert").first
    text = card.locator("p.advert-text")
    assert text.get_attribute("dir") == "rtl" and "بريطانيا" in text.inner_text()
    assert text.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "Reposts: a1r" in card.inner_text()
    shot(tab, "online-kept-queue")
    tab.goto(server.url + "/#/advert/a1r")
    settle(tab)
    assert "Advert a1" in tab.inner_text("h1")
    assert "a1r" in tab.inner_text("#advert-reposts")
    ties = tab.locator(".advert .ties").inner_text()
    assert "via +" in ties
    shot(tab, "online-advert")
    group = tab.locator(".advert .ties a").first.get_attribute("href")
    if group:  # the person is whole to anna: their group's page lists the advert
        tab.goto(server.url + "/" + group)
        settle(tab)
        assert "a1" in tab.inner_text("#group-adverts")
    tab.goto(server.url + "/#/disruption?remove=" + person.split(":", 1)[1])
    settle(tab)
    assert "a1" in tab.inner_text("#adverts-cut")
    assert not errors and not outside
