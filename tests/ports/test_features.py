import numpy as np

from crossroute.analysis.ports.features import prior_sums


def test_prior_sums_count_only_earlier_days_of_the_same_key() -> None:
    codes = np.array([0, 1, 0, 0, 1, 0])
    day = np.array([1, 1, 1, 2, 3, 3])
    values = np.array([[1.0], [10.0], [2.0], [4.0], [20.0], [8.0]])
    (sums,) = prior_sums(codes, day, values)
    # key 0: day 1 rows see nothing (same day); day 2 sees 1 + 2; day 3 sees 1 + 2 + 4
    assert sums.tolist() == [0.0, 0.0, 0.0, 3.0, 10.0, 7.0]


def test_prior_sums_do_not_depend_on_row_order() -> None:
    rng = np.random.default_rng(3)
    codes, day = rng.integers(0, 5, 200), rng.integers(0, 20, 200)
    values = rng.random((200, 2))
    order = np.lexsort((day,))
    shuffled = prior_sums(codes, day, values)
    ordered = prior_sums(codes[order], day[order], values[order])
    for mixed, sorted_ in zip(shuffled, ordered, strict=True):
        assert np.allclose(mixed[order], sorted_)
    expected = [values[(codes == codes[i]) & (day < day[i]), 0].sum() for i in range(len(codes))]
    assert np.allclose(shuffled[0], expected)


def test_prior_sums_of_nothing() -> None:
    empty = np.zeros(0, dtype=np.int64)
    assert [len(s) for s in prior_sums(empty, empty, np.zeros((0, 3)))] == [0, 0, 0]
