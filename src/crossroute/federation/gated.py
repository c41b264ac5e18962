"""What a node may publish, read through the sharing gate: every record of the wanted schemas that the
node's publishing account sees in full under the stated purpose. One audit entry per publication;
records the policy shows only as a hit (minors, TLP AMBER+STRICT) or not at all (victims, witnesses,
informants without a case, TLP RED) are not published."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crossroute.model.record_key import RecordKey
from crossroute.sharing import Purpose, gate
from crossroute.store import Workspace


@dataclass(frozen=True)
class Reader:
    """Who reads for a publication, and why (logged by the gate)."""

    user: str
    purpose: Purpose


def gated_records(
    workspace: Workspace,
    reader: Reader,
    schemas: Sequence[str],
    sources: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The records of these schemas (of these agencies, if named) the reader sees in full, in key order."""
    wanted = list(sources) if sources is not None else None
    keys = workspace.rows(
        "SELECT DISTINCT source, record_id FROM records WHERE list_contains(?, schema) "
        "AND (? IS NULL OR list_contains(?, source)) ORDER BY source, record_id",
        [list(schemas), wanted, wanted],
    )
    members = {RecordKey(str(s), str(r)).shown: [(str(s), str(r))] for s, r in keys}
    views = gate.entity(workspace, reader.user, members, reader.purpose, path="federation publish")
    return [record for view in views for record in view.records if record["schema"] in schemas]
