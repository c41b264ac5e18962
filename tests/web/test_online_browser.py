"""The online queue in real Chromium: posts triaged through the API, an Arabic advert shown right to left
in its script, a repost folded; screenshot to test-artifacts/online-queue.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.api.served import Served
from tests.web.conftest import log_in, shot

POSTS = "\n".join(
    (
        "a1\tTelegram\tرحلات آمنة إلى بريطانيا بقارب جديد، السعر ٢٥٠٠ يورو، الدفع بعد الوصول. واتساب +964 780 123 4567",
        "a2\tTikTok\tرحلات آمنة إلى بريطانيا بقارب جديد 🇬🇧، السعر ٢٥٠٠ يورو، الدفع بعد الوصول!! واتساب +964 780 765 4321",
        "e1\tFacebook\tSafe crossing to UK this week, good boat, £2,000 per person, pay after arrival. WhatsApp +44 7911 456789",
        "n1\tFacebook\tFive people drowned off Wimereux last night, the French coastguard said.",
    )
)


@pytest.mark.browser
def test_the_queue_shows_an_arabic_advert_right_to_left(
    web_server: Served, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    log_in(tab, web_server.url)
    tab.goto(web_server.url + "/#/online")
    tab.wait_for_selector("#online-posts")
    tab.fill("#online-posts", POSTS)
    tab.click("#online-submit")
    tab.wait_for_selector("#online-queue .advert")
    ids = tab.eval_on_selector_all("#online-queue .advert", "els => els.map(e => e.id)")
    assert len(ids) == 2 and "advert-n1" not in ids
    arabic = tab.locator("#online-queue .advert:has(p[lang=ar])").first
    text = arabic.locator("p.advert-text")
    assert text.get_attribute("dir") == "rtl"
    assert text.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "بريطانيا" in text.inner_text()
    assert "Reposts: a" in arabic.inner_text()
    assert "+96478" in tab.inner_text("#online-queue")
    shot(tab, "online-queue")
    assert not errors and not outside
