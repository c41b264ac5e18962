"""Deconfliction across nodes: the targets of each node's open operations (registered with
`crossroute deconflict register`, sharing/deconfliction.py) compared the privacy-preserving way.

A node sends, per open operation, an opaque token (an HMAC of its reference), whom to contact, and
its targets as encodings: a person target as the filters of its records (read through the sharing
gate), every identifier (phone, plate, document, e-mail, folded address, and a person's own) as a
keyed digest; each with its time window. The peer matches them against its own open operations and
alerts its owners; the caller alerts its own from the answer. Neither learns the other's operation
reference, targets or records, only: which node, whom to contact, and whether a person or an
identifier overlaps. The windows travel in the clear (dates, no content).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from crossroute.federation.encode import (
    Encodings,
    IdentifierDigest,
    identifier_values,
    person_values,
    publish_persons,
)
from crossroute.federation.gated import Reader
from crossroute.federation.hits import match_identifiers, match_persons
from crossroute.federation.identifiers import IdentifierHasher
from crossroute.federation.node import Node
from crossroute.federation.wire import encodings_from_json, encodings_json, named
from crossroute.sharing import Purpose, gate
from crossroute.sharing.clock import utc_now
from crossroute.store import Workspace

_ID_KINDS = {
    "phone": "phone",
    "vehicle": "plate",
    "document": "document",
    "email": "email",
    "address": "address",
}
Window = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Offer:
    """A node's open operations, encoded: what is sent, and (kept home) token -> operation."""

    encodings: Encodings
    windows: dict[str, Window]  # encoding reference -> window
    contacts: dict[str, str]  # operation token -> contact
    operations: dict[str, str]  # operation token -> op_ref (never sent)

    def message(self) -> dict[str, Any]:
        return {
            "encodings": encodings_json(self.encodings),
            "windows": {k: [s.isoformat(), e.isoformat()] for k, (s, e) in self.windows.items()},
            "contacts": self.contacts,
        }


def offer(workspace: Workspace, node: Node) -> Offer:
    """This node's open operations and their targets, encoded."""
    ops = workspace.rows(
        "SELECT o.op_ref, o.contact, t.kind, t.value, t.starts_on, t.ends_on FROM sharing.operations o "
        "JOIN sharing.targets t USING (op_ref) WHERE o.closed_at IS NULL ORDER BY 1, 3, 4"
    )
    hasher = IdentifierHasher(node.secret)
    persons, digests, windows, contacts, operations = [], [], {}, {}, {}
    tokens: dict[str, str] = {}  # op_ref -> a random token for this exchange only
    reader = Reader(node.config.publisher, Purpose("federation: deconfliction with peer nodes"))
    for n, (op_ref, contact, kind, value, starts, ends) in enumerate(ops):
        token = tokens.setdefault(op_ref, secrets.token_hex(12))
        operations[token], contacts[token] = op_ref, contact
        ref = f"{token}/{n}"
        windows[ref] = (starts, ends)
        if kind == "person":
            found = _person_records(workspace, reader, value)
            persons += [(ref, values) for _, values in person_values(found)]
            digests += [(k, v, ref) for k, v, _ in identifier_values(found)]
        elif kind in _ID_KINDS:
            digests.append((_ID_KINDS[kind], value, ref))
    published = publish_persons(persons, node.secret, node.name, own=node.own)
    # person refs are rewritten to the target's ref: several records of one target share it
    refs = tuple(ref for ref, _ in persons)
    identifiers = tuple(IdentifierDigest(k, hasher.digest(k, v), r) for k, v, r in digests)
    encodings = Encodings(
        node.name, published.encodings.spec, refs, published.encodings.filters, identifiers
    )
    return Offer(encodings, windows, contacts, operations)


def compare(mine: Offer, theirs: dict[str, Any], peer: str) -> list[tuple[str, str, str]]:
    """(my token, their token, kind) for every target of theirs that overlaps one of mine in time."""
    encodings = encodings_from_json(theirs["encodings"])
    if encodings.node != peer:
        raise ValueError(f"{peer} sent encodings labelled {encodings.node}")
    windows = {
        k: (dt.date.fromisoformat(s), dt.date.fromisoformat(e))
        for k, (s, e) in theirs["windows"].items()
    }
    found = set()
    hits = [
        *match_persons(encodings, mine.encodings),
        *match_identifiers(encodings, mine.encodings),
    ]
    for hit in hits:
        (their_start, their_end), (my_start, my_end) = (
            windows[hit.query],
            mine.windows[hit.reference],
        )
        if my_start <= their_end and their_start <= my_end:
            kind = "same person" if hit.kind == "person" else "same identifier"
            found.add((_token(hit.reference), _token(hit.query), kind))
    return sorted(found)


def raise_alerts(
    workspace: Workspace, mine: Offer, peer: str, overlaps: list[tuple[str, str, str]]
) -> int:
    """Alerts for our operations (token, kind, their contact); returns how many are new."""
    raised = 0
    for token, contact, kind in overlaps:
        op_ref = mine.operations.get(token)
        if op_ref is None or workspace.scalar(
            "SELECT count(*) FROM federation.alerts WHERE our_operation = ? AND peer = ? "
            "AND kind = ?",
            [op_ref, peer, kind],
        ):
            continue
        workspace.rows(
            "INSERT INTO federation.alerts VALUES (nextval('federation.alert_ids'), ?, ?, ?, ?, ?)",
            [op_ref, peer, contact, kind, utc_now()],
        )
        raised += 1
    return raised


def alerts(workspace: Workspace) -> list[dict[str, Any]]:
    rows = workspace.rows(
        "SELECT alert_id, our_operation, peer, contact, kind, raised_at FROM federation.alerts "
        "ORDER BY alert_id"
    )
    return named(rows, ("alert_id", "our_operation", "peer", "contact", "kind", "raised_at"))


def _token(ref: str) -> str:
    return ref.rpartition("/")[0]


def _person_records(workspace: Workspace, reader: Reader, value: str) -> list[dict[str, Any]]:
    members = workspace.rows(
        "SELECT source, record_id FROM clusters WHERE entity_id = ? ORDER BY 1, 2", [value]
    )
    if not members:
        source, _, record = value.partition(":")
        members = [(source.upper(), record)]
    keys = [(str(s), str(r)) for s, r in members]
    views = gate.entity(
        workspace, reader.user, {value: keys}, reader.purpose, path="federation deconflict"
    )
    return [r for view in views for r in view.records if r["schema"] == "Person"]
