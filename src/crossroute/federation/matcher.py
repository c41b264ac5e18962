"""Dice-coefficient matching of packed filters, with numpy's popcount over uint64 words.

Dice(a, b) = 2 |a AND b| / (|a| + |b|). The base is transposed once (one row per word), and a block of
queries is compared with a block of the base word by word: AND, popcount (`np.bitwise_count`), add.
Blocks are small enough to stay in the CPU cache; counts of up to three words add up in uint8 before
they join the uint16 total (an 8-bit add is six times cheaper than a widening one). Pairs above a
lower bound for the whole block (from the smallest popcounts in it; rows are sorted by popcount so the
bound is tight) get their exact score. numpy
releases the GIL, so query blocks run on threads, one per core. Every pair is compared: nothing is
skipped, so `comparisons = len(a) * len(b)`.
"""

from __future__ import annotations

import itertools
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Words = npt.NDArray[np.uint64]
QUERY_BLOCK = 32
BASE_BLOCK = 4096
_WORDS_IN_UINT8 = 3  # 3 x 64 = 192 fits in a uint8


@dataclass(frozen=True)
class Candidates:
    """Pairs scoring at least the threshold: row in the queries, row in the base, Dice score."""

    query: npt.NDArray[np.intp]
    base: npt.NDArray[np.intp]
    score: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.score)


def popcounts(filters: Words) -> npt.NDArray[np.int64]:
    """Set bits per row."""
    counts: npt.NDArray[np.int64] = np.bitwise_count(filters).sum(axis=1, dtype=np.int64)
    return counts


def dice(a: Words, b: Words) -> float:
    """The Dice coefficient of two packed filters (1-D rows of words)."""
    both = int(np.bitwise_count(a & b).sum())
    total = int(np.bitwise_count(a).sum()) + int(np.bitwise_count(b).sum())
    return 2 * both / total if total else 0.0


def candidate_pairs(
    queries: Words, base: Words, threshold: float, workers: int | None = None
) -> Candidates:
    """Every (query, base) pair with Dice >= threshold; `workers` threads (default: the cores)."""
    if queries.ndim != 2 or base.ndim != 2 or queries.shape[1] != base.shape[1]:
        raise ValueError(f"filters of different shapes: {queries.shape} and {base.shape}")
    if len(queries) == 0 or len(base) == 0:
        return Candidates(np.empty(0, np.intp), np.empty(0, np.intp), np.empty(0))
    workers = max(1, workers or os.cpu_count() or 1)
    counts_q, counts_b = popcounts(queries), popcounts(base)
    # Rows sorted by popcount: a block's smallest popcounts, and so its lower bound, are then tight.
    order_q, order_b = np.argsort(counts_q, kind="stable"), np.argsort(counts_b, kind="stable")
    queries, counts_q = queries[order_q], counts_q[order_q]
    base_t, counts_b = np.ascontiguousarray(base[order_b].T), counts_b[order_b]
    bounds = np.linspace(0, len(queries), workers + 1).astype(int)
    parts = [(int(lo), int(hi)) for lo, hi in itertools.pairwise(bounds) if hi > lo]

    def run(part: tuple[int, int]) -> Candidates:
        lo, hi = part
        return _compare(queries[lo:hi], base_t, counts_q[lo:hi], counts_b, threshold, lo)

    if len(parts) == 1:
        found = [run(parts[0])]
    else:
        with ThreadPoolExecutor(len(parts)) as pool:
            found = list(pool.map(run, parts))
    query = np.concatenate([f.query for f in found])
    base_rows = np.concatenate([f.base for f in found])
    score = np.concatenate([f.score for f in found])
    order = np.lexsort((order_b[base_rows], order_q[query]))
    return Candidates(order_q[query][order], order_b[base_rows][order], score[order])


def _compare(
    queries: Words,
    base_t: Words,
    counts_q: npt.NDArray[np.int64],
    counts_b: npt.NDArray[np.int64],
    threshold: float,
    offset: int,
) -> Candidates:
    words, size = base_t.shape
    total = np.empty((QUERY_BLOCK, BASE_BLOCK), np.uint16)
    part = np.empty((QUERY_BLOCK, BASE_BLOCK), np.uint8)
    count = np.empty((QUERY_BLOCK, BASE_BLOCK), np.uint8)
    anded = np.empty((QUERY_BLOCK, BASE_BLOCK), np.uint64)
    hits_q, hits_b, scores = [], [], []
    for q0 in range(0, len(queries), QUERY_BLOCK):
        block = queries[q0 : q0 + QUERY_BLOCK]
        rows = len(block)
        for b0 in range(0, size, BASE_BLOCK):
            cols = min(BASE_BLOCK, size - b0)
            acc, tmp, cnt, sub = (
                total[:rows, :cols],
                anded[:rows, :cols],
                count[:rows, :cols],
                part[:rows, :cols],
            )
            for w0 in range(0, words, _WORDS_IN_UINT8):
                for w in range(w0, min(w0 + _WORDS_IN_UINT8, words)):
                    np.bitwise_and(block[:, w, None], base_t[w, None, b0 : b0 + cols], out=tmp)
                    if w == w0:
                        np.bitwise_count(tmp, out=sub)
                    else:
                        np.bitwise_count(tmp, out=cnt)
                        np.add(sub, cnt, out=sub)
                if w0 == 0:
                    np.copyto(acc, sub)
                else:
                    np.add(acc, sub, out=acc)
            pq, pb = counts_q[q0 : q0 + rows], counts_b[b0 : b0 + cols]
            floor = math.ceil(threshold / 2 * (int(pq.min()) + int(pb.min())) - 1e-9)
            qi, bi = np.nonzero(acc >= max(floor, 1))
            if len(qi) == 0:
                continue
            sums = pq[qi] + pb[bi]
            score = 2 * acc[qi, bi].astype(np.float64) / np.maximum(sums, 1)
            keep = score >= threshold
            hits_q.append(qi[keep] + q0 + offset)
            hits_b.append(bi[keep] + b0)
            scores.append(score[keep])
    if not scores:
        return Candidates(np.empty(0, np.intp), np.empty(0, np.intp), np.empty(0))
    return Candidates(
        np.concatenate(hits_q).astype(np.intp),
        np.concatenate(hits_b).astype(np.intp),
        np.concatenate(scores),
    )
