"""Countries, cleaned to ISO 3166-1 alpha-3 ("ALB").

Understands alpha-2, alpha-3 and numeric codes; country names in English, French, German, Dutch
and Albanian (pycountry and its translations, then rigour's territory names); and nationality
words ("albanais", "irakisch", "Iraaks", "Brits", "shqiptar"). Matching ignores case, diacritics
and punctuation. Peoples such as the Kurds are not countries and are rejected with that reason.
Kosovo is "XKX", the code the EU and most agencies use.
"""

import functools
from collections.abc import Callable, Iterable, Mapping

from crossroute.model.values._cache import memo_cleaner
from crossroute.model.values._demonyms import DEMONYMS, ETHNICITIES, EXTRA_NAMES, REGIONS
from crossroute.model.values._fold import fold
from crossroute.model.values.errors import InvalidValue

_LANGUAGES = ("fr", "de", "nl", "sq")


def _english_forms(word: str) -> Iterable[str]:
    return (word, word + "s")


def _french_forms(word: str) -> Iterable[str]:
    forms = [word, word + "e", word + "s", word + "es"]
    if word.endswith("en"):
        forms += [word + "ne", word + "nes"]
    return forms


def _german_forms(word: str) -> Iterable[str]:
    if word.endswith("sch"):  # adjectives: albanisch, deutsch
        return [word + ending for ending in ("", "e", "er", "es", "en")]
    forms = [word, word + "in", word + "innen"]
    return [*forms, word + "n"] if word.endswith("e") else forms


def _dutch_forms(word: str) -> Iterable[str]:
    return (word, word + "e", word + "en")


def _albanian_forms(word: str) -> Iterable[str]:
    return (word, word + "e")  # shqiptar, shqiptare, shqiptarë (folded to shqiptare)


_INFLECTIONS: tuple[Callable[[str], Iterable[str]], ...] = (
    _english_forms,
    _french_forms,
    _german_forms,
    _dutch_forms,
    _albanian_forms,
)


def _albanian_definite(name: str) -> str | None:
    """The definite form of a one-word Albanian country name: Shqipëri -> Shqipëria."""
    if " " in name or "," in name or not name:
        return None
    if name.endswith("ë"):
        return name[:-1] + "a"  # Francë -> Franca
    if name.endswith(("i", "e")):
        return name + "a"  # Gjermani -> Gjermania, Eritre -> Eritrea
    if name.endswith(("k", "g", "h")):
        return name + "u"  # Irak -> Iraku, Marok -> Maroku
    return name + "i"  # Iran -> Irani, Afganistan -> Afganistani


def _demonym_forms() -> Iterable[tuple[str, str]]:
    """(folded word, alpha-3) for every nationality word and its regular inflections."""
    for alpha3, languages in DEMONYMS.items():
        for words, inflect in zip(languages, _INFLECTIONS, strict=True):
            for word in fold(words).split():
                for form in inflect(word):
                    yield form, alpha3


@functools.lru_cache(maxsize=1)
def _not_countries() -> Mapping[str, str]:
    """Folded word -> why it is not a country."""
    reasons: dict[str, str] = {}
    for word in fold(ETHNICITIES).split():
        for form in (word, word + "e", word + "s", word + "es", word + "en", word + "er"):
            reasons[form] = "is a people, not a country"
    for word in REGIONS.split():
        reasons[fold(word)] = "is a region across several countries, not a country"
    return reasons


@functools.lru_cache(maxsize=1)
def _countries() -> Mapping[str, str]:
    """Folded code, name or nationality word -> alpha-3. Earlier sources win a clash."""
    import gettext

    import pycountry

    table: dict[str, str] = {}

    def add(text: str | None, alpha3: str) -> None:
        key = fold(text) if text else ""
        if key and key not in table:
            table[key] = alpha3

    countries = list(pycountry.countries)
    for country in countries:
        for code in (country.alpha_2, country.alpha_3, country.numeric):
            add(code, country.alpha_3)
    english = [
        (getattr(country, field, None), country.alpha_3)
        for country in countries
        for field in ("name", "common_name", "official_name")
    ]
    for name, alpha3 in english:
        add(name, alpha3)
    albanian = []
    for language in _LANGUAGES:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for name, alpha3 in english:
            if name:  # gettext("") is the catalogue's header
                add(translation.gettext(name), alpha3)
                if language == "sq":
                    albanian.append((_albanian_definite(translation.gettext(name)), alpha3))
    for alpha3, names in EXTRA_NAMES.items():
        for name in names:
            add(name, alpha3)
    for definite, alpha3 in albanian:
        add(definite, alpha3)
    for word, alpha3 in _demonym_forms():
        add(word, alpha3)
    return table


def _from_rigour(text: str) -> str | None:
    """Alpha-3 from rigour's territory names; a part of a country (England) gives the country."""
    from rigour.territories import lookup_territory

    territory = lookup_territory(text)
    while territory is not None and not territory.alpha3:
        territory = territory.parent
    return territory.alpha3.upper() if territory is not None and territory.alpha3 else None


@memo_cleaner(maxsize=20_000)
def clean_country(raw: str) -> str | None:
    """Return the ISO 3166-1 alpha-3 code for a country code, name or nationality word.

    "AL", "alb", "008", "Albanie", "Shqipëri", "albanaise" -> "ALB". Raises InvalidValue for
    peoples and regions ("kurde", "Kurdistan") and for anything not recognised.
    """
    text = " ".join(raw.split())
    if not text:
        return None
    key = fold(text)
    if key.isdigit():
        key = key.zfill(3)
    reason = _not_countries().get(key)
    if reason is not None:
        raise InvalidValue(f"{text!r} {reason}")
    alpha3 = _countries().get(key) or (_from_rigour(text) if key else None)
    if alpha3 is None:
        raise InvalidValue(f"country {text!r} not recognised")
    return alpha3


@functools.lru_cache(maxsize=512)
def country_alpha2(alpha3: str) -> str:
    """Return the ISO 3166-1 alpha-2 code for an alpha-3 code ("ALB" -> "AL"; "XKX" -> "XK")."""
    import pycountry

    code = alpha3.strip().upper()
    country = pycountry.countries.get(alpha_3=code)
    if country is not None:
        return str(country.alpha_2)
    from rigour.territories import lookup_territory

    territory = lookup_territory(code)
    if territory is None or territory.alpha3 != code.lower() or len(territory.code) != 2:
        raise InvalidValue(f"{alpha3!r} is not an ISO 3166-1 alpha-3 country code")
    return str(territory.code).upper()
