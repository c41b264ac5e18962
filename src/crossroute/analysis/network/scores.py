"""Agreement between two partitions of the same items: normalised mutual information and the adjusted
Rand index, computed from the contingency table (no scikit-learn needed)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray


def _codes(labels: Sequence[object] | NDArray[np.generic]) -> NDArray[np.int64]:
    _, codes = np.unique(np.asarray(labels, dtype=object).astype(str), return_inverse=True)
    return codes.astype(np.int64)


def _contingency(
    a: Sequence[object] | NDArray[np.generic], b: Sequence[object] | NDArray[np.generic]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Non-zero cell counts and the row and column sums."""
    if len(a) != len(b):
        raise ValueError(f"partitions differ in length: {len(a)} and {len(b)}")
    ca, cb = _codes(a), _codes(b)
    pairs = ca * (int(cb.max(initial=0)) + 1) + cb
    _, cells = np.unique(pairs, return_counts=True)
    return (
        cells.astype(np.float64),
        np.bincount(ca).astype(np.float64),
        np.bincount(cb).astype(np.float64),
    )


def _entropy(counts: NDArray[np.float64], n: float) -> float:
    p = counts[counts > 0] / n
    return float(-(p * np.log(p)).sum())


def nmi(
    a: Sequence[object] | NDArray[np.generic], b: Sequence[object] | NDArray[np.generic]
) -> float:
    """Normalised mutual information with the arithmetic mean of the entropies (scikit-learn's
    default); 1.0 when both partitions put everything in one group."""
    n = float(len(a))
    if n == 0:
        return 1.0
    ca, cb = _codes(a), _codes(b)
    pairs = ca * (int(cb.max(initial=0)) + 1) + cb
    keys, cells = np.unique(pairs, return_counts=True)
    rows = np.bincount(ca).astype(np.float64)
    cols = np.bincount(cb).astype(np.float64)
    ha, hb = _entropy(rows, n), _entropy(cols, n)
    if ha == 0.0 and hb == 0.0:
        return 1.0
    i, j = keys // (int(cb.max(initial=0)) + 1), keys % (int(cb.max(initial=0)) + 1)
    p = cells / n
    mi = float((p * np.log(p * n * n / (rows[i] * cols[j]))).sum())
    return max(0.0, min(1.0, mi / ((ha + hb) / 2)))


def ari(
    a: Sequence[object] | NDArray[np.generic], b: Sequence[object] | NDArray[np.generic]
) -> float:
    """Adjusted Rand index (Hubert and Arabie); 1.0 for identical partitions."""
    cells, rows, cols = _contingency(a, b)
    n = float(len(a))

    def pairs(x: NDArray[np.float64]) -> float:
        return float((x * (x - 1) / 2).sum())

    total = n * (n - 1) / 2
    if total == 0:
        return 1.0
    index, sa, sb = pairs(cells), pairs(rows), pairs(cols)
    expected = sa * sb / total
    maximum = (sa + sb) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
