"""Person features for matching, built from the workspace's Person records (once per distinct value)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from crossroute.model.record_key import RecordKey
from crossroute.model.values._fold import fold
from crossroute.model.values.documents import ocr_key
from crossroute.resolve.names import name_keys
from crossroute.store import Workspace

UNIQUE_ID = "unique_id"
_TEXT = pa.string()
SOURCE = "source_dataset"

_PERSONS_SQL = f"""
SELECT {RecordKey.SQL} AS unique_id, source AS source_dataset, source, record_id,
       coalesce(full_name, concat_ws(' ', given_name, family_name)) AS name,
       birth_date, birth_date_default AS dob_default, sex, nationality,
       document_number, phone, lower(email) AS email, address, city
FROM persons
"""


# A phone kept as written because it is not a valid number (`phone_invalid`, see ingest): its digits
# as written, for weak evidence only (`model.phone_comparison`); too few digits single out nobody.
MIN_WRITTEN_PHONE_DIGITS = 6
_WRITTEN_PHONES_SQL = f"""
SELECT unique_id, phone_written FROM (
    SELECT {RecordKey.SQL} AS unique_id,
           regexp_replace(properties ->> '$.phone_invalid[0]', '[^0-9]', '', 'g') AS phone_written
    FROM records WHERE schema = 'Person' AND properties ->> '$.phone_invalid[0]' IS NOT NULL
) WHERE length(phone_written) >= {MIN_WRITTEN_PHONE_DIGITS}
"""


def person_features(workspace: Workspace) -> pa.Table:
    """One row per Person record with the keys and values the model compares."""
    table = workspace.db.sql(_PERSONS_SQL).to_arrow_table()
    written = workspace.db.sql(_WRITTEN_PHONES_SQL).to_arrow_table()
    return add_features(with_written_phones(table, written))


def with_written_phones(table: pa.Table, written: pa.Table) -> pa.Table:
    """`table` with `phone_written`: the digits of a record's phone that is not a valid number, as
    written (from `written`: unique_id, phone_written; few records have one), else null."""
    at = pc.index_in(table.column(UNIQUE_ID), value_set=written.column(UNIQUE_ID).combine_chunks())
    digits = written.column("phone_written").combine_chunks().take(at)
    return table.append_column("phone_written", digits)


def add_features(table: pa.Table) -> pa.Table:
    """Name keys, date-of-birth parts and document keys added to raw person columns (a table without
    `phone_written` gets it empty)."""
    if "phone_written" not in table.column_names:
        table = table.append_column("phone_written", pa.nulls(table.num_rows, pa.string()))
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
    table = table.append_column(
        "part_slips", from_keys(lambda k: sorted(part_slip_keys(k.tokens)) or None, strings)
    )
    for which in ("first", "last", "ends"):
        pick = (lambda w: lambda k: k.skeleton_pair(w))(which)
        table = table.append_column(f"skeleton_{which}", from_keys(pick, pa.string()))
    birth = table.column("birth_date").combine_chunks()
    table = table.append_column(
        "namesakes", name_has_namesakes(table.column("skeleton_key"), birth)
    )
    full = pc.equal(pc.utf8_length(birth), 10)
    table = table.append_column("dob_year", pc.utf8_slice_codeunits(birth, 0, 4))
    table = table.append_column("dob_full", pc.if_else(full, birth, pa.scalar(None, pa.string())))
    real = pc.and_(
        full, pc.invert(pc.fill_null(table.column("dob_default").combine_chunks(), False))
    )
    table = table.append_column("dob_real", pc.if_else(real, birth, pa.scalar(None, pa.string())))
    documents = table.column("document_number").combine_chunks()
    document_keys = _map_distinct(documents, ocr_key)
    table = table.append_column("document_key", document_keys)
    table = table.append_column(
        "document_slips", _map_distinct(document_keys, document_slip_keys, strings)
    )
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


def name_has_namesakes(names: pa.ChunkedArray, birth_dates: pa.Array) -> pa.Array:
    """Whether the workspace shows that a name (its skeletons) is held by different people: two of
    its records give years of birth more than one apart."""
    year = pc.utf8_slice_codeunits(birth_dates, 0, 4)
    known = pc.match_substring_regex(year, "^[0-9]{4}$")
    years = pc.cast(pc.if_else(known, year, pa.scalar(None, pa.string())), pa.int32())
    spans = (
        pa.table({"name": names, "year": years})
        .filter(pc.is_valid(years))
        .group_by("name")
        .aggregate([("year", "min"), ("year", "max")])
    )
    shared = spans.filter(
        pc.greater(pc.subtract(spans.column("year_max"), spans.column("year_min")), 1)
    ).column("name")
    return pc.fill_null(pc.is_in(names, shared), False)


def one_slip_keys(value: str) -> set[str]:
    """The value and every string one character shorter: two values share one of these keys when
    they are one keying slip apart (a wrong, missing, extra or transposed character; a few two
    slips apart too). An exact join on the keys finds slipped values without comparing all pairs."""
    return {value} | {value[:i] + value[i + 1 :] for i in range(len(value))}


# A document number shorter than this is too short for a slip key to single it out.
MIN_SLIPPED_DOCUMENT = 6


def document_slip_keys(key: str) -> list[str] | None:
    """Blocking keys that find a document number keyed with one slip (`one_slip_keys`)."""
    if len(key) < MIN_SLIPPED_DOCUMENT:
        return None
    return sorted(one_slip_keys(key))


# Name parts shorter than this are matched exactly only: one letter of a short part often makes
# another name (Ali/Ari, Amin/Amir, Reza/Raza), not a typo. (Measured: from four letters up the
# medium scenario lost pairwise F1, from five it gained.)
MIN_SLIPPED_PART = 5


def part_slip_keys(tokens: tuple[str, ...]) -> set[str]:
    """Keys two names share when a part of one is a part of the other keyed with one slip
    (Fitzpatrick/Fitzpagrick, Blake/Blae, Huddy/Hudyd)."""
    keys: set[str] = set()
    for token in tokens:
        keys |= one_slip_keys(token) if len(token) >= MIN_SLIPPED_PART else {token}
    return keys


def _map_distinct(values: pa.Array, function: object, kind: pa.DataType = _TEXT) -> pa.Array:
    encoded = values.dictionary_encode()
    mapped = [function(v) for v in encoded.dictionary.to_pylist()]  # type: ignore[operator]
    return pa.array(mapped, kind).take(encoded.indices)
