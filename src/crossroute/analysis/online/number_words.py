"""Amounts written in words in the post languages ('three thousand', 'deux mille cinq cents', 'ألفين',
'سه هزار', 'dy mijë e pesëqind', 'አራት ሺህ'): a pattern that finds a run of number words and its value.
Units to ten, a few tens, hundreds, thousands, lakhs and millions; enough for the prices adverts quote."""

from __future__ import annotations

import re
from functools import lru_cache

from crossroute.analysis.online.normalise import normalise

# Word -> value. Values of 100 and more multiply what precedes them (a scale); smaller ones add.
_UNITS: dict[int, tuple[str, ...]] = {
    1: ("one", "un", "une", "واحد", "یک", "یو", "یەک", "yek", "ایک", "një", "một", "ሓደ", "አንድ"),
    2: (
        "two",
        "deux",
        "اثنین",
        "اثنان",
        "دو",
        "دوه",
        "دوو",
        "du",
        "iki",
        "dy",
        "hai",
        "ክልተ",
        "ሁለት",
    ),
    3: (
        "three",
        "trois",
        "ثلاث",
        "ثلاثة",
        "سه",
        "درې",
        "سێ",
        "sê",
        "üç",
        "تین",
        "tre",
        "ba",
        "ሰለስተ",
        "ሶስት",
        "ሦስት",
    ),
    4: (
        "four",
        "quatre",
        "أربع",
        "أربعة",
        "اربعة",
        "چهار",
        "څلور",
        "چوار",
        "çar",
        "dört",
        "چار",
        "katër",
        "bốn",
        "ኣርባዕተ",
        "አራት",
    ),
    5: (
        "five",
        "cinq",
        "خمس",
        "خمسة",
        "پنج",
        "پنځه",
        "پێنج",
        "pênc",
        "beş",
        "پانچ",
        "pesë",
        "ሓሙሽተ",
        "አምስት",
    ),
    6: (
        "six",
        "ست",
        "ستة",
        "شش",
        "شپږ",
        "شەش",
        "şeş",
        "altı",
        "چھ",
        "gjashtë",
        "sáu",
        "ሽዱሽተ",
        "ስድስት",
    ),
    7: (
        "seven",
        "sept",
        "سبع",
        "سبعة",
        "هفت",
        "اووه",
        "حەوت",
        "heft",
        "yedi",
        "سات",
        "shtatë",
        "bảy",
        "ሸውዓተ",
        "ሾብዓተ",
        "ሰባት",
    ),
    8: (
        "eight",
        "huit",
        "ثمان",
        "ثمانیة",
        "هشت",
        "اته",
        "هەشت",
        "heşt",
        "sekiz",
        "آٹھ",
        "tetë",
        "tám",
        "ሸሞንተ",
        "ስምንት",
    ),
    9: (
        "nine",
        "neuf",
        "تسع",
        "تسعة",
        "نه",
        "نهه",
        "نۆ",
        "neh",
        "dokuz",
        "نو",
        "nëntë",
        "chín",
        "ትሽዓተ",
        "ዘጠኝ",
    ),
    10: (
        "ten",
        "dix",
        "عشر",
        "عشرة",
        "ده",
        "لس",
        "دە",
        "deh",
        "دس",
        "dhjetë",
        "mười",
        "ዓሰርተ",
        "አስር",
    ),
    20: (
        "twenty",
        "vingt",
        "عشرین",
        "بیست",
        "شل",
        "بیست",
        "bîst",
        "yirmi",
        "بیس",
        "njëzet",
        "ዕስራ",
        "ሃያ",
    ),
    30: ("thirty", "trente", "ثلاثین", "سی", "دېرش", "سی", "sî", "otuz", "تیس", "tridhjetë", "ሰላሳ"),
    50: (
        "fifty",
        "cinquante",
        "خمسین",
        "پنجاه",
        "پنځوس",
        "پەنجا",
        "pêncî",
        "elli",
        "پچاس",
        "pesëdhjetë",
        "ሓምሳ",
        "ሃምሳ",
    ),
    200: ("مئتین", "مئتان", "میتین", "دویست", "dyqind"),
    300: ("سیصد", "treqind"),
    400: ("چهارصد", "katërqind"),
    500: ("پانصد", "خمسمئة", "خمسمیة", "pesëqind"),
    600: ("gjashtëqind",),
    700: ("هفتصد", "shtatëqind"),
    800: ("هشتصد", "tetëqind"),
    900: ("نهصد", "nëntëqind"),
    2000: ("ألفین", "الفین", "ألفان"),
}
_SCALES: dict[int, tuple[str, ...]] = {
    100: (
        "hundred",
        "cent",
        "cents",
        "مئة",
        "مائة",
        "میة",
        "صد",
        "سل",
        "سەد",
        "sed",
        "yüz",
        "سو",
        "qind",
        "njëqind",
        "trăm",
        "ሚእቲ",
        "መቶ",
    ),
    1000: (
        "thousand",
        "mille",
        "ألف",
        "الف",
        "آلاف",
        "هزار",
        "زره",
        "هەزار",
        "hezar",
        "bin",
        "ہزار",
        "mijë",
        "nghìn",
        "ngàn",
        "ሽሕ",
        "ሺህ",
        "ሺ",
    ),
    100_000: ("lakh", "lakhs", "lac", "لاکھ", "لاکه"),
    1_000_000: (
        "million",
        "millions",
        "ملیون",
        "میلیون",
        "milyon",
        "ملین",
        "milion",
        "triệu",
        "ሚልዮን",
        "ሚሊዮን",
    ),
}
_AND = ("and", "et", "و", "û", "e", "va", "ve", "ና")


@lru_cache(maxsize=1)
def _values() -> dict[str, int]:
    """Every number word in its normalised, lower-case form with its value."""
    words: dict[str, int] = {}
    for value, names in (*_UNITS.items(), *_SCALES.items()):
        for name in names:
            words[normalise(name).lower()] = value
    return words


@lru_cache(maxsize=1)
def words_pattern() -> str:
    """A regex (no groups) for a run of number words: words joined by spaces, hyphens or 'and'; an
    Arabic-script word may carry the conjunction و as a prefix."""
    alternatives = "|".join(re.escape(w) for w in sorted(_values(), key=len, reverse=True))
    conjunctions = "|".join(re.escape(normalise(w)) for w in _AND)
    word = rf"(?<![^\W\d_])(?:و)?(?:{alternatives})(?![^\W\d_])"
    return rf"{word}(?:(?:\s+(?:{conjunctions})\s+|[\s-]+){word})*"


def words_value(run: str) -> int | None:
    """The value of a run of number words ('deux mille cinq cents' -> 2500), None if it is none."""
    values = _values()
    total = current = 0
    seen = False
    for token in re.findall(r"[^\W\d_]+", run.lower()):
        value = values.get(token)
        if value is None and token.startswith("و"):
            value = values.get(token[1:])
        if value is None:
            continue
        seen = True
        if value in _SCALES and value >= 1000:
            total += max(current, 1) * value
            current = 0
        elif value == 100:
            current = max(current, 1) * 100
        else:
            current += value
    return total + current if seen else None
