"""Keyed HMACs of identifiers with exact values: phones (E.164), documents, IBANs, plates, e-mails...

An identifier is published as HMAC-SHA256(sub-key of its kind, value), truncated to 128 bits: a peer
holding the same identifier computes the same digest and learns a hit, nobody else learns anything.
Values are the workspace's cleaned values (one cleaner per type at ingest); documents are compared on
their OCR key (O/0, I/1, S/5...) as resolution does.
"""

from __future__ import annotations

import hashlib
import hmac

from crossroute.federation.secret import FederationSecret
from crossroute.model.values.documents import ocr_key

DIGEST_BYTES = 16


class IdentifierHasher:
    """Keyed digests of identifier values, one sub-key per kind."""

    def __init__(self, secret: FederationSecret) -> None:
        self._secret = secret
        self._keys: dict[str, bytes] = {}

    def digest(self, kind: str, value: str) -> str:
        """The hexadecimal digest of one cleaned value of one kind."""
        key = self._keys.get(kind)
        if key is None:
            key = self._keys[kind] = self._secret.key(f"identifier/{kind}")
        message = matching_form(kind, value).encode("utf-8")
        return hmac.new(key, message, hashlib.sha256).digest()[:DIGEST_BYTES].hex()


def matching_form(kind: str, value: str) -> str:
    """The form two agencies' cleaned values agree on."""
    if kind == "document":
        return ocr_key(value)
    if kind in {"email", "handle"}:
        return value.strip().lower()
    return value.strip().upper()
