"""Encodings and hits as JSON, for node-to-node messages: filters as base64 of their little-endian
64-bit words, references and digests as they are (opaque), the spec (public) so a peer can check it
encodes the same way."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import numpy as np

from crossroute.federation.bloom import EncodingSpec
from crossroute.federation.encode import Encodings, IdentifierDigest
from crossroute.federation.hits import Hit

MAX_PERSONS = 2_000_000


def encodings_json(encodings: Encodings) -> dict[str, Any]:
    return {
        "node": encodings.node,
        "spec": encodings.spec.to_json(),
        "references": list(encodings.references),
        "filters": base64.b64encode(encodings.filters.astype("<u8").tobytes()).decode("ascii"),
        "identifiers": [[i.kind, i.digest, i.reference] for i in encodings.identifiers],
    }


def encodings_from_json(data: dict[str, Any]) -> Encodings:
    """The peer's encodings; ValueError when they are malformed."""
    spec = EncodingSpec.from_json(str(data["spec"]))
    references = tuple(str(r) for r in data["references"])
    words = spec.bits // 64
    raw = base64.b64decode(str(data["filters"]), validate=True)
    if len(references) > MAX_PERSONS or len(raw) != len(references) * words * 8:
        raise ValueError("the filters do not match the references and the spec")
    filters = np.frombuffer(raw, dtype="<u8").astype(np.uint64).reshape(len(references), words)
    identifiers = tuple(IdentifierDigest(str(k), str(d), str(r)) for k, d, r in data["identifiers"])
    return Encodings(str(data["node"]), spec, references, filters, identifiers)


def named(rows: Sequence[Sequence[Any]], names: Sequence[str]) -> list[dict[str, Any]]:
    """Rows as JSON objects."""
    return [dict(zip(names, row, strict=True)) for row in rows]


def hit_json(hit: Hit) -> dict[str, Any]:
    return {
        "query": hit.query,
        "node": hit.node,
        "reference": hit.reference,
        "score": hit.score,
        "kind": hit.kind,
    }


def hit_from_json(data: dict[str, Any]) -> Hit:
    return Hit(
        str(data["query"]),
        str(data["node"]),
        str(data["reference"]),
        float(data["score"]),
        str(data["kind"]),
    )
