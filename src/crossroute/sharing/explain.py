"""An entity's explanation (from resolution) cut down to what the caller may see, and logged.

Asked for by an entity id, the explanation shows the records of the entity the caller may see; asked
for by a record (SOURCE:RECORD_ID, SOURCE|RECORD_ID or a bare record id), only when that record itself
is one the caller may see (else asking a hidden record's id would bring up the visible records it is
linked to). Nothing to see and nothing there answer alike (`NothingToSee`), after the same work and
with one audit entry naming what was asked."""

from __future__ import annotations

from crossroute.model.record_key import RecordKey
from crossroute.resolve.explain import EntityExplanation, NotFound, explain
from crossroute.sharing import gate
from crossroute.sharing.gate import EntityView
from crossroute.sharing.policy import Purpose
from crossroute.sharing.records import Key
from crossroute.store import Workspace


class NothingToSee(LookupError):
    """No entity or record by that name that the caller may see (hidden or absent alike)."""


def explained(
    workspace: Workspace, user: str, target: str, purpose: Purpose, *, path: str = "explain"
) -> EntityExplanation:
    """The explanation of the entity `target` names, as the caller may see it (one audit entry), or
    NothingToSee, the same whether the entity or record is hidden from the caller or absent."""
    found = seen_entity(workspace, user, target, purpose, path=path)[1]
    if found is None:  # a record that is no person: nothing resolution explains
        raise NothingToSee(f"no entity or record {target!r} that you may see")
    return found


def seen_entity(
    workspace: Workspace, user: str, target: str, purpose: Purpose, *, path: str
) -> tuple[EntityView, EntityExplanation | None]:
    """The entity `target` names as the gate shows it to the caller, and (for a resolved entity) its
    explanation of those records alone (the gate asked first); one audit entry; NothingToSee when hidden or absent.
    A record no entity holds (not a person) is its own entity, `SOURCE:RECORD_ID`."""
    entities, named = _named(workspace, target)
    groups: dict[str, list[Key]] = {e: _members(workspace, e) for e in entities}
    anchors = {e: {k for k in named if k in members} for e, members in groups.items()}
    if not entities:
        source, colon, record = target.partition(":")
        if colon:
            groups[target] = [(source, record)]
            anchors[target] = {(source, record)}
    views = gate.entity(
        workspace,
        user,
        groups or {"": [("", "")]},
        purpose,
        path=path,
        asked=[target],
        anchors=anchors if named or not entities else None,
    )
    seen = [v for v in views if v.records and v.entity_id in groups]
    if len(seen) != 1:
        raise NothingToSee(f"no entity or record {target!r} that you may see")
    if not entities:
        return seen[0], None
    visible = {(str(r["source"]), str(r["record_id"])) for r in seen[0].records}
    try:  # the gate asked first: only the records it shows are read and explained
        found = explain(workspace, seen[0].entity_id, only=visible)
    except NotFound:
        raise NothingToSee(f"no entity or record {target!r} that you may see") from None
    return seen[0], found


def _named(workspace: Workspace, target: str) -> tuple[list[str], list[Key]]:
    """The entities `target` may mean, and the records it names (none for an entity id)."""
    if workspace.scalar("SELECT count(*) FROM clusters WHERE entity_id = ?", [target]):
        return [target], []
    keys = [str(key) for key in RecordKey.readings(target)]
    rows = workspace.rows(
        "SELECT source, record_id, entity_id FROM clusters "
        f"WHERE record_id = ? OR list_contains(?, {RecordKey.SQL}) ORDER BY 1, 2",
        [target, keys],
    )
    return list(dict.fromkeys(str(r[2]) for r in rows)), [(str(r[0]), str(r[1])) for r in rows]


def _members(workspace: Workspace, entity: str) -> list[Key]:
    rows = workspace.rows(
        "SELECT source, record_id FROM clusters WHERE entity_id = ? ORDER BY 1, 2", [entity]
    )
    return [(str(s), str(r)) for s, r in rows]
