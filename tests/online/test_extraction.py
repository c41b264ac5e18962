"""Language, phones, prices and places of posts in the languages referral units read."""

from __future__ import annotations

import pytest

from crossroute.analysis.online.extract import extract
from crossroute.analysis.online.language import detect_language
from crossroute.analysis.online.normalise import normalise
from crossroute.analysis.online.prices import find_prices


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("گەشتی سەلامەت بۆ بەریتانیا، پارەدان دوای گەیشتن", "ckb"),
        ("سفر امن به انگلیس، پرداخت بعد از رسیدن", "fa"),
        ("انګلستان ته خوندي سفر، پیسې د رسیدو وروسته", "ps"),
        ("رحلات آمنة إلى بريطانيا، الدفع بعد الوصول", "ar"),
        ("برطانیہ کا محفوظ سفر، ادائیگی پہنچنے کے بعد", "ur"),
        ("Rêwîtiya ewle bo Brîtanyayê, pere piştî gihîştinê", "kmr"),
        ("İngiltere'ye güvenli yolculuk, ödeme vardıktan sonra", "tr"),
        ("Udhëtim i sigurt për në Angli, pagesa pas mbërritjes", "sq"),
        ("Đi Anh an toàn, đến nơi mới trả tiền", "vi"),
        ("ብሰላም ናብ ዓዲ እንግሊዝ ጉዕዞ፣ ክፍሊት ምስ በጻሕኩም", "ti"),
        ("ወደ እንግሊዝ በሰላም ጉዞ፣ ክፍያ ከደረሱ በኋላ", "am"),
        ("Safe trip to the UK, pay after arrival", "en"),
        ("Passage sûr vers l'Angleterre, paiement à l'arrivée", "fr"),
    ],
)
def test_language_of_each_listed_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_normalisation_folds_letters_digits_and_marks() -> None:
    assert normalise("كيف ٠٧٥٠ ۱۲۳ می\u200cروم ـــ") == "کیف 0750 123 می روم "


@pytest.mark.parametrize(
    ("text", "prices"),
    [
        ("only £2,500 per person", ["2500 GBP"]),
        ("2.5k euro", ["2500 EUR"]),
        ("1.500 € par personne", ["1500 EUR"]),
        ("٣ آلاف يورو", ["3000 EUR"]),
        ("قیمت ۲۸۰۰ یورو", ["2800 EUR"]),
        ("£11.44 per hour", ["11.44 GBP"]),
        ("4 bin euro", ["4000 EUR"]),
        ("2000 ፓውንድ ጥራይ", ["2000 GBP"]),
        ("100% garanti, 40 CV", []),
    ],
)
def test_prices_with_currency(text: str, prices: list[str]) -> None:
    assert [p for p, _ in find_prices(normalise(text))] == prices


@pytest.mark.parametrize(
    ("text", "language", "phones"),
    [
        ("WhatsApp +44 7911 456789", None, ["+447911456789"]),
        ("call 07700 900321 now", "en", ["+447700900321"]),  # a drama number, as fiction uses
        ("واتس ٠٠٩٦٤ ٧٨٠ ١٢٣ ٤٥٦٧", None, ["+9647801234567"]),
        ("پەیوەندی ٠٧٥٠ ١١١ ٢٢٣٣", None, ["+9647501112233"]),  # national, Sorani: Iraq
        ("Zalo 0912 345 678", "vi", ["+84912345678"]),
        ("prix 1500, appelez 06 98 76 54 32", "fr", ["+33698765432"]),
        ("born 12.05.1990, 2500 euro", "en", []),
    ],
)
def test_phones_in_e164(text: str, language: str | None, phones: list[str]) -> None:
    assert list(extract(text, language).phones) == phones


def test_places_in_english_from_any_language() -> None:
    assert extract("بەلەم لە دونکێرکەوە بۆ بەریتانیا").places == ("Dunkirk", "United Kingdom")
    assert extract("Rêwîtiya ewle bo Brîtanyayê ji Calaisê").places == ("United Kingdom", "Calais")
    assert extract("Đi Anh an toàn, anh trai tôi").places == ("United Kingdom",)


def test_handles_and_links() -> None:
    found = extract("DM @safe_trip_uk or https://t.me/safetrip now")
    assert found.handles == ("@safe_trip_uk",)
    assert found.links == ("https://t.me/safetrip",)


