"""The federation secret: one shared key from which every keyed hash of the federation is derived.

Every node of a federation holds the same secret (it is exchanged out of band, like a Prüm key); without
it nobody can compute an encoding, so a dictionary of names is useless to an outsider. Each purpose gets
its own sub-key (HMAC of the secret and the purpose's name), so a name q-gram, a phone number and a
reference never share a hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path

MIN_BYTES = 16


class SecretError(ValueError):
    """A federation secret that is missing or too short."""


@dataclass(frozen=True)
class FederationSecret:
    """A shared secret of at least 16 bytes; `key(purpose)` derives one sub-key per purpose."""

    value: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.value) < MIN_BYTES:
            raise SecretError(f"a federation secret needs at least {MIN_BYTES} bytes")

    @classmethod
    def read(cls, path: Path) -> FederationSecret:
        """The secret held in a file (its bytes, without surrounding whitespace)."""
        return cls(path.read_bytes().strip())

    @classmethod
    def generate(cls) -> FederationSecret:
        """A new random secret (64 hexadecimal characters)."""
        return cls(secrets.token_hex(32).encode("ascii"))

    def key(self, purpose: str) -> bytes:
        """The sub-key for one purpose ("name", "phone", "permutation", ...)."""
        message = b"crossroute/federation/" + purpose.encode("utf-8")
        return hmac.new(self.value, message, hashlib.sha256).digest()
