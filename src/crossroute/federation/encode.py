"""A node's published encodings: its persons as hardened filters, its identifiers as keyed digests.

References are opaque: an HMAC of `source|record_id` under a key of the node, so a peer learns which
node holds a hit and a reference to ask about, not the agency's record numbers. The owner finds the
record again with `Publication.records` (kept at home, never sent).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crossroute.federation.bloom import Encoder, EncodingSpec
from crossroute.federation.identifiers import IdentifierHasher
from crossroute.federation.secret import FederationSecret
from crossroute.federation.tokens import PersonValues
from crossroute.resolve.identifiers import identifier_properties
from crossroute.store import Workspace
from crossroute.store.sql import quote_text

_PERSONS_SQL = """
SELECT source || '|' || record_id AS record_key,
       coalesce(full_name, concat_ws(' ', given_name, family_name)) AS name, birth_date, sex
FROM persons
WHERE ? IS NULL OR list_contains(?, source)
ORDER BY source, record_id
"""


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
    """The opaque reference of one record of one node."""
    key = secret.key(f"reference/{node}")
    digest = hmac.new(key, record_key.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{node}:{digest[:24]}"


def read_persons(
    workspace: Workspace, sources: Sequence[str] | None = None
) -> list[tuple[str, PersonValues]]:
    """(source|record_id, values) of every Person record, of the given agencies only if named."""
    wanted = list(sources) if sources is not None else None
    rows = workspace.rows(_PERSONS_SQL, [wanted, wanted])
    return [(key, PersonValues(name, birth, sex)) for key, name, birth, sex in rows]


def read_identifiers(
    workspace: Workspace, sources: Sequence[str] | None = None
) -> list[tuple[str, str, str]]:
    """(kind, value, source|record_id) of every identifier value of every record."""
    wanted = list(sources) if sources is not None else None
    found: list[tuple[str, str, str]] = []
    for schema, prop, kind in identifier_properties():
        path = quote_text(prop)
        rows = workspace.rows(
            "SELECT value, record_key FROM (SELECT source || '|' || record_id AS record_key, "
            f"unnest(CAST(json_extract(properties, '$.' || {path}) AS VARCHAR[])) AS value "
            "FROM records WHERE schema = ? AND (? IS NULL OR list_contains(?, source))) "
            "WHERE value IS NOT NULL",
            [schema, wanted, wanted],
        )
        found.extend((kind, value, key) for value, key in rows)
    return found


def publish(
    workspace: Workspace,
    secret: FederationSecret,
    node: str,
    spec: EncodingSpec | None = None,
    sources: Sequence[str] | None = None,
) -> Publication:
    """Encode a workspace's persons and identifiers (of the given agencies only, if named)."""
    persons = read_persons(workspace, sources)
    publication = publish_persons(persons, secret, node, spec)
    hasher = IdentifierHasher(secret)
    refs = {key: ref for ref, key in publication.records.items()}
    identifiers = []
    for kind, value, key in read_identifiers(workspace, sources):
        ref = refs.get(key) or reference(secret, node, key)
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
) -> Publication:
    """Encodings of (record key, values) pairs, in their order."""
    encoder = Encoder(secret, spec)
    refs = tuple(reference(secret, node, key) for key, _ in persons)
    filters = encoder.encode([values for _, values in persons])
    records = {ref: key for ref, (key, _) in zip(refs, persons, strict=True)}
    return Publication(Encodings(node, encoder.spec, refs, filters), records)
