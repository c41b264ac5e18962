"""Typed person features (the `persons` table), made once at ingest from cleaned Person properties."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crossroute.model.values.dates import PartialDate
from crossroute.model.values.names import fold_name

if TYPE_CHECKING:
    from crossroute.ingest.block import EntityRows

PERSON_COLUMNS = (
    "source",
    "record_id",
    "full_name",
    "given_name",
    "family_name",
    "name_folded",
    "given_folded",
    "family_folded",
    "father_name_folded",
    "birth_date",
    "birth_date_precision",
    "birth_date_default",
    "sex",
    "nationality",
    "birth_place",
    "document_number",
    "phone",
    "email",
    "address",
    "city",
    "country",
)


def person_features(rows: EntityRows) -> dict[str, list[Any]]:
    """One list per `persons` column for the Person records in `rows`."""
    n = len(rows.block_rows)
    first = {prop: [_first(v) for v in values] for prop, values in rows.cleaned.items()}

    def prop(name: str) -> list[Any]:
        return first.get(name) or [None] * n

    given, family, name = prop("firstName"), prop("lastName"), prop("name")
    full = [f or _join(g, fa) for f, g, fa in zip(name, given, family, strict=True)]
    dates: list[PartialDate | None] = prop("birthDate")
    documents = [p or i for p, i in zip(prop("passportNumber"), prop("idNumber"), strict=True)]
    return {
        "source": rows.columns["source"],
        "record_id": rows.columns["record_id"],
        "full_name": full,
        "given_name": given,
        "family_name": family,
        "name_folded": _folded(full),
        "given_folded": _folded(given),
        "family_folded": _folded(family),
        "father_name_folded": _folded(prop("fatherName")),
        "birth_date": [d.text if d else None for d in dates],
        "birth_date_precision": [d.precision if d else None for d in dates],
        "birth_date_default": [d.default_jan1 if d else None for d in dates],
        "sex": prop("gender"),
        "nationality": prop("nationality"),
        "birth_place": prop("birthPlace"),
        "document_number": documents,
        "phone": prop("phone"),
        "email": prop("email"),
        "address": prop("address"),
        "city": prop("city"),
        "country": prop("country"),
    }


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _join(given: str | None, family: str | None) -> str | None:
    return " ".join(p for p in (given, family) if p) or None


def _folded(values: list[str | None]) -> list[str | None]:
    cache: dict[str, str | None] = {}
    out: list[str | None] = []
    for value in values:
        if value is None:
            out.append(None)
            continue
        if value not in cache:
            cache[value] = fold_name(value)
        out.append(cache[value])
    return out
