"""Values kept as written because they could not be cleaned, as a record's reader sees them: "as
supplied, not understood: '+98 912 34 5678', wrong length for IR"."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from crossroute.ingest.writer import INVALID_SUFFIX
from crossroute.model.record_key import RecordKey
from crossroute.store import Workspace


def is_invalid_property(name: str) -> bool:
    """A property holding values as written that could not be cleaned (`phone_invalid`)."""
    return name.endswith(INVALID_SUFFIX)


def why(reason: str) -> str:
    """A value issue's reason without the value it names ("wrong length for IR")."""
    head, colon, rest = reason.partition(": ")
    return rest if colon and "'" in head else reason


def not_understood(
    workspace: Workspace, records: Sequence[Mapping[str, Any]]
) -> list[dict[str, str]]:
    """The values of these records (as the caller was given them) kept as written, with why."""
    found: list[tuple[str, str, str, str]] = []  # source, record_id, property, raw
    for record in records:
        properties = record.get("properties") or {}
        if isinstance(properties, str):
            properties = json.loads(properties)
        for name, values in properties.items():
            if is_invalid_property(name):
                prop = name[: -len(INVALID_SUFFIX)]
                found += [
                    (str(record["source"]), str(record["record_id"]), prop, str(v))
                    for v in values or ()
                ]
    if not found:
        return []
    reasons = {
        (row[0], row[1], row[2], row[3]): str(row[4])
        for row in workspace.rows(
            "SELECT source, record_id, property, raw, reason FROM value_issues "
            f"WHERE list_contains(?, {RecordKey.SQL})",
            [sorted({str(RecordKey(s, r)) for s, r, _, _ in found})],
        )
    }
    out = []
    for key in found:
        reason = why(reasons.get(key, "not understood"))
        out.append(
            {
                "source": key[0],
                "record_id": key[1],
                "property": key[2],
                "raw": key[3],
                "reason": reason,
                "text": f"as supplied, not understood: {key[3]!r}, {reason}",
            }
        )
    return out
