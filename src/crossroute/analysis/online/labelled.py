"""The labelled posts the advert classifier learns from: the hand-written set (`data/labelled_posts.txt`,
templates with {phone} and {price}) filled in deterministically, plus the simulator's advert texts."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from crossroute.simulate.adverts import ENGLISH, TEXTS


@dataclass(frozen=True)
class LabelledPost:
    text: str
    language: str
    is_ad: bool
    kind: str
    template: str  # posts filled from one template share it (grouped cross-validation)


# Fictional numbers in each language's country, international and national forms.
_PHONES: dict[str, tuple[str, ...]] = {
    "ckb": ("+964 750 {a} {b}", "0770 {a} {b}", "00964 751 {a}{b}"),
    "kmr": ("+90 532 {a} {b}", "0544 {a} {b}", "+964 750 {a} {b}"),
    "fa": ("+98 912 {a} {b}", "0935 {a} {b}", "+90 555 {a} {b}"),
    "ps": ("+93 70 {a} {b}", "0799 {a} {b}", "+92 300 {a}{b}"),
    "ar": ("+964 780 {a} {b}", "+218 91 {a} {b}", "0944 {a} {b}"),
    "sq": ("+355 69 {a} {b}", "069 {a} {b}", "+44 7911 {a}{b}"),
    "vi": ("+84 912 {a} {b}", "0988 {a} {b}", "+44 7423 {a}{b}"),
    "tr": ("+90 532 {a} {b}", "0555 {a} {b}", "+44 7700 900{a}"),
    "ur": ("+92 300 {a}{b}", "0321 {a}{b}", "+44 7520 {a}{b}"),
    "ti": ("+291 7 {a} {b}", "+218 92 {a} {b}", "+251 91 {a} {b}"),
    "am": ("+251 91 {a} {b}", "0911 {a} {b}", "+249 91 {a} {b}"),
    "en": ("+44 7911 {a}{b}", "07700 900{a}", "+33 6 {a} {b}"),
    "fr": ("+33 6 {a} {b}", "06 {a} {b}", "+44 7700 900{a}"),
}
_PRICES: dict[str, tuple[str, ...]] = {
    "ckb": ("{n} یۆرۆ", "{n} پاوەند", "{n} دۆلار", "€{n}", "£{n}"),
    "kmr": ("{n} euro", "{n} pound", "{n} dolar", "€{n}", "£{n}"),
    "fa": ("{n} یورو", "{n} پوند", "{n} دلار", "€{n}", "£{n}"),
    "ps": ("{n} یورو", "{n} پونډه", "{n} ډالر", "€{n}", "£{n}"),
    "ar": ("{n} يورو", "{n} باوند", "{n} دولار", "€{n}", "£{n}"),
    "sq": ("{n} euro", "{n} paund", "{n} dollarë", "€{n}", "£{n}"),
    "vi": ("{n} euro", "{n} bảng", "{n} đô", "€{n}", "£{n}"),
    "tr": ("{n} euro", "{n} sterlin", "{n} dolar", "€{n}", "£{n}"),
    "ur": ("{n} یورو", "{n} پاؤنڈ", "{n} ڈالر", "€{n}", "£{n}"),
    "ti": ("{n} ዩሮ", "{n} ፓውንድ", "{n} ዶላር", "€{n}", "${n}"),
    "am": ("{n} ዩሮ", "{n} ፓውንድ", "{n} ዶላር", "€{n}", "${n}"),
    "en": ("£{n}", "€{n}", "{n} pounds", "{n} euros", "${n}", "{n}€"),
    "fr": ("{n} €", "{n} euros", "{n} livres", "£{n}", "{n} dollars", "{n}€"),
}


# The hand-written sets: the first, a second in other registers (terse, channel and group posts,
# Arabizi and Finglish, mixed languages) written later by another hand, and a third (terse offers, warnings in
# an advert's own words) written after the fresh evaluation set was frozen, and a fourth of informal posts (lower
# case, no punctuation, transliterations) written after the informal evaluation set was frozen.
HAND_WRITTEN = (
    "labelled_posts.txt",
    "labelled_posts_varied.txt",
    "labelled_posts_third.txt",
    "labelled_posts_informal.txt",
)


def _hand_written(
    names: tuple[str, ...] = HAND_WRITTEN,
) -> Iterator[tuple[str, str, bool, str, str]]:
    for name in names:
        text = resources.files("crossroute.analysis.online").joinpath("data", name)
        for number, line in enumerate(text.read_text("utf-8").splitlines()):
            if not line.strip() or line.startswith("#"):
                continue
            language, label, kind, body = (part.strip() for part in line.split("|", 3))
            tag = "hand" if name == HAND_WRITTEN[0] else f"hand:{name.removesuffix('.txt')}"
            yield body, language, label == "1", kind, f"{tag}:{number}"


def _simulator() -> Iterator[tuple[str, str, bool, str, str]]:
    for key, (language, body) in (*TEXTS.items(), ("english", ENGLISH)):
        yield body.replace(" {currency}", ""), language, True, "crossing", f"sim:{key}"


def _fill(template: str, language: str, rng: random.Random) -> str:
    price_form = rng.choice(_PRICES.get(language, _PRICES["en"]))
    amount = rng.choice((1200, 1500, 1800, 2000, 2500, 3000, 3500, 4000, 5500, 8000))
    written = f"{amount:,}" if rng.random() < 0.3 else str(amount)
    phone = rng.choice(_PHONES.get(language, _PHONES["en"])).format(
        a=rng.randrange(100, 999), b=rng.randrange(1000, 9999)
    )
    return template.replace("{price}", price_form.format(n=written)).replace("{phone}", phone)


def labelled_posts(
    copies: int = 3, seed: int = 15, files: tuple[str, ...] = HAND_WRITTEN
) -> list[LabelledPost]:
    """Every template filled `copies` times (fixed seed: the same set on every machine)."""
    rng = random.Random(seed)
    posts: list[LabelledPost] = []
    for body, language, is_ad, kind, template in (*_hand_written(files), *_simulator()):
        for _ in range(copies):
            posts.append(LabelledPost(_fill(body, language, rng), language, is_ad, kind, template))
    return posts
