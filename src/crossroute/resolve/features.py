"""Person features for matching, built from the workspace's Person records (once per distinct value)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from crossroute.model.values._fold import fold
from crossroute.model.values.documents import ocr_key
from crossroute.resolve.names import name_keys
from crossroute.store import Workspace

UNIQUE_ID = "unique_id"
SOURCE = "source_dataset"

_PERSONS_SQL = """
SELECT source || '|' || record_id AS unique_id, source AS source_dataset, source, record_id,
       coalesce(full_name, concat_ws(' ', given_name, family_name)) AS name,
       birth_date, birth_date_default AS dob_default, sex, nationality,
       document_number, phone, lower(email) AS email, address, city
FROM persons
"""


def person_features(workspace: Workspace) -> pa.Table:
    """One row per Person record with the keys and values the model compares."""
    table = workspace.db.sql(_PERSONS_SQL).to_arrow_table()
    return add_features(table)


def add_features(table: pa.Table) -> pa.Table:
    """Name keys, date-of-birth parts and document keys added to raw person columns."""
    names = table.column("name").combine_chunks()
    encoded = names.dictionary_encode()
    keys = [name_keys(n) if n else None for n in encoded.dictionary.to_pylist()]

    def from_keys(pick: object, kind: pa.DataType) -> pa.Array:
        values = [pick(k) if k else None for k in keys]  # type: ignore[operator]
        return pa.array(values, kind).take(encoded.indices)

    strings = pa.list_(pa.string())
    table = table.append_column("name_sorted", from_keys(lambda k: k.sorted_name, pa.string()))
    table = table.append_column("skeleton_key", from_keys(lambda k: k.skeleton_key, pa.string()))
    table = table.append_column(
        "skeletons", from_keys(lambda k: list(k.skeletons) or None, strings)
    )
    for which in ("first", "last", "ends"):
        pick = (lambda w: lambda k: k.skeleton_pair(w))(which)
        table = table.append_column(f"skeleton_{which}", from_keys(pick, pa.string()))
    birth = table.column("birth_date").combine_chunks()
    full = pc.equal(pc.utf8_length(birth), 10)
    table = table.append_column("dob_year", pc.utf8_slice_codeunits(birth, 0, 4))
    table = table.append_column("dob_full", pc.if_else(full, birth, pa.scalar(None, pa.string())))
    real = pc.and_(
        full, pc.invert(pc.fill_null(table.column("dob_default").combine_chunks(), False))
    )
    table = table.append_column("dob_real", pc.if_else(real, birth, pa.scalar(None, pa.string())))
    documents = table.column("document_number").combine_chunks()
    table = table.append_column("document_key", _map_distinct(documents, ocr_key))
    addresses = table.column("address").combine_chunks()
    table = table.append_column("address_key", _map_distinct(addresses, address_key))
    table = table.append_column(
        "city_key", _map_distinct(table.column("city").combine_chunks(), address_key)
    )
    table = table.append_column("address_block", _rare(table.column("address_key")))
    return table


# An address shared by more records than this (a camp, a reception centre, a police station given as
# an address) is no use for finding candidate pairs: its block would hold millions of pairs.
MAX_RECORDS_AT_A_BLOCKED_ADDRESS = 50


def _rare(keys: pa.ChunkedArray) -> pa.Array:
    """The keys held by at most MAX_RECORDS_AT_A_BLOCKED_ADDRESS records; null for commoner ones."""
    counts = pc.value_counts(keys.combine_chunks())
    common = counts.field("values").filter(
        pc.greater(counts.field("counts"), MAX_RECORDS_AT_A_BLOCKED_ADDRESS)
    )
    return pc.if_else(pc.is_in(keys, common), pa.scalar(None, pa.string()), keys)


def address_key(address: str | None) -> str | None:
    """An address folded for comparison (`fold`: Latin, lower case, punctuation as spaces), its words
    sorted: officers write the street, the number and the building in any order."""
    if not address:
        return None
    return " ".join(sorted(fold(address).split())) or None


def _map_distinct(values: pa.Array, function: object) -> pa.Array:
    encoded = values.dictionary_encode()
    mapped = [function(v) for v in encoded.dictionary.to_pylist()]  # type: ignore[operator]
    return pa.array(mapped, pa.string()).take(encoded.indices)
