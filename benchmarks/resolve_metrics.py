"""Clustering quality: pairwise and B-cubed precision, recall and F1 of predicted clusters against truth.

Both sides are label arrays over the same records (position i = record i). Everything is computed from the
contingency table (true entity x predicted cluster -> number of records), never by listing record pairs:
a cluster of n records holds n(n-1)/2 pairs.

    uv run python benchmarks/resolve_metrics.py     # checks the functions on hand-made examples
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Scores:
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    clusters: int
    entities: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def pairs(sizes: np.ndarray) -> int:
    """Number of unordered record pairs inside groups of these sizes: sum n(n-1)/2."""
    sizes = sizes.astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def ratio(part: float, whole: float) -> float:
    """part / whole, 1.0 when there is nothing to get wrong (no pairs predicted, or none true)."""
    return 1.0 if whole == 0 else part / whole


def contingency(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> pd.DataFrame:
    """One row per non-empty (entity, cluster) cell: its records `n`, entity size `a`, cluster size `b`."""
    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} true labels but {len(predicted)} predicted ones")
    labels = pd.DataFrame({"entity": pd.factorize(pd.Series(truth))[0]})
    labels["cluster"] = pd.factorize(pd.Series(predicted))[0]
    cells = labels.groupby(["entity", "cluster"], sort=False).size().rename("n").reset_index()
    cells["a"] = cells.groupby("entity")["n"].transform("sum")
    cells["b"] = cells.groupby("cluster")["n"].transform("sum")
    return cells


def pairwise(cells: pd.DataFrame) -> tuple[float, float, float]:
    """Precision, recall, F1 over within-cluster record pairs."""
    both = pairs(cells["n"].to_numpy())
    predicted = pairs(cells.groupby("cluster")["n"].sum().to_numpy())
    true = pairs(cells.groupby("entity")["n"].sum().to_numpy())
    precision, recall = ratio(both, predicted), ratio(both, true)
    return precision, recall, f1(precision, recall)


def bcubed(cells: pd.DataFrame) -> tuple[float, float, float]:
    """Per-record averages: precision = share of its cluster in its entity, recall = the converse."""
    n = cells["n"].to_numpy(dtype=np.float64)
    records = n.sum()
    if records == 0:
        return 1.0, 1.0, 1.0
    precision = float((n * n / cells["b"].to_numpy()).sum() / records)
    recall = float((n * n / cells["a"].to_numpy()).sum() / records)
    return precision, recall, f1(precision, recall)


def score(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> Scores:
    """All figures for one clustering; truth[i] and predicted[i] label the same record."""
    cells = contingency(truth, predicted)
    return Scores(
        *pairwise(cells),
        *bcubed(cells),
        clusters=int(cells["cluster"].nunique()),
        entities=int(cells["entity"].nunique()),
    )


@dataclass(frozen=True)
class Aligned:
    """True and predicted labels of the same records, in the same order."""

    truth: list[str]
    predicted: list[str]
    quarantined: int  # true records absent from the prediction: singletons on both sides
    unknown: int  # predicted records absent from the truth: left out


def align(truth: pd.DataFrame, clusters: pd.DataFrame) -> Aligned:
    """Labels keyed by (source, record_id); both frames have source, record_id, entity_id.

    A true record missing from `clusters` (quarantined at ingest, so never resolved) becomes a singleton
    in the truth and in the prediction: it neither helps nor hurts, and its count is reported."""
    keys = ["source", "record_id"]
    for name, frame in (("truth", truth), ("clusters", clusters)):
        if frame.duplicated(keys).any():
            raise ValueError(f"{name} repeats (source, record_id) keys")
    joined = truth[[*keys, "entity_id"]].merge(
        clusters[[*keys, "entity_id"]], on=keys, how="left", suffixes=("_true", "_predicted")
    )
    missing = joined["entity_id_predicted"].isna()
    alone = "quarantined:" + joined["source"] + ":" + joined["record_id"]
    true_labels = ("entity:" + joined["entity_id_true"].astype(str)).where(~missing, alone)
    predicted = ("cluster:" + joined["entity_id_predicted"].astype(str)).where(~missing, alone)
    known = clusters[keys].merge(truth[keys], on=keys, how="left", indicator=True)
    return Aligned(
        truth=true_labels.tolist(),
        predicted=predicted.tolist(),
        quarantined=int(missing.sum()),
        unknown=int((known["_merge"] == "left_only").sum()),
    )


def _close(got: float, want: float) -> None:
    assert abs(got - want) < 1e-9, (got, want)


def self_check() -> None:
    """Hand-made examples whose figures are worked out on paper."""
    # Perfect clustering: everything 1.
    perfect = score(["a", "a", "b", "c", "c", "c"], [1, 1, 2, 3, 3, 3])
    assert perfect.as_dict() == {
        **dict.fromkeys(["pairwise_precision", "pairwise_recall", "pairwise_f1"], 1.0),
        **dict.fromkeys(["bcubed_precision", "bcubed_recall", "bcubed_f1"], 1.0),
        "clusters": 3,
        "entities": 3,
    }, perfect

    # All singletons (the stand-in) against truth {a,a,a},{b}: no pair predicted -> precision 1 by
    # convention, recall 0 (3 true pairs). B-cubed: precision 1; recall = (1/3*3 + 1) / 4 = 0.5.
    singles = score(["a", "a", "a", "b"], [1, 2, 3, 4])
    _close(singles.pairwise_precision, 1.0)
    _close(singles.pairwise_recall, 0.0)
    _close(singles.pairwise_f1, 0.0)
    _close(singles.bcubed_precision, 1.0)
    _close(singles.bcubed_recall, 0.5)
    _close(singles.bcubed_f1, 2 / 3)
    assert (singles.clusters, singles.entities) == (4, 2)

    # Everything in one cluster, truth {a,a,a},{b}: predicted pairs 6, true pairs 3, both 3.
    # B-cubed precision: a-records 3/4 each, b 1/4 -> (9/4 + 1/4) / 4 = 0.625; recall 1.
    lump = score(["a", "a", "a", "b"], [9, 9, 9, 9])
    _close(lump.pairwise_precision, 0.5)
    _close(lump.pairwise_recall, 1.0)
    _close(lump.pairwise_f1, 2 / 3)
    _close(lump.bcubed_precision, 0.625)
    _close(lump.bcubed_recall, 1.0)

    # Split and merge: truth {1,2,3},{4,5}; predicted {1,2},{3,4,5}.
    # Predicted pairs 1 + 3 = 4; true pairs 3 + 1 = 4; shared: (1,2) and (4,5) = 2 -> P = R = 0.5.
    # B-cubed precision: 1,2 -> 1; 3 -> 1/3; 4,5 -> 2/3 each: (2 + 1/3 + 4/3) / 5 = 11/15.
    # B-cubed recall: 1,2 -> 2/3 each; 3 -> 1/3; 4,5 -> 1: (4/3 + 1/3 + 2) / 5 = 11/15.
    mixed = score(["x", "x", "x", "y", "y"], ["p", "p", "q", "q", "q"])
    _close(mixed.pairwise_precision, 0.5)
    _close(mixed.pairwise_recall, 0.5)
    _close(mixed.bcubed_precision, 11 / 15)
    _close(mixed.bcubed_recall, 11 / 15)
    assert (mixed.clusters, mixed.entities) == (2, 2)

    # Label values do not matter, only the partition; and big clusters do not enumerate pairs.
    big = score([0] * 200_000, [0] * 100_000 + [1] * 100_000)
    _close(big.pairwise_precision, 1.0)
    _close(big.pairwise_recall, 2 * pairs(np.array([100_000])) / pairs(np.array([200_000])))
    _close(big.bcubed_recall, 0.5)
    check_align()
    print("resolve_metrics: all hand-made examples pass")


def check_align() -> None:
    """Keys are (source, record_id); missing records become singletons on both sides."""
    truth = pd.DataFrame(
        {
            "source": ["A", "A", "B", "B", "B"],
            "record_id": ["1", "2", "1", "2", "3"],
            "entity_id": ["x", "x", "x", "y", "y"],
        }
    )
    # B:3 was quarantined; C:9 is not in the truth; A:1 and B:1 share a record id but not a source.
    clusters = pd.DataFrame(
        {
            "source": ["B", "A", "A", "B", "C"],
            "record_id": ["1", "1", "2", "2", "9"],
            "entity_id": ["7", "7", "7", "8", "7"],
        }
    )
    aligned = align(truth, clusters)
    assert (aligned.quarantined, aligned.unknown) == (1, 1), aligned
    scores = score(aligned.truth, aligned.predicted)
    # Truth without B:3 joined: {A1,A2,B1},{B2},{B3}; predicted {A1,A2,B1},{B2},{B3}: perfect.
    assert scores.pairwise_f1 == 1.0 and scores.bcubed_f1 == 1.0, scores
    assert (scores.clusters, scores.entities) == (3, 3), scores


if __name__ == "__main__":
    self_check()
