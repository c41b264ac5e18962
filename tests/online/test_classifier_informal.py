"""Informal adverts (no punctuation, lower case) read as the punctuated ones do."""

from __future__ import annotations

from crossroute.analysis.online.classifier import unpunctuated, with_informal_copies
from crossroute.analysis.online.posts import Post
from crossroute.analysis.online.triage import triage_batch


def test_unpunctuated_drops_punctuation_of_every_script_and_keeps_the_markers() -> None:
    text = "uk this week, safe boat,  ¤  only!! call  ☎ 🇬🇧 l'angleterre ؟ ، ። ፣"
    assert unpunctuated(text) == "uk this week safe boat ¤ only call ☎ 🇬🇧 l angleterre"


def test_only_punctuated_posts_get_an_informal_copy() -> None:
    texts, labels = with_informal_copies(["uk, boat  ☎", "no  punctuation here"], [True, False])
    assert texts == ["uk, boat  ☎", "no  punctuation here", "uk boat ☎"]
    assert labels == [True, False, True]


def test_the_reported_unpunctuated_advert_is_an_advert() -> None:
    """User's defect: the advert without commas scored 0.274 against 0.65 with them."""
    text = "Crossing to UK safe boat 1500€ only call +33 6 12 34 56 78"
    (result,) = triage_batch([Post("i1", "test", text)])
    assert result.is_ad
    assert result.extraction.prices == ("1500 EUR",)
