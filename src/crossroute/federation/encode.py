"""A node's published encodings: its persons as hardened filters, its identifiers as keyed digests.

Everything published is read through the sharing gate (`gated.py`) by the node's publishing account
with a purpose, so the policy decides what may leave (handling codes, data subjects) and the read is
audited. References are opaque: an HMAC of `source|record_id` under a key of the node, so a peer learns which
node holds a hit and a reference to ask about, not the agency's record numbers. The owner finds the
record again with `Publication.records` (kept at home, never sent).
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from crossroute.federation.bloom import Encoder, EncodingSpec
from crossroute.federation.gated import Reader, gated_records
from crossroute.federation.identifiers import IdentifierHasher
from crossroute.federation.secret import FederationSecret
from crossroute.federation.tokens import PersonValues
from crossroute.model.record_key import RecordKey
from crossroute.resolve.identifiers import identifier_properties
from crossroute.store import Workspace


@dataclass(frozen=True)
class IdentifierDigest:
    kind: str  # phone, document, iban, email, plate, ...
    digest: str  # hexadecimal keyed HMAC of the value
    reference: str  # the opaque reference of the record holding it


@dataclass(frozen=True)
class Encodings:
    """What a node publishes to its peers: no name, no value, no record number."""

    node: str
    spec: EncodingSpec
    references: tuple[str, ...]  # one per row of `filters`
    filters: npt.NDArray[np.uint64]  # (persons, spec.bits // 64)
    identifiers: tuple[IdentifierDigest, ...] = ()

    def __len__(self) -> int:
        return len(self.references)


@dataclass(frozen=True)
class Publication:
    """Encodings and, kept at home, the record each reference stands for."""

    encodings: Encodings
    records: dict[str, str]  # reference -> source|record_id


def reference(secret: FederationSecret, node: str, record_key: str) -> str:
    """The opaque reference of one record of one node, keyed with `secret` (the node's own)."""
    key = secret.key(f"reference/{node}")
    digest = hmac.new(key, record_key.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{node}:{digest[:24]}"


def read_persons(
    workspace: Workspace, reader: Reader, sources: Sequence[str] | None = None
) -> list[tuple[str, PersonValues]]:
    """(source|record_id, values) of every Person record the reader sees in full (the sharing gate)."""
    return person_values(gated_records(workspace, reader, ["Person"], sources))


def person_values(found: Sequence[dict[str, Any]]) -> list[tuple[str, PersonValues]]:
    persons = []
    for record in found:
        if record["schema"] != "Person":
            continue
        props = record["properties"]
        name = record["caption"] or " ".join(
            v for v in (_first(props, "firstName"), _first(props, "lastName")) if v
        )
        values = PersonValues(name or None, _first(props, "birthDate"), _first(props, "gender"))
        persons.append((_key(record), values))
    return persons


def identifier_values(found: Sequence[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(kind, value, source|record_id) of every identifier value of these records."""
    kinds: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for schema, prop, kind in identifier_properties():
        kinds[schema].append((prop, kind))
    return [
        (kind, str(value), _key(record))
        for record in found
        for prop, kind in kinds.get(record["schema"], ())
        for value in record["properties"].get(prop) or ()
        if value is not None
    ]


def _first(props: dict[str, Any], name: str) -> str | None:
    values = props.get(name) or []
    return str(values[0]) if values else None


def _key(record: dict[str, Any]) -> str:
    return str(RecordKey(str(record["source"]), str(record["record_id"])))


def publish(
    workspace: Workspace,
    secret: FederationSecret,
    node: str,
    reader: Reader,
    spec: EncodingSpec | None = None,
    sources: Sequence[str] | None = None,
    own: FederationSecret | None = None,
) -> Publication:
    """Encode the persons and identifiers the reader may see (of the given agencies only, if named):
    one read through the sharing gate, audited with the reader's purpose. References are keyed
    with the node's `own` secret; without one, with the federation secret, which every peer holds
    (a peer could then test guessed record numbers against them)."""
    schemas = sorted({"Person", *(schema for schema, _, _ in identifier_properties())})
    found = gated_records(workspace, reader, schemas, sources)
    publication = publish_persons(person_values(found), secret, node, spec, own)
    hasher = IdentifierHasher(secret)
    refs = {key: ref for ref, key in publication.records.items()}
    identifiers = []
    for kind, value, key in identifier_values(found):
        ref = refs.get(key) or reference(own or secret, node, key)
        publication.records.setdefault(ref, key)
        identifiers.append(IdentifierDigest(kind, hasher.digest(kind, value), ref))
    encodings = publication.encodings
    return Publication(
        Encodings(
            node, encodings.spec, encodings.references, encodings.filters, tuple(identifiers)
        ),
        publication.records,
    )


def publish_persons(
    persons: Sequence[tuple[str, PersonValues]],
    secret: FederationSecret,
    node: str,
    spec: EncodingSpec | None = None,
    own: FederationSecret | None = None,
) -> Publication:
    """Encodings of (record key, values) pairs, in their order (references keyed as in `publish`)."""
    encoder = Encoder(secret, spec)
    refs = tuple(reference(own or secret, node, key) for key, _ in persons)
    filters = encoder.encode([values for _, values in persons])
    records = {ref: key for ref, (key, _) in zip(refs, persons, strict=True)}
    return Publication(Encodings(node, encoder.spec, refs, filters), records)
