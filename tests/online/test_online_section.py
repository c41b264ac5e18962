"""The briefing's online section: nothing without adverts; adverts in their script, escaped, with the
persons and groups they tie to."""

from __future__ import annotations

from crossroute.analysis.online.links import AdvertLinks, Person
from crossroute.analysis.online.stored import StoredPost
from crossroute.report.online_section import OnlineSection, render


def test_no_section_without_adverts() -> None:
    assert render(None) == ""


def test_adverts_are_shown_in_their_script_and_escaped() -> None:
    post = StoredPost(
        "a1", "Telegram", "رحلات آمنة <b>", "0" * 64, "", "", "", True, 0.91, "ar",
        ("+9647801234567",), ("2500 EUR",), ("United Kingdom",),
    )  # fmt: skip
    tied = AdvertLinks(post, ["phone:+9647801234567"], [Person("Karwan", ["+9647801234567"], 4)])
    html = render(OnlineSection(3, [tied]))
    assert "<h2>Online adverts</h2>" in html and "3 adverts" in html
    assert "<td dir='auto'>رحلات آمنة &lt;b&gt;</td>" in html
    assert "Karwan (group 4)" in html and "+9647801234567" in html
