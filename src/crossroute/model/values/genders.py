"""Gender, as recorded by officers in English, French, German, Dutch and Albanian forms."""

import functools
from collections.abc import Mapping

from crossroute.model.values._cache import memo_cleaner
from crossroute.model.values._fold import fold
from crossroute.model.values.errors import InvalidValue

# Phrases as officers write them; folded (lower case, no diacritics) when the table is built.
_PHRASES = {
    "male": (
        "M", "male", "man", "men", "boy", "masculine", "Mr",
        "H", "homme", "masculin", "garçon", "monsieur",
        "männlich", "Mann", "Herr", "Junge",
        "mannelijk", "jongen", "meneer",
        "mashkull", "mashkullor", "burrë", "djalë",
    ),
    "female": (
        "F", "female", "woman", "women", "girl", "feminine", "Mrs", "Ms", "Miss",
        "femme", "féminin", "fille", "madame", "mademoiselle",
        "W", "weiblich", "Frau", "Mädchen",
        "V", "vrouw", "vrouwelijk", "meisje", "mevrouw",
        "femër", "femëror", "grua", "vajzë", "zonjë",
    ),
    "other": (
        "X", "other", "non-binary", "nonbinary",
        "autre", "non-binaire",
        "D", "divers", "diverse", "anderes",
        "anders", "non-binair",
        "tjetër",
    ),
}  # fmt: skip


@functools.lru_cache(maxsize=1)
def _genders() -> Mapping[str, str]:
    """Folded phrase -> gender."""
    return {fold(phrase): gender for gender, phrases in _PHRASES.items() for phrase in phrases}


@memo_cleaner(maxsize=1_000)
def clean_gender(raw: str) -> str | None:
    """Return "male", "female" or "other".

    Understands M/F, H (homme), W (weiblich), V (vrouw), X, D (divers) and the words in English,
    French, German, Dutch and Albanian ("femme", "männlich", "vrouw", "mashkull", "femër").
    """
    key = fold(raw)
    if not key:
        if raw.strip():
            raise InvalidValue(f"gender {raw.strip()!r} not understood")
        return None
    gender = _genders().get(key)
    if gender is None:
        raise InvalidValue(f"gender {raw.strip()!r} not understood: use male, female or other")
    return gender
