"""Cryptographic long-term keys (CLK): every field's tokens hashed into one Bloom filter, then hardened.

Each token is hashed with its field's own HMAC-SHA256 key (derived from the federation secret), and the
digest gives the token's k bit positions directly ("random hashing"): unlike double hashing, the
positions of two tokens share no arithmetic structure an attacker could solve for (Kroll and
Steinmetzer's attack on double hashing). The number of positions per token is the field's weight.
A salt, when used, is part of every hashed message: the same token then sets different bits in
records with different salts.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from crossroute.federation.hardening import Bits, balance, pack, xor_fold
from crossroute.federation.secret import FederationSecret
from crossroute.federation.tokens import FIELDS, PersonValues, birth_year, person_tokens

# Bit positions per token, by field.
DEFAULT_HASHES: dict[str, int] = {
    "name": 10,
    "skeleton": 16,
    "symbol": 8,
    "year": 24,
    "decade": 8,
    "daymonth": 16,
    "sex": 6,
}
# A record's filter is two segments, each a Bloom filter of its own, hardened on its own and then
# laid end to end: the matcher compares whole filters (a candidate needs its name and birth to agree
# overall) and then scores each segment apart, so that a missing date of birth is no disagreement.
SEGMENTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "skeleton", "symbol", "sex"),
    "year": ("year", "decade"),
    "daymonth": ("daymonth",),
}
Salt = Literal["none", "birth_year"]


@dataclass(frozen=True)
class EncodingSpec:
    """How persons are encoded; every node of a federation must use the same spec and secret."""

    name_bits: int = 512  # Bloom filter of the name segment, before hardening; a power of two
    birth_bits: int = 128  # of the year segment and of the day-and-month segment
    xor_folds: int = 1
    balanced: bool = False
    salt: Salt = "none"
    hashes: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_HASHES))

    def __post_init__(self) -> None:
        for bits in (self.name_bits, self.birth_bits):
            if bits & (bits - 1) or not 64 <= bits <= 65536:
                raise ValueError("segment sizes must be powers of two from 64 to 65536")
            if (bits >> self.xor_folds) % 64:
                raise ValueError(f"{bits} bits folded {self.xor_folds} times is too short")
        unknown = set(self.hashes) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}; known: {', '.join(FIELDS)}")

    def segment_bits(self, segment: str) -> int:
        """Length of one published segment."""
        bits = self.name_bits if segment == "name" else self.birth_bits
        folded = bits >> self.xor_folds
        return folded * 2 if self.balanced else folded

    def segment_words(self) -> dict[str, slice]:
        """The uint64 words of each segment in a published filter."""
        found, start = {}, 0
        for segment in SEGMENTS:
            words = self.segment_bits(segment) // 64
            found[segment] = slice(start, start + words)
            start += words
        return found

    @property
    def bits(self) -> int:
        """Length of the published filter."""
        return sum(self.segment_bits(segment) for segment in SEGMENTS)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> EncodingSpec:
        values: dict[str, Any] = json.loads(text)
        return cls(**values)


class Encoder:
    """Encodes persons into hardened filters under one secret and spec."""

    def __init__(self, secret: FederationSecret, spec: EncodingSpec | None = None) -> None:
        self.spec = spec or EncodingSpec()
        self._keys = {name: secret.key(f"clk/{name}") for name in FIELDS}
        self._permutation_key = secret.key("clk/balance")
        self._positions: dict[tuple[str, str, str], npt.NDArray[np.intp]] = {}

    def positions(self, field_name: str, token: str, salt: str = "") -> npt.NDArray[np.intp]:
        """The bit positions one token sets (before hardening)."""
        cache_key = (field_name, token, salt)
        found = self._positions.get(cache_key)
        if found is None:
            found = self._hash(field_name, f"{salt}\x1f{token}".encode())
            self._positions[cache_key] = found
        return found

    def _hash(self, field_name: str, message: bytes) -> npt.NDArray[np.intp]:
        count = self.spec.hashes.get(field_name, 0)
        size = self.spec.name_bits if field_name in SEGMENTS["name"] else self.spec.birth_bits
        digest = b""
        for block in range(-(-count // 16)):
            digest += hmac.new(
                self._keys[field_name], block.to_bytes(2, "big") + message, hashlib.sha256
            ).digest()
        words = np.frombuffer(digest, dtype="<u2")[:count]
        return (words % size).astype(np.intp)

    def bloom(self, persons: Sequence[PersonValues], segment: str) -> Bits:
        """Plain Bloom filters of one segment (no hardening), one row per person."""
        fields = SEGMENTS[segment]
        rows, columns = [], []
        for row, person in enumerate(persons):
            salt = birth_year(person) if self.spec.salt == "birth_year" else ""
            for field_name, tokens in person_tokens(person).items():
                if field_name not in fields:
                    continue
                for token in tokens:
                    found = self.positions(field_name, token, salt)
                    columns.append(found)
                    rows.append(np.full(len(found), row, dtype=np.intp))
        size = self.spec.name_bits if segment == "name" else self.spec.birth_bits
        bits = np.zeros((len(persons), size), dtype=bool)
        if columns:
            bits[np.concatenate(rows), np.concatenate(columns)] = True
        return bits

    def harden(self, bits: Bits, segment: str) -> Bits:
        """XOR-fold, then balance, as the spec says."""
        bits = xor_fold(bits, self.spec.xor_folds)
        if not self.spec.balanced:
            return bits
        return balance(bits, self._permutation_key + segment.encode())

    def encode(self, persons: Sequence[PersonValues]) -> npt.NDArray[np.uint64]:
        """Hardened filters packed into uint64 words: shape (persons, spec.bits // 64)."""
        segments = [pack(self.harden(self.bloom(persons, s), s)) for s in SEGMENTS]
        return np.ascontiguousarray(np.concatenate(segments, axis=1))
