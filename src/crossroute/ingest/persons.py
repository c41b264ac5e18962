"""Typed person features (the `persons` table), made once at ingest from cleaned Person properties."""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa
import pyarrow.compute as pc

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


def first_texts(column: CleanedColumn | None, n: int) -> pa.Array:
    """The first cleaned text of each cell (cells hold lists where the mapping splits them)."""
    if column is None:
        return pa.nulls(n, pa.string())
    if not column.multi:
        return column.texts
    return pa.array(
        [texts[0] if texts else None for texts in column.texts.to_pylist()], pa.string()
    )


def full_names(properties: Mapping[str, CleanedColumn], n: int) -> pa.Array:
    """The name as given, else given and family names joined."""
    parts = [
        first_texts(properties.get(p), n) for p in ("firstName", "lastName") if p in properties
    ]
    if len(parts) == 2:
        # null_handling="skip" drops rows where every part is null (pyarrow 26), so replace and trim
        joined = pc.binary_join_element_wise(
            *parts, " ", null_handling="replace", null_replacement=""
        )
        joined = pc.utf8_trim_whitespace(joined)
        parts = [pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.string()), joined)]
    return pc.coalesce(first_texts(properties.get("name"), n), *parts)


def folded_columns(
    properties: Mapping[str, CleanedColumn], full: pa.Array, n: int
) -> dict[str, pa.Array]:
    """Latin, case- and accent-folded forms of the full, given, family and father's names."""
    return {
        "name_folded": _fold(full),
        "given_folded": _fold(first_texts(properties.get("firstName"), n)),
        "family_folded": _fold(first_texts(properties.get("lastName"), n)),
        "father_name_folded": _fold(first_texts(properties.get("fatherName"), n)),
    }


def _fold(values: pa.Array) -> pa.Array:
    distinct = pc.unique(values.drop_null())
    folded = pa.array([fold_name(v) for v in distinct.to_pylist()], pa.string())
    return folded.take(pc.index_in(values, value_set=distinct))
