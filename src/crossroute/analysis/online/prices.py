"""Prices with their currency: symbols (£ € $), codes and each language's words for euro, pound and dollar,
thousands written 'k' or as a word, to `AMOUNT CUR` (the amount an integer when whole)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from crossroute.analysis.online.number_words import words_pattern, words_value

# Currency words as they appear in normalised text (Arabic yeh/kaf folded to Persian forms), lower case.
_CURRENCY_WORDS: dict[str, tuple[str, ...]] = {
    "EUR": (
        "€",
        "eur",
        "euros",
        "euro",
        "euroja",
        "euro'",
        "avro",
        "evro",
        "یورو",
        "یوروګانو",
        "یۆرۆ",
        "ewro",
        "yewro",
        "euroya",
        "euroyu",
        "یوورو",
        "اليورو",
        "الیورو",
        "ዩሮ",
        "ኤውሮ",
        "ዩሮ።",
    ),
    "GBP": (
        "£",
        "gbp",
        "pounds",
        "pound",
        "quid",
        "sterling",
        "livres sterling",
        "livres",
        "livre",
        "sterlin",
        "sterlîn",
        "sterlînî",
        "sterline",
        "paund",
        "sterlina",
        "sterlinë",
        "پوند",
        "پاوند",
        "پاوەند",
        "پاوهند",
        "باوند",
        "جنیه استرلینی",
        "جنیه",
        "الجنیه",
        "استرلینی",
        "پونډه",
        "پونډو",
        "پونډ",
        "پاونډه",
        "پاونډ",
        "پاؤنڈ",
        "پاونڈ",
        "bảng anh",
        "bảng",
        "ፓውንድ",
        "ፓዉንድ",
        "ፓወንድ",
    ),
    "USD": (
        "$",
        "usd",
        "us$",
        "dollars",
        "dollar",
        "dolarë",
        "dollarë",
        "dolar",
        "dolara",
        "dolarî",
        "bucks",
        "دلار",
        "دولار",
        "دۆلار",
        "ډالره",
        "ډالرو",
        "دولارات",
        "ډالر",
        "ڈالر",
        "đô la",
        "đô",
        "ዶላር",
    ),
    "TRY": ("₺", "tl", "türk lirası", "lira"),
    "VND": ("₫", "vnđ", "vnd", "đồng"),
    "ETB": ("birr", "ብር"),
    "ERN": ("nakfa", "ናቕፋ"),
    "PKR": ("rupees", "روپے", "روپیہ"),
    "DINAR": ("دینار", "dinar", "dinars", "dinarë"),  # placed by the post's countries
    "DIRHAM": ("درهم", "درہم", "dirham", "dirhams"),
    "AED": ("aed",),
    "IQD": ("iqd",),
    "LYD": ("lyd",),
    "TND": ("tnd",),
}
_THOUSAND = (
    "k",
    "bin",
    "mille",
    "hezar",
    "هزار",
    "هەزار",
    "ألف",
    "آلاف",
    "الف",
    "آلف",
    "زره",
    "ہزار",
    "mijë",
    "ngàn",
    "nghìn",
    "ሺህ",
    "ሽሕ",
    "thousand",
)
_MILLION = ("triệu", "million", "milyon", "میلیون", "ملیون", "مليون", "ملیون")
_LAKH = ("lakh", "lakhs", "lac", "لاکھ", "لاکه")
# A currency word shared by several countries, placed by the countries the post names (else the first).
_SHARED = {
    "DINAR": {
        "IQ": "IQD",
        "LY": "LYD",
        "TN": "TND",
        "JO": "JOD",
        "KW": "KWD",
        "DZ": "DZD",
        "RS": "RSD",
    },
    "DIRHAM": {"AE": "AED", "MA": "MAD"},
}
_SHARED_DEFAULT = {"DINAR": "IQD", "DIRHAM": "AED"}

_WORD_TO_CODE = {w: code for code, words in _CURRENCY_WORDS.items() for w in words}
_ALT = "|".join(re.escape(w) for w in sorted(_WORD_TO_CODE, key=len, reverse=True))
_MULT = "|".join(
    re.escape(w) for w in sorted((*_THOUSAND, *_MILLION, *_LAKH), key=len, reverse=True)
)
_NUM = r"\d{1,3}(?:[ ,.'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_LETTER_AFTER = r"(?![^\W\d_])"
_PATTERN = re.compile(
    rf"(?<![\w.,])(?:(?P<cur1>{_ALT})\s?(?P<num1>{_NUM})(?:\s?(?P<mul1>{_MULT}){_LETTER_AFTER})?"
    rf"|(?P<num2>{_NUM})(?:\s?(?P<mul2>{_MULT}){_LETTER_AFTER})?\s?(?P<cur2>{_ALT})"
    rf"(?:{_LETTER_AFTER}|(?<=[^\w])))",
    re.IGNORECASE,
)
_IN_WORDS = re.compile(
    rf"(?<![\w.,])(?P<words>{words_pattern()})\s?(?P<cur>{_ALT})(?:{_LETTER_AFTER}|(?<=[^\w]))",
    re.IGNORECASE,
)
_VND_MILLION = re.compile(rf"(?<![\w.,])(?P<num>{_NUM})\s?triệu(?!\s?(?:{_ALT}))", re.IGNORECASE)


def amount(number: str, multiplier: str | None) -> Decimal | None:
    """The amount a written number and its multiplier mean ('2.500' and '2,500' are 2500, '2.5k' 2500)."""
    text = number.replace("’", "'")
    if re.fullmatch(r"\d{1,3}(?:([ ,.'])\d{3})(?:\1\d{3})*(?:[.,]\d{1,2})?", text):
        groups = re.match(r"\d{1,3}(?:([ ,.'])\d{3})(?:\1\d{3})*", text)
        assert groups is not None
        head = re.sub(r"\D", "", groups.group(0))
        tail = text[groups.end() :]
        text = head + ("." + tail[1:] if tail else "")
        if multiplier and groups.group(1) in ",." and not tail and len(text) == 4:
            text = number.replace(",", ".")  # '2.500k' is unusual; '2,5k' handled below
    else:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if multiplier:
        lowered = multiplier.lower()
        if lowered in _MILLION:
            value *= Decimal(1_000_000)
        elif lowered in _LAKH:
            value *= Decimal(100_000)
        else:
            value *= Decimal(1000)
    return value


def _code(word: str, regions: Sequence[str]) -> str | None:
    code = _WORD_TO_CODE.get(word)
    if code in _SHARED:
        by_region = _SHARED[code]
        return next((by_region[r] for r in regions if r in by_region), _SHARED_DEFAULT[code])
    return code


def format_amount(value: Decimal) -> str:
    """An integer when whole ('2500'), else the decimal without trailing zeros ('11.5')."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def find_prices(text: str, regions: Sequence[str] = ()) -> list[tuple[str, tuple[int, int]]]:
    """Prices in normalised text as `AMOUNT CUR`, in order, once each, with their spans. `regions`: the
    countries the post names, then its language's, which place a dinar or dirham."""
    found: list[tuple[str, tuple[int, int]]] = []
    for match in _PATTERN.finditer(text):
        number = match.group("num1") or match.group("num2")
        word = (match.group("cur1") or match.group("cur2")).lower()
        value = amount(number, match.group("mul1") or match.group("mul2"))
        code = _code(word, regions)
        if value is None or code is None or value <= 0:
            continue
        found.append((f"{format_amount(value)} {code}", match.span()))
    for match in _IN_WORDS.finditer(text):
        if any(s < match.end() and match.start() < e for _, (s, e) in found):
            continue
        words = words_value(match.group("words"))
        code = _code(match.group("cur").lower(), regions)
        if words and code:
            found.append((f"{words} {code}", match.span()))
    for match in _VND_MILLION.finditer(text):
        if any(s <= match.start() < e for _, (s, e) in found):
            continue
        value = amount(match.group("num"), "triệu")
        if value:
            found.append((f"{format_amount(value)} VND", match.span()))
    unique: list[tuple[str, tuple[int, int]]] = []
    for price, span in sorted(found, key=lambda f: f[1]):
        if price not in (p for p, _ in unique):
            unique.append((price, span))
    return unique
