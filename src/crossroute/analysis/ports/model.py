"""The risk model: two LightGBM models (any fraud; critical fraud) and one score that serves both.

LightGBM because the signal is in interactions of many high-cardinality codes with few labels per code
(gradient-boosted trees on target-encoded history handle them without one-hot blow-up), it trains a
million rows in seconds on two cores, and it gives exact per-row SHAP contributions (`pred_contrib=True`)
for the reason codes.

The score written for a file: the declarations among the top `critical_share` of the file by
critical-fraud probability take the top band (0.9 to 1, ordered by that probability); every other
declaration scores 0.9 x its fraud probability. So the first ~1% of the list is driven by critical fraud,
the rest by fraud.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from crossroute.analysis.ports.features import Vocabulary, build_features, with_derived

CRITICAL_SHARE = 0.01
TOP_BAND = 0.9
FRAUD_PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.03,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbose": -1,
    "seed": 1,
    "num_threads": 2,
}
FRAUD_ROUNDS = 300
CRITICAL_PARAMS: dict[str, Any] = {**FRAUD_PARAMS}
CRITICAL_ROUNDS = 300


@dataclass
class RiskModel:
    """What `ports train` learnt: the code vocabulary and the two boosters."""

    vocabulary: Vocabulary
    fraud: lgb.Booster
    critical: lgb.Booster
    facts: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "vocabulary": self.vocabulary.codes,
                "fraud": self.fraud.model_to_string(),
                "critical": self.critical.model_to_string(),
                "facts": self.facts,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> RiskModel:
        data = json.loads(text)
        return cls(
            Vocabulary(data["vocabulary"]),
            lgb.Booster(model_str=data["fraud"]),
            lgb.Booster(model_str=data["critical"]),
            data["facts"],
        )


@dataclass(frozen=True)
class Scored:
    """Per scored row: the probabilities, the score, and the matrix the reasons are read from."""

    declaration_id: np.ndarray
    fraud: np.ndarray
    critical: np.ndarray
    score: np.ndarray
    critical_band: np.ndarray
    features: pd.DataFrame


ROWS_PER_TREE = 100_000
"""At scale each tree sees a random sample of about this many rows (critical fraud: every positive and a
sample of the negatives), so a million declarations train in about the time of a tenth of that."""
AT_SCALE: dict[str, Any] = {"max_bin": 63, "force_col_wise": True, "learning_rate": 0.06}
"""Above ROWS_PER_TREE rows: 63 bins per feature (one byte, faster histograms), column-wise histograms
(many rows, ~180 features) and twice the learning rate for half the trees (ROUNDS_AT_SCALE); below it
the defaults the 2020 benchmark was measured with. On a million resampled declarations half the trees
lost 0.001 of fraud precision at 5% and 0.005 of critical precision at 1% (benchmarks/RESULTS.md), and
training, scoring and the reasons take about half the time."""
ROUNDS_AT_SCALE = 150
BINNING = ("max_bin", "force_col_wise")
"""The AT_SCALE settings the binned Dataset is built with (both models share its bins)."""


def rounds(default: int, rows: int) -> int:
    """Boosting rounds for a training set of `rows` (fewer at scale, see AT_SCALE)."""
    return default if rows <= ROWS_PER_TREE else min(default, ROUNDS_AT_SCALE)


def scaled(params: dict[str, Any], rows: int, positives: int | None = None) -> dict[str, Any]:
    """Bagging fractions and the learning rate for a large training set (unchanged below
    ROWS_PER_TREE rows)."""
    if rows <= ROWS_PER_TREE:
        return params
    if positives is None:
        return {**params, **AT_SCALE, "bagging_fraction": ROWS_PER_TREE / rows}
    negatives = max(rows - positives, 1)
    share = min(1.0, max(ROWS_PER_TREE - positives, 1) / negatives)
    return {**params, **AT_SCALE, "pos_bagging_fraction": 1.0, "neg_bagging_fraction": share}


def train(history: pd.DataFrame, seed: int = 1) -> RiskModel:
    """Train both models on labelled declarations; each row's history features use only earlier days.
    The features are binned once (one LightGBM Dataset) and the second model reuses the bins."""
    frame = _ordered(with_derived(history))
    vocabulary = Vocabulary.learn(frame)
    features = build_features(frame, np.ones(len(frame), dtype=bool), vocabulary)
    fraud_label = frame["fraud"].to_numpy(int)
    critical_label = (frame["critical_fraud"].to_numpy() == 2).astype(int)
    names = list(features.columns)
    categorical = [name for name in names if name.startswith("code_")]
    fraud_params = scaled({**FRAUD_PARAMS, "seed": seed}, len(frame))
    dataset = lgb.Dataset(
        features.to_numpy(np.float32),
        fraud_label,
        feature_name=names,
        categorical_feature=categorical,
        params={key: fraud_params[key] for key in BINNING if key in fraud_params},
        free_raw_data=True,
    )
    del features
    fraud = lgb.train(fraud_params, dataset, rounds(FRAUD_ROUNDS, len(frame)))
    dataset.set_label(critical_label)
    critical = lgb.train(
        scaled({**CRITICAL_PARAMS, "seed": seed}, len(frame), int(critical_label.sum())),
        dataset,
        rounds(CRITICAL_ROUNDS, len(frame)),
    )
    facts = {
        "rows": len(frame),
        "first_date": str(frame["date"].min().date()),
        "last_date": str(frame["date"].max().date()),
        "fraud_rate": float(fraud_label.mean()),
        "critical_rate": float(critical_label.mean()),
    }
    return RiskModel(vocabulary, fraud, critical, facts)


def score(model: RiskModel, history: pd.DataFrame, target: pd.DataFrame) -> Scored:
    """Score `target` rows. History gives labelled hit rates; the target's own labels are never read
    (its rows are unlabelled here, and history rows sharing their declaration id are left out)."""
    target = target.assign(fraud=np.nan, critical_fraud=np.nan)
    past = history[~history["declaration_id"].isin(target["declaration_id"])]
    combined = pd.concat(
        [past.assign(_target=False), target.assign(_target=True, _order=np.arange(len(target)))],
        ignore_index=True,
    )
    del past
    frame = _ordered(with_derived(combined))
    del combined
    chosen = frame["_target"].to_numpy(bool)
    features = build_features(frame, ~chosen, model.vocabulary, keep=chosen)
    order = frame.loc[chosen, "_order"].to_numpy(int)
    del frame
    rows = features.iloc[np.argsort(order)].reset_index(drop=True)
    del features
    matrix = rows.to_numpy(np.float32)
    fraud = np.asarray(model.fraud.predict(matrix), dtype=float)
    critical = np.asarray(model.critical.predict(matrix), dtype=float)
    del matrix
    band = critical_band(critical)
    return Scored(
        target["declaration_id"].to_numpy(),
        fraud,
        critical,
        blended(fraud, critical, band),
        band,
        rows,
    )


def critical_band(critical: np.ndarray, share: float = CRITICAL_SHARE) -> np.ndarray:
    """The rows among the top `share` of the file by critical-fraud probability."""
    count = int(np.ceil(len(critical) * share))
    band = np.zeros(len(critical), dtype=bool)
    if count:
        band[np.argsort(-critical, kind="stable")[:count]] = True
    return band


def blended(fraud: np.ndarray, critical: np.ndarray, band: np.ndarray) -> np.ndarray:
    """Top band ordered by critical probability, the rest by fraud probability; all in [0, 1]."""
    ranks = pd.Series(critical).rank(pct=True).to_numpy()
    return np.where(band, TOP_BAND + (1 - TOP_BAND) * ranks, TOP_BAND * fraud).clip(0.0, 1.0)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("date", kind="stable").reset_index(drop=True)
