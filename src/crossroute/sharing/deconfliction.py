"""Deconfliction: agencies register active operations and their targets (persons, phones, vehicles,
addresses, documents, with time windows). When two agencies' targets are the same entity or identifier,
or the same place, in overlapping windows, both owners are alerted with whom to contact; neither sees
the other's operation reference or targets."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crossroute.model.agencies import agency
from crossroute.model.record_key import RecordKey
from crossroute.model.values import (
    InvalidValue,
    clean_document_number,
    clean_email,
    clean_phone,
    clean_plate,
    fold_name,
)
from crossroute.sharing import audit, index
from crossroute.sharing.audit import Action
from crossroute.sharing.clock import utc_now
from crossroute.sharing.errors import SharingError
from crossroute.sharing.policy import require_query_role
from crossroute.sharing.users import User
from crossroute.store import Workspace

KINDS = ("person", "phone", "vehicle", "address", "document", "email")


@dataclass(frozen=True, slots=True)
class Target:
    kind: str
    value: str
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True, slots=True)
class Alert:
    alert_id: int
    our_operation: str
    other_agency: str
    contact: str
    kind: str
    raised_at: dt.datetime


def parse_target(text: str, starts: dt.date, ends: dt.date, region: str | None) -> Target:
    """'phone:07700 900123', 'vehicle:AB-123-CD', 'person:UK-NCA:N1' (a record) or 'person:P-000012'
    (an entity), 'address:12 Rue des Dunes, Calais', 'document:X123', 'email:a@b.c'."""
    kind, _, raw = text.partition(":")
    kind = kind.strip().lower()
    cleaners: dict[str, Callable[[str], str | None]] = {
        "phone": lambda v: clean_phone(v, region=region),
        "vehicle": clean_plate,
        "document": clean_document_number,
        "email": clean_email,
        "address": fold_name,
        "person": lambda v: v.strip() or None,
    }
    if kind not in cleaners:
        raise SharingError(f"target {text!r}: the kind is one of {', '.join(KINDS)} (KIND:VALUE)")
    if ends < starts:
        raise SharingError(f"the window ends ({ends}) before it starts ({starts})")
    try:
        value = cleaners[kind](raw)
    except InvalidValue as error:
        raise SharingError(f"target {text!r}: {error}") from None
    if not value:
        raise SharingError(f"target {text!r} has no value")
    return Target(kind, value, starts, ends)


def register(
    workspace: Workspace,
    user: User,
    op_ref: str,
    contact: str,
    targets: Sequence[Target],
    purpose: str,
) -> list[Alert]:
    """Register an operation of the user's agency; returns the alerts it raises for that agency."""
    require_query_role(user)
    if not op_ref.strip() or not contact.strip() or not targets:
        raise SharingError("an operation has a reference, a contact and at least one target")
    if workspace.scalar("SELECT count(*) FROM sharing.operations WHERE op_ref = ?", [op_ref]):
        raise SharingError(f"operation {op_ref!r} is already registered")
    with workspace.transaction():
        workspace.rows(
            "INSERT INTO sharing.operations VALUES (?, ?, ?, ?, ?, NULL)",
            [op_ref, user.agency, contact, user.name, utc_now()],
        )
        for target in targets:
            workspace.rows(
                "INSERT INTO sharing.targets VALUES (?, ?, ?, ?, ?)",
                [op_ref, target.kind, target.value, target.starts_on, target.ends_on],
            )
    audit.append_by(
        workspace,
        user,
        Action.COLLECTION,
        purpose=purpose,
        case_ref=op_ref,
        detail={"path": "deconflict register", "targets": len(targets)},
    )
    check(workspace)
    return [a for a in alerts_for(workspace, user) if a.our_operation == op_ref]


def close(workspace: Workspace, user: User, op_ref: str) -> None:
    owner = workspace.scalar("SELECT agency FROM sharing.operations WHERE op_ref = ?", [op_ref])
    if owner != user.agency:
        raise SharingError(f"no operation {op_ref!r} of {user.agency}")
    workspace.rows(
        "UPDATE sharing.operations SET closed_at = ? WHERE op_ref = ?", [utc_now(), op_ref]
    )
    audit.append_by(
        workspace, user, Action.ALTERATION, purpose="deconfliction: operation closed",
        detail={"path": "deconflict close", "operation": op_ref},
    )  # fmt: skip


