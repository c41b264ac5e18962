"""Hardening of Bloom filters: XOR-folding and balancing, on boolean bit matrices (one row a record).

- XOR-folding (Schnell, Borgs, Encarnação 2016): the filter's two halves are XOR-ed into one. A bit of
  the published filter no longer says "this q-gram is present": it is the parity of two positions, so
  the bit patterns a pattern-mining attack looks for (positions always set together) are gone. It also
  halves the length, and so the cost of every comparison.
- Balancing (Berger, Schnell): the filter followed by its complement, permuted with a keyed
  permutation: every filter has exactly half its bits set, so the number of set bits no longer tells
  the length of a name. It doubles the length; an attacker who spots the complementary column pairs
  undoes it, so it hides filter weight only.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Bits = npt.NDArray[np.bool_]


def xor_fold(bits: Bits, folds: int = 1) -> Bits:
    """Fold each row in half `folds` times, XOR-ing the halves."""
    for _ in range(folds):
        width = bits.shape[1]
        if width % 2:
            raise ValueError(f"cannot fold {width} bits in half")
        bits = bits[:, : width // 2] ^ bits[:, width // 2 :]
    return bits


def balance(bits: Bits, key: bytes) -> Bits:
    """Each row followed by its complement, columns permuted by a permutation drawn from `key`."""
    doubled = np.concatenate([bits, ~bits], axis=1)
    return doubled[:, keyed_permutation(doubled.shape[1], key)]


def keyed_permutation(size: int, key: bytes) -> npt.NDArray[np.intp]:
    """A permutation of range(size) that only holders of `key` can compute."""
    generator = np.random.Generator(np.random.PCG64(int.from_bytes(key, "big")))
    return generator.permutation(size)


def pack(bits: Bits) -> npt.NDArray[np.uint64]:
    """Boolean rows (width a multiple of 64) as rows of uint64 words."""
    if bits.shape[1] % 64:
        raise ValueError(f"{bits.shape[1]} bits is not a whole number of 64-bit words")
    packed = np.packbits(bits, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view(np.uint64)


def unpack(words: npt.NDArray[np.uint64]) -> Bits:
    """The inverse of `pack`."""
    as_bytes = np.ascontiguousarray(words).view(np.uint8)
    return np.unpackbits(as_bytes, axis=1, bitorder="little").astype(bool)
