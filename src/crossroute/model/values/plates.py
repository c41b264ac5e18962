"""Vehicle registration plates, compacted for matching: "AB-123-CD" -> "AB123CD"."""

import re

from crossroute.model.values._cache import memo_cleaner
from crossroute.model.values.errors import InvalidValue

# Cyrillic and Greek letters that look like Latin ones, read as what they look like. Plates in
# Cyrillic countries use exactly the twelve look-alikes A B E K M H O P C T Y X, where
# transliteration would read the Cyrillic EN (H) as N, ER (P) as R, ES (C) as S and HA (X) as KH.
_LOOK_ALIKES = str.maketrans(
    "АВЕКМНОРСТУХІЈЅабекмнорстухіјѕΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "ABEKMHOPCTYXIJSABEKMHOPCTYXIJSABEZHIKMNOPTYX",
)
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


@memo_cleaner(maxsize=100_000)
def clean_plate(raw: str) -> str | None:
    """Return the plate upper-case with only A-Z and 0-9 kept; it must then have 2 to 10 characters.

    Cyrillic and Greek look-alike letters become the Latin letters they look like; other scripts
    are transliterated with anyascii ("Ö" -> "O").
    """
    text = raw.upper()
    if not text.isascii():
        from anyascii import anyascii

        text = anyascii(text.translate(_LOOK_ALIKES)).upper()
    plate = _NOT_ALNUM.sub("", text)
    if not plate:
        if raw.strip():
            raise InvalidValue(f"plate {raw.strip()!r} has no letters or digits")
        return None
    if not 2 <= len(plate) <= 10:
        raise InvalidValue(f"plate {plate}: {len(plate)} characters, not 2 to 10")
    return plate
