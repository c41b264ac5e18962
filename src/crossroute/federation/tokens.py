"""What of a person goes into an encoding: tokens per field, from crossroute's own name keys.

A name gives three fields, so that transliteration variants still share most of their bits:
- `name`: padded bigrams of each folded name part ("_m", "mo", ..., "d_"), particles removed and
  `abd` compounds glued (`resolve.names.name_keys`), so word order and "Abdul Rahman"/"Abdulrahman"
  do not matter;
- `skeleton`: the consonant skeleton of each part (Mohammed, Muhammad, Mehmet -> MHMT);
- `symbol`: rigour's name-part identifiers (Wikidata items a name shares across spellings and scripts).
The date of birth gives `year`, `decade` (a year off by one still shares it) and `daymonth`: day and
month as one unordered set, so a day/month swap still agrees, and left out when the date is the
1 January default. `sex` is one token.
"""

from __future__ import annotations

from dataclasses import dataclass

from crossroute.resolve.names import name_keys

FIELDS = ("name", "skeleton", "symbol", "year", "decade", "daymonth", "sex")


@dataclass(frozen=True, slots=True)
class PersonValues:
    """The values of one Person record an encoding is made from (cleaned, as the workspace holds them)."""

    name: str | None
    birth_date: str | None = None  # ISO: YYYY, YYYY-MM or YYYY-MM-DD
    sex: str | None = None


def bigrams(part: str) -> list[str]:
    """The padded bigrams of one name part: "ali" -> _a, al, li, i_."""
    padded = f"_{part}_"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


def name_tokens(name: str | None) -> dict[str, list[str]]:
    """The `name`, `skeleton` and `symbol` tokens of a full name (any script)."""
    if not name:
        return {}
    keys = name_keys(name)
    grams = sorted({gram for part in keys.tokens for gram in bigrams(part)})
    return {"name": grams, "skeleton": list(keys.skeletons), "symbol": list(keys.symbols)}


def birth_tokens(birth_date: str | None) -> dict[str, list[str]]:
    """The `year`, `decade` and `daymonth` tokens of an ISO date of birth."""
    if not birth_date or len(birth_date) < 4:
        return {}
    year = birth_date[:4]
    found = {"year": [year], "decade": [year[:3]]}
    if len(birth_date) == 10 and not birth_date.endswith("-01-01"):
        found["daymonth"] = sorted({birth_date[5:7], birth_date[8:10]})
    return found


def person_tokens(person: PersonValues) -> dict[str, list[str]]:
    """Every field's tokens of one person; fields without a value are absent."""
    tokens = {**name_tokens(person.name), **birth_tokens(person.birth_date)}
    if person.sex:
        tokens["sex"] = [person.sex[:1].lower()]
    return {field: values for field, values in tokens.items() if values}


def birth_year(person: PersonValues) -> str:
    """The salt of a record when encodings are salted by year of birth ("" when unknown)."""
    return person.birth_date[:4] if person.birth_date and len(person.birth_date) >= 4 else ""
