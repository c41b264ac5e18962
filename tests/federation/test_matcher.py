"""The matcher finds exactly the pairs a brute-force Dice finds, on any number of threads."""

from __future__ import annotations

import numpy as np
import pytest

from crossroute.federation import Candidates, candidate_pairs, dice
from crossroute.federation.hardening import pack
from crossroute.federation.hits import resolve
from crossroute.federation.matcher import popcounts


def random_filters(rows: int, seed: int, density: float = 0.3) -> np.ndarray:
    return pack(np.random.default_rng(seed).random((rows, 384)) < density)


def brute_force(a: np.ndarray, b: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    return {(i, j) for i in range(len(a)) for j in range(len(b)) if dice(a[i], b[j]) >= threshold}


@pytest.mark.parametrize("workers", [1, 2])
def test_candidates_equal_brute_force(workers: int) -> None:
    a, b = random_filters(70, 1), random_filters(50, 2)
    b[:20] = a[:20]  # some exact copies
    b[20:30] = a[20:30] ^ pack(np.random.default_rng(3).random((10, 384)) < 0.05)  # near copies
    found = candidate_pairs(a, b, 0.5, workers=workers)
    assert set(zip(found.query.tolist(), found.base.tolist(), strict=True)) == brute_force(
        a, b, 0.5
    )
    for q, r, s in zip(found.query, found.base, found.score, strict=True):
        assert s == pytest.approx(dice(a[q], b[r]))


def test_blocks_larger_than_the_matrix_and_empty_inputs() -> None:
    a = random_filters(3, 4)
    found = candidate_pairs(a, a, 1.0)
    assert sorted(zip(found.query.tolist(), found.base.tolist(), strict=True)) == [
        (0, 0),
        (1, 1),
        (2, 2),
    ]
    assert len(candidate_pairs(a[:0], a, 0.5)) == 0
    with pytest.raises(ValueError, match="different shapes"):
        candidate_pairs(a, a[:, :2], 0.5)


def test_popcounts_and_dice() -> None:
    a = random_filters(4, 5)
    assert popcounts(a).tolist() == [int(np.bitwise_count(row).sum()) for row in a]
    assert dice(a[0], a[0]) == 1.0
    assert dice(np.zeros(2, np.uint64), np.zeros(2, np.uint64)) == 0.0


def test_best_and_one_to_one_resolution() -> None:
    found = Candidates(
        np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), np.array([0.9, 0.8, 0.95, 0.7])
    )
    best = resolve(found, "best")
    assert sorted(zip(best.query.tolist(), best.base.tolist(), strict=True)) == [(0, 0), (1, 0)]
    one = resolve(found, "one_to_one")
    assert sorted(zip(one.query.tolist(), one.base.tolist(), strict=True)) == [(0, 1), (1, 0)]
    assert len(resolve(found, "all")) == 4
