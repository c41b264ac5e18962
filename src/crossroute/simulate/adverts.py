"""Smugglers' adverts on social media: crossings to the UK with a price, payment on arrival and a number
to write to, in the recruiter's language."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from crossroute.simulate.events import Post
from crossroute.simulate.network import Counter
from crossroute.simulate.people import Person

PLATFORMS = ("TikTok", "Facebook", "Telegram", "Instagram")
# Language code and advert text per name pool of the recruiter; {price}, {currency}, {phone} are filled in.
TEXTS: dict[str, tuple[str, str]] = {
    "kurdish_sorani": (
        "ckb",
        "گەشتی سەلامەت بۆ بەریتانیا 🇬🇧 نرخ {price} {currency}، پارەدان دوای گەیشتن. واتسئاپ {phone}",
    ),
    "kurmanji": (
        "kmr",
        "Rêwîtiya ewle bo Brîtanyayê, biha {price} {currency}, pere piştî gihîştinê. WhatsApp {phone}",
    ),
    "arabic": (
        "ar",
        "رحلات آمنة إلى بريطانيا 🇬🇧 السعر {price} {currency}، الدفع بعد الوصول. واتساب {phone}",
    ),
    "persian": (
        "fa",
        "سفر امن به انگلیس 🇬🇧 قیمت {price} {currency}، پرداخت بعد از رسیدن. واتساپ {phone}",
    ),
    "pashto": (
        "ps",
        "انګلستان ته خوندي سفر، بیه {price} {currency}، پیسې د رسیدو وروسته. واټساپ {phone}",
    ),
    "albanian": (
        "sq",
        "Udhëtim i sigurt për në Angli 🇬🇧 {price} {currency}, pagesa pas mbërritjes. Shkruaj {phone}",
    ),
    "vietnamese": (
        "vi",
        "Đi Anh an toàn 🇬🇧 giá {price} {currency}, đến nơi mới trả tiền. Liên hệ {phone}",
    ),
}
ENGLISH = (
    "en",
    "Safe trip to UK 🇬🇧 {price} {currency}, good boat and engine, pay after arrival. WhatsApp {phone}",
)


@dataclass
class AdvertWriter:
    rng: random.Random
    ids: Counter

    def post(self, author: Person, day: date) -> Post:
        """One advert by a recruiter who has a handle (and usually a phone)."""
        rng = self.rng
        language, text = TEXTS.get(author.pool.key, ENGLISH) if rng.random() < 0.8 else ENGLISH
        phone = rng.choice(author.phones) if author.phones else None
        price = rng.randrange(1200, 3600, 100)
        currency = rng.choice(("GBP", "EUR", "GBP"))
        body = text.format(
            price=price, currency=currency, phone=phone.international if phone else "DM"
        )
        return Post(
            self.ids.next("W"),
            day,
            author,
            author.handle or "",
            rng.choice(PLATFORMS),
            body,
            language,
            price,
            currency,
            phone,
        )