def check(workspace: Workspace) -> int:
    """Compare every pair of open operations of different agencies; returns new alerts raised."""
    index.refresh(workspace)
    operations = dict(
        workspace.rows("SELECT op_ref, agency FROM sharing.operations WHERE closed_at IS NULL")
    )
    keys: dict[str, list[tuple[str, dt.date, dt.date]]] = {op: [] for op in operations}
    for op, kind, value, starts, ends in workspace.rows(
        "SELECT op_ref, kind, value, starts_on, ends_on FROM sharing.targets"
    ):
        if op in keys:
            keys[op] += [(key, starts, ends) for key in _keys(workspace, kind, value)]
    raised = 0
    for left, right in itertools.combinations(sorted(operations), 2):
        if operations[left] == operations[right]:
            continue
        for kind in _overlaps(keys[left], keys[right]):
            raised += _raise(workspace, left, right, kind)
    return raised


def _overlaps(
    left: list[tuple[str, dt.date, dt.date]], right: list[tuple[str, dt.date, dt.date]]
) -> set[str]:
    found = set()
    for (a, a_start, a_end), (b, b_start, b_end) in itertools.product(left, right):
        if a == b and a_start <= b_end and b_start <= a_end:
            prefix = a.split(":", 1)[0]
            found.add(
                {"entity": "same entity", "address": "same place and time"}.get(
                    prefix, "same identifier"
                )
            )
    return found


def _raise(workspace: Workspace, left: str, right: str, kind: str) -> int:
    if workspace.scalar(
        "SELECT count(*) FROM sharing.alerts WHERE op_a = ? AND op_b = ? AND kind = ?",
        [left, right, kind],
    ):
        return 0
    workspace.rows(
        "INSERT INTO sharing.alerts VALUES (nextval('sharing.alert_ids'), ?, ?, ?, ?)",
        [left, right, kind, utc_now()],
    )
    return 1


_ID_KINDS = {"phone": "phone", "vehicle": "plate", "document": "document", "email": "email"}


def _keys(workspace: Workspace, kind: str, value: str) -> set[str]:
    """What a target stands for: its identifier, and the resolved entities it belongs to."""
    if kind == "address":
        return {f"address:{value}"}
    if kind == "person":
        return _person_keys(workspace, value)
    id_kind = _ID_KINDS[kind]
    found = {f"{id_kind}:{value}"}
    holders = workspace.rows(
        "SELECT source, record_id FROM sharing.search_ids WHERE kind = ? AND value = ?",
        [id_kind, value],
    )
    for source, record in holders:
        found |= _entities_of(workspace, source, record)
    return found


def _person_keys(workspace: Workspace, value: str) -> set[str]:
    members = workspace.rows("SELECT source, record_id FROM clusters WHERE entity_id = ?", [value])
    if members:
        found = {f"entity:{value}"}
    else:
        source, _, record = value.partition(":")
        members, found = [(source.upper(), record)], _entities_of(workspace, source.upper(), record)
    for source, record in members:
        for kind, ident in workspace.rows(
            "SELECT kind, value FROM sharing.search_ids WHERE source = ? AND record_id = ?",
            [source, record],
        ):
            found.add(f"{kind}:{ident}")
    return found


def _entities_of(workspace: Workspace, source: str, record: str) -> set[str]:
    rows = workspace.rows(
        "SELECT entity_id FROM clusters WHERE source = ? AND record_id = ?", [source, record]
    )
    return {f"entity:{e}" for (e,) in rows} or {f"entity:{RecordKey(source, record)}"}


def alerts_for(workspace: Workspace, user: User) -> list[Alert]:
    """The alerts on the user's agency's operations: whom to contact, never the other's details."""
    rows = workspace.rows(
        "SELECT a.alert_id, a.kind, a.raised_at, oa.op_ref, oa.agency, oa.contact, "
        "ob.op_ref, ob.agency, ob.contact FROM sharing.alerts a "
        "JOIN sharing.operations oa ON oa.op_ref = a.op_a "
        "JOIN sharing.operations ob ON ob.op_ref = a.op_b "
        "WHERE oa.agency = ? OR ob.agency = ? ORDER BY a.alert_id",
        [user.agency, user.agency],
    )
    found = []
    for alert_id, kind, raised, op_a, agency_a, contact_a, op_b, agency_b, contact_b in rows:
        if agency_a == user.agency:
            found.append(Alert(alert_id, op_a, agency_b, contact_b, kind, raised))
        else:
            found.append(Alert(alert_id, op_b, agency_a, contact_a, kind, raised))
    return found


def region_of(user: User) -> str | None:
    return agency(user.agency).country
