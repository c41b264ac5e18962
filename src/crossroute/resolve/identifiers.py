"""Identifier entities: every cleaned phone, document, account, plate, vessel and container number, as
its own node that records point to (exact on the cleaned value)."""

from __future__ import annotations

from crossroute.model.schema import schemata
from crossroute.store import Workspace
from crossroute.store.sql import quote_text

# value type -> identifier kind
KINDS = {
    "phone": "phone",
    "identifier": "document",
    "iban": "iban",
    "email": "email",
    "plate": "plate",
    "imo": "imo",
    "mmsi": "mmsi",
    "container": "container",
    "handle": "handle",
}


def identifier_properties() -> list[tuple[str, str, str]]:
    """(schema, property, kind) for every property holding an identifier."""
    found = []
    for schema in schemata().values():
        if schema.abstract:
            continue
        for prop, type_name in schema.properties.items():
            if type_name in KINDS:
                found.append((schema.name, prop, KINDS[type_name]))
    return found


def write_identifiers(workspace: Workspace, run_id: int) -> int:
    """Replace the identifiers table from the records' cleaned properties; returns rows written."""
    workspace.rows("DELETE FROM identifiers")
    for schema, prop, kind in identifier_properties():
        path = quote_text(prop)
        workspace.rows(
            "INSERT INTO identifiers SELECT ?, value, source, record_id, schema, ?, ? FROM ("
            f"SELECT source, record_id, schema, unnest(CAST(json_extract(properties, '$.' || {path}) "
            "AS VARCHAR[])) AS value FROM records WHERE schema = ?) WHERE value IS NOT NULL",
            [kind, prop, run_id, schema],
        )
    return int(workspace.scalar("SELECT count(*) FROM identifiers"))
