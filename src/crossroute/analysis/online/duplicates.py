"""Near-duplicate posts: the same advert reposted with small edits, another number or an emoji. MinHash
signatures of character 5-grams of the masked text (numbers and prices are markers, so another number
changes nothing), banded for candidate pairs, pairs kept when their estimated Jaccard similarity is high,
clusters by union-find."""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

PERMUTATIONS = 64
BANDS = 16  # 4 rows a band: pairs at Jaccard 0.6 meet in some band with probability ~0.9
SIMILAR = 0.6
_PRIME = (1 << 61) - 1
_MAX = np.uint64((1 << 32) - 1)


def _shingles(text: str, size: int = 5) -> NDArray[np.uint64]:
    folded = " ".join(ch for ch in text.split() if not _is_symbol(ch))
    grams = {folded[i : i + size] for i in range(max(len(folded) - size + 1, 1))}
    return np.fromiter(
        (zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams)
    )


def _is_symbol(token: str) -> bool:
    """Emoji and lone punctuation tokens (what reposters add or drop)."""
    return all(not ch.isalnum() and ch not in "☎¤" for ch in token)


def signatures(texts: Sequence[str], seed: int = 15) -> NDArray[np.uint64]:
    """MinHash signatures, one row per text (PERMUTATIONS columns)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64)
    b = rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64)
    out = np.empty((len(texts), PERMUTATIONS), dtype=np.uint64)
    for row, text in enumerate(texts):
        grams = _shingles(text)
        # (a*x + b) mod 2^32 per permutation: uint64 arithmetic wraps, the low 32 bits are the hash.
        hashed = (grams[:, None] * a[None, :] + b[None, :]) & _MAX
        out[row] = hashed.min(axis=0)
    return out


def clusters(texts: Sequence[str]) -> list[int]:
    """For each text, the index of the first text of its near-duplicate cluster (itself when alone)."""
    sig = signatures(texts)
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows = PERMUTATIONS // BANDS
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        for i in range(len(texts)):
            buckets[sig[i, band * rows : (band + 1) * rows].tobytes()].append(i)
        for members in buckets.values():
            first = members[0]
            for other in members[1:]:
                if find(first) != find(other) and (sig[first] == sig[other]).mean() >= SIMILAR:
                    parent[max(find(first), find(other))] = min(find(first), find(other))
    return [find(i) for i in range(len(texts))]
