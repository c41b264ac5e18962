"""The score of a candidate pair: segments compared apart, identifiers by digest, one logistic model.

The matcher finds candidates on whole filters (Dice >= `CANDIDATE_DICE`). Each candidate then gets
features computed from what the two nodes published, and nothing else:
- the Dice coefficient of the name segment, and its square (the evidence grows fastest near 1);
- for the year and the day-and-month segments, when both records have one: their Dice and whether
  they are identical; a segment missing on either side (no date of birth, a 1 January default) is
  left out rather than counted as a disagreement;
- whether the two records share a document, phone or e-mail digest, and whether both have documents
  that all differ.
A logistic model turns them into a match probability. Its weights (`WEIGHTS`) were fitted once, by
`fit`, on a simulated scenario (seed 1, medium scale) and are shipped as constants, as Splink's
informed priors are; `benchmarks/federation.py --fit` refits them and checks them on another seed.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt

from crossroute.federation.encode import Encodings
from crossroute.federation.matcher import Candidates, Words

CANDIDATE_DICE = 0.6
FEATURES = (
    "intercept",
    "name",
    "name_squared",
    "year_dice",
    "year_same",
    "year_missing",
    "daymonth_present",
    "daymonth_dice",
    "daymonth_same",
    "document_same",
    "document_differs",
    "phone_same",
    "email_same",
)
# Fitted by `fit` on `crossroute simulate --seed 1 --scale medium` split across three nodes.
WEIGHTS = dict(
    zip(
        FEATURES,
        (-68.2, 129.0, -66.0, 4.5, 3.8, 5.0, -41.2, 52.9, -5.8, 20.7, -16.4, 6.0, 20.4),
        strict=True,
    )
)
Floats = npt.NDArray[np.float64]


def segment_dice(
    a: Words, b: Words, query: npt.NDArray[np.intp], base: npt.NDArray[np.intp], words: slice
) -> tuple[Floats, npt.NDArray[np.bool_]]:
    """Dice of one segment for each pair (a[query[i]], b[base[i]]), and whether both had bits."""
    left, right = a[query, words], b[base, words]
    both = np.bitwise_count(left & right).sum(axis=1, dtype=np.int64)
    count_l = np.bitwise_count(left).sum(axis=1, dtype=np.int64)
    count_r = np.bitwise_count(right).sum(axis=1, dtype=np.int64)
    return 2 * both / np.maximum(count_l + count_r, 1), (count_l > 0) & (count_r > 0)


def identifier_sets(encodings: Encodings) -> dict[str, dict[str, set[str]]]:
    """reference -> kind -> digests."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for item in encodings.identifiers:
        found[item.reference][item.kind].add(item.digest)
    return found


def features(mine: Encodings, theirs: Encodings, found: Candidates) -> Floats:
    """One row of `FEATURES` per candidate pair."""
    words = mine.spec.segment_words()
    a, b, q, r = mine.filters, theirs.filters, found.query, found.base
    name, _ = segment_dice(a, b, q, r, words["name"])
    year, has_year = segment_dice(a, b, q, r, words["year"])
    daymonth, has_daymonth = segment_dice(a, b, q, r, words["daymonth"])
    agreement = _identifier_agreement(mine, theirs, q, r)
    columns = [
        np.ones(len(q)),
        name,
        name**2,
        has_year * year,
        has_year * (year == 1),
        ~has_year,
        has_daymonth,
        has_daymonth * daymonth,
        has_daymonth * (daymonth == 1),
        *agreement,
    ]
    return np.column_stack(columns).astype(np.float64)


def _identifier_agreement(
    mine: Encodings, theirs: Encodings, query: npt.NDArray[np.intp], base: npt.NDArray[np.intp]
) -> list[Floats]:
    left, right = identifier_sets(mine), identifier_sets(theirs)
    empty: dict[str, set[str]] = {}
    rows = []
    for q, r in zip(query.tolist(), base.tolist(), strict=True):
        x = left.get(mine.references[q], empty)
        y = right.get(theirs.references[r], empty)
        documents_x, documents_y = x.get("document", set()), y.get("document", set())
        rows.append(
            (
                bool(documents_x & documents_y),
                bool(documents_x and documents_y and not documents_x & documents_y),
                bool(x.get("phone", set()) & y.get("phone", set())),
                bool(x.get("email", set()) & y.get("email", set())),
            )
        )
    table = np.array(rows, dtype=np.float64).reshape(len(rows), 4)
    return [table[:, i] for i in range(4)]


def probability(rows: Floats, weights: dict[str, float] | None = None) -> Floats:
    """The match probability of each row of features."""
    chosen = weights or WEIGHTS
    vector = np.array([chosen[name] for name in FEATURES])
    result: Floats = 1 / (1 + np.exp(-(rows @ vector)))
    return result


def fit(rows: Floats, labels: npt.NDArray[np.bool_], steps: int = 30) -> dict[str, float]:
    """Logistic regression by Newton's method (a little ridge keeps it finite on separable data)."""
    weights = np.zeros(rows.shape[1])
    target = labels.astype(np.float64)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(rows @ weights)))
        hessian = (rows * (p * (1 - p))[:, None]).T @ rows + 1e-3 * np.eye(len(weights))
        weights += np.linalg.solve(hessian, rows.T @ (target - p))
    return {name: round(float(w), 1) for name, w in zip(FEATURES, weights, strict=True)}
