"""A person's display name (the caption of Person records) from cleaned name properties."""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa
import pyarrow.compute as pc

from crossroute.ingest.cleaning import CleanedColumn


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
