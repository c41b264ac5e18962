"""The seized contact graph joined to the agencies' entity graph: a handle that is a phone number (in
any format) or a handle identifier held by a person record. The keys come from the gate's search
index (`sharing.search_ids`, the cleaned identifiers of every record); which records and entities
are shown is the gate's to say (`gate.entity`, the record policy per record, one audit entry): a match
on a record the caller may not see never brings up the entity it belongs to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crossroute.sharing import gate
from crossroute.sharing import index as search_index
from crossroute.sharing import records as record_store
from crossroute.sharing.policy import Purpose
from crossroute.sharing.query import parse_query
from crossroute.sharing.records import Key
from crossroute.store import Workspace

KINDS = ("phone", "handle")
LIMIT = 500  # entities per call


@dataclass(frozen=True)
class Known:
    """An entity of the agencies' records that holds one of a person's handles."""

    handle: str
    entity_id: str
    kind: str  # cluster | record
    caption: str
    agencies: tuple[str, ...]
    hit_only: bool  # the caller sees that a record matches, not the record

    def as_dict(self) -> dict[str, object]:
        return {"handle": self.handle, "entity_id": self.entity_id, "kind": self.kind,
                "caption": self.caption, "agencies": list(self.agencies),
                "hit_only": self.hit_only}  # fmt: skip


def readings(handle: str) -> set[str]:
    """The identifiers a handle may be ("phone:+32...", "handle:ilir_1"), cleaned as records' are."""
    return {i for i in parse_query(handle).identifiers if i.partition(":")[0] in KINDS}


def known_entities(
    workspace: Workspace,
    user: str,
    purpose: Purpose,
    handles: Iterable[str],
    *,
    path: str,
    detail: dict[str, Any] | None = None,
) -> tuple[list[Known], bool]:
    """The entities the caller may see that hold one of these handles (already ones the caller may
    see in messages), and whether an audit entry was written. No record matches: nothing read,
    nothing logged (the caller logs its call); else one gate call, whose entry is the call's one
    entry (`path`, `detail` and the handles asked about in it)."""
    wanted: dict[str, set[str]] = {}
    for handle in handles:
        for reading in readings(handle):
            wanted.setdefault(reading, set()).add(handle)
    if not wanted:
        return [], False
    search_index.refresh(workspace)
    rows = workspace.rows(
        "SELECT DISTINCT source, record_id, kind || ':' || value FROM sharing.search_ids "
        "WHERE list_contains(?, value) AND list_contains(?, kind || ':' || value)",
        [sorted({w.partition(":")[2] for w in wanted}), sorted(wanted)],
    )
    if not rows:
        return [], False
    matched: dict[Key, set[str]] = {}
    for source, record_id, reading in rows:
        matched.setdefault((str(source), str(record_id)), set()).update(wanted[str(reading)])
    keys = list(matched)
    resolved = search_index.state(workspace).resolved
    groups = record_store.entities(workspace, keys, LIMIT, clustered=resolved)
    anchors = {e: {k for k in members if k in matched} for e, members in groups.items()}
    views = gate.entity(
        workspace, user, groups, purpose, path=path, anchors=anchors,
        detail={**(detail or {}), "handles": sorted({h for hs in wanted.values() for h in hs})[:50]},
    )  # fmt: skip
    found: list[Known] = []
    for view in views:
        shown = [(str(r["source"]), str(r["record_id"])) for r in view.records]
        hits = [_key(h) for h in view.hits]
        via = sorted({h for k in [*shown, *hits] for h in matched.get(k, set())})
        caption = next((str(r["caption"]) for r in view.records if r.get("caption")), "")
        agencies = tuple(sorted({k[0] for k in [*shown, *hits]}))
        for handle in via:
            found.append(
                Known(handle, view.entity_id, view.kind, caption, agencies, not view.records)
            )
    return found, True


def _key(hit: dict[str, str]) -> Key:
    source, _, record_id = hit["reference"].partition(":")  # the gate's SOURCE:RECORD_ID
    return source, record_id
