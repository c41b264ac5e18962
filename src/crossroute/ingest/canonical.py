"""The canonical formats, which need no mapping: the person CSV (recognised by its header), canonical
records and FollowTheMoney entities (JSON/JSONL). Each is expressed as a mapping built in code."""

from __future__ import annotations

from collections.abc import Sequence

from crossroute.ingest.mapping import PROVENANCE_FIELDS, EntitySpec, MappingSpec, ValueSpec
from crossroute.model.person_csv import PERSON_COLUMNS
from crossroute.model.schema import Schema, get_schema

_PERSON_PROPERTIES = {
    "full_name": "name",
    "given_name": "firstName",
    "family_name": "lastName",
    "date_of_birth": "birthDate",
    "sex": "gender",
    "nationality": "nationality",
    "place_of_birth": "birthPlace",
    "document_number": "idNumber",
    "phone": "phone",
    "email": "email",
    "address": "address",
    "city": "city",
    "country": "country",
}
# Internal separator for several values in one cell of a canonical record (never in real text).
MULTI = "\x1f"


def is_person_header(header: Sequence[str]) -> bool:
    """True when the header starts with the canonical person columns, in order."""
    normalised = tuple(h.strip().lower() for h in header[: len(PERSON_COLUMNS)])
    return normalised == PERSON_COLUMNS


def person_mapping(header: Sequence[str]) -> tuple[MappingSpec, list[str]]:
    """The mapping for a canonical person CSV with this header, and the header's unknown columns."""
    names = [h.strip() for h in header]
    extras = names[len(PERSON_COLUMNS) :]
    provenance = {"source": ValueSpec(column=names[1])}
    provenance.update(
        {e.lower(): ValueSpec(column=e) for e in extras if e.lower() in PROVENANCE_FIELDS}
    )
    unknown = [e for e in extras if e.lower() not in PROVENANCE_FIELDS]
    properties = {
        prop: ValueSpec(column=names[PERSON_COLUMNS.index(column)])
        for column, prop in _PERSON_PROPERTIES.items()
    }
    person = EntitySpec(
        "person",
        get_schema("Person"),
        ValueSpec(column=names[0], required=True),
        properties,
        provenance,
    )
    return MappingSpec(entities=(person,), name="canonical person CSV"), unknown


def records_mapping(
    schema: Schema, header: Sequence[str], id_column: str
) -> tuple[MappingSpec, list[str]]:
    """The mapping for canonical records (or FtM entities) of one schema, flattened to columns.

    Property columns are `properties.<name>` holding several values joined by MULTI; provenance keys are
    top-level columns. Returns the unknown columns too (properties the schema lacks)."""
    properties: dict[str, ValueSpec] = {}
    provenance: dict[str, ValueSpec] = {}
    unknown = []
    for column in header:
        if column.startswith("properties."):
            prop = column.removeprefix("properties.")
            if prop in schema.properties:
                properties[prop] = ValueSpec(column=column, split=MULTI)
            else:
                unknown.append(column)
        elif column in PROVENANCE_FIELDS:
            provenance[column] = ValueSpec(column=column)
        elif column not in {id_column, "schema", "id", "record_id"}:
            unknown.append(column)
    entity = EntitySpec(
        schema.name.lower(),
        schema,
        ValueSpec(column=id_column, required=True),
        properties,
        provenance,
    )
    return MappingSpec(entities=(entity,), name=f"canonical {schema.name} records"), unknown