@pytest.mark.parametrize(
    ("text", "language", "phones"),
    [
        ("+44 7911 123456 / +44 7911 654321", "en", ["+447911123456", "+447911654321"]),
        ("07911 123456 07911 654321", "en", ["+447911123456", "+447911654321"]),
        ("Tel: 0750 111 2233 - 0770 444 5566", "ckb", ["+9647501112233", "+9647704445566"]),
        ("2500 07700 900123", "en", ["+447700900123"]),
        ("06 12 34 56 78", "en", ["+33612345678"]),  # not a UK number: France's mobiles
    ],
)
def test_several_numbers_in_one_run_of_digits(text: str, language: str, phones: list[str]) -> None:
    assert list(extract(text, language).phones) == phones


@pytest.mark.parametrize(
    ("text", "language", "phones"),
    [
        # A national number in an English post that names Erbil: Iraq (the places), not Britain (the language).
        ("I am in Erbil, call 07501234567", "en", ["+9647501234567"]),
        ("Contact 0750 123 4567, I am in Erbil", "en", ["+9647501234567"]),
        # The places first, in the order named: a French mobile in a Sorani post naming Calais.
        ("لە کالێ، پەیوەندی 06 12 34 56 78", "ckb", ["+33612345678"]),
        # Valid in both countries named: the grouping the writer used decides ('07501 112233' is British).
        ("From Erbil to London, call 07501 112233", "en", ["+447501112233"]),
        ("From London to Erbil, call 0750 111 2233", "en", ["+9647501112233"]),
        # A mobile there beats a landline of a place named first (07501 is a German area code).
        ("بۆ ئەڵمانیا، ٠٧٥٠ ١١١ ٢٢٣٣", "ckb", ["+9647501112233"]),
        # No place named: the language is the last hint.
        ("call 07501 112233", "en", ["+447501112233"]),
        # A place named beats a grouping common to many countries (Sudan writes '091 222 3344' too).
        ("من زوارة، اتصل 091 222 3344", "ar", ["+218912223344"]),
        # A landline in the language's first country beats a mobile in its second (Sudan's 011).
        ("የጉዞ ወኪል 011 667 7889", "am", ["+251116677889"]),
        # A grouping as particular as Turkey's beats a destination named and a landline elsewhere.
        ("Almanya vizesi için 0212 555 66 77", "tr", ["+902125556677"]),
        ("یونان ته کښتۍ ۰۵۳۳ ۹۸۷ ۶۵ ۴۳", "ps", ["+905339876543"]),
    ],
)
def test_national_numbers_placed_by_places_before_language(
    text: str, language: str, phones: list[str]
) -> None:
    assert list(extract(text, language).phones) == phones


@pytest.mark.parametrize(
    ("text", "prices"),
    [
        ("Prix: deux mille cinq cents livres", ["2500 GBP"]),
        ("Three thousand pounds, half now", ["3000 GBP"]),
        ("ألفين وخمسمية دولار", ["2500 USD"]),
        ("دوو هەزار و پێنج سەد پاوەند", ["2500 GBP"]),
        ("çmimi dy mijë e pesëqind paund", ["2500 GBP"]),
        ("ዋጋ አራት ሺህ ዶላር", ["4000 USD"]),
        ("üç bin sterlin", ["3000 GBP"]),
        ("صرف ۸ لاکھ روپے", ["800000 PKR"]),  # lakh: a hundred thousand
        ("۴۵۰ ډالرو څخه", ["450 USD"]),  # Pashto oblique plural
        ("Bihayê 2500 sterlîn", ["2500 GBP"]),
    ],
)
def test_prices_in_words_lakhs_and_inflected_currencies(text: str, prices: list[str]) -> None:
    assert list(extract(text).prices) == prices


def test_a_dinar_is_placed_by_the_countries_named() -> None:
    assert extract("السعر ١٢ ألف دينار، طرابلس").prices == ("12000 LYD",)
    assert extract("حجز مبلغ ٢٠ ألف دينار في صفاقس").prices == ("20000 TND",)
    assert extract("مووچە ٥٠٠ هەزار دینار لە هەولێر").prices == ("500000 IQD",)


def test_french_with_e_circumflex_is_not_kurmanji() -> None:
    text = "À vendre: barque de pêche avec moteur 25 CV, idéale pour la pêche en mer. 3200 €."
    assert detect_language(text) == "fr"
