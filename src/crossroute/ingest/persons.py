"""Typed person features (the `persons` table), made once at ingest from cleaned Person properties."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from crossroute.ingest.cleaning import CleanedColumn
from crossroute.model.values.names import fold_name

# persons column -> the Person property whose first cleaned value it holds
COPIED = {
    "given_name": "firstName",
    "family_name": "lastName",
    "birth_date": "birthDate",
    "sex": "gender",
    "nationality": "nationality",
    "birth_place": "birthPlace",
    "phone": "phone",
    "email": "email",
    "address": "address",
    "city": "city",
    "country": "country",
}
FOLDED = ("name_folded", "given_folded", "family_folded", "father_name_folded")


def first_texts(column: CleanedColumn | None, n: int) -> list[str | None]:
    """The first cleaned text of each cell (cells hold lists where the mapping splits them)."""
    if column is None:
        return [None] * n
    if not column.multi:
        return column.texts
    return [texts[0] if texts else None for texts in column.texts]


def full_names(properties: Mapping[str, CleanedColumn], n: int) -> list[str | None]:
    """The name as given, else given and family names joined."""
    name = first_texts(properties.get("name"), n)
    given = first_texts(properties.get("firstName"), n)
    family = first_texts(properties.get("lastName"), n)
    return [
        whole or (f"{g} {f}" if g and f else g or f)
        for whole, g, f in zip(name, given, family, strict=True)
    ]


def folded_columns(
    properties: Mapping[str, CleanedColumn], full: list[str | None], n: int
) -> dict[str, list[Any]]:
    """Latin, case- and accent-folded forms of the full, given, family and father's names."""
    return {
        "name_folded": _fold(full),
        "given_folded": _fold(first_texts(properties.get("firstName"), n)),
        "family_folded": _fold(first_texts(properties.get("lastName"), n)),
        "father_name_folded": _fold(first_texts(properties.get("fatherName"), n)),
    }


def _fold(values: Sequence[str | None]) -> list[str | None]:
    lookup = {value: fold_name(value) if value else None for value in set(values)}
    return [lookup[value] for value in values]
