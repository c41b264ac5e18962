"""The learned score: LightGBM over the transaction features (`features`), trained on confirmed labels
(`txn_id,is_laundering`), with time-based validation (fit on the earlier 70% of the labelled period,
choose the decision threshold on the later 30%, then refit on all), and SHAP contributions from the
booster itself (`pred_contrib=True`) as each decision's explanation.

Without a model, the alerts are the detectors' alone (an unsupervised ranking by their scores)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crossroute.analysis.finance.detect import Detection
from crossroute.analysis.finance.features import ID_COLUMNS, transaction_features
from crossroute.analysis.finance.params import Thresholds
from crossroute.store import Workspace

PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "verbose": -1,
    # One thread: on a shared machine OpenMP threads spin while waiting for a core (measured at 1M
    # rows under load ~20: 31 CPU s with two threads, 4.9 CPU s with one, for the same 50 rounds).
    "num_threads": 1,
    "seed": 7,
}
ROUNDS = 300
NEVER = 1.01  # a threshold no probability reaches: the model adds no flag
MODEL_TYPOLOGY = "model"


@dataclass(frozen=True)
class TrainReport:
    model_id: int
    labelled: int
    positives: int
    threshold: float
    validation_f1: float
    top_features: list[tuple[str, float]]


def read_labels(path: Path) -> pa.Table:
    """`txn_id,is_laundering` (1/0, true/false, yes/no)."""
    import pyarrow.csv as pacsv

    table = pacsv.read_csv(
        path, convert_options=pacsv.ConvertOptions(column_types={"txn_id": pa.string()})
    )
    missing = {"txn_id", "is_laundering"} - set(table.column_names)
    if missing:
        raise ValueError(f"{path}: the labels file needs columns txn_id,is_laundering")
    flag = pc.cast(pc.utf8_lower(pc.cast(table.column("is_laundering"), pa.string())), pa.string())
    label = pc.is_in(flag, pa.array(["1", "true", "yes", "1.0"]))
    return pa.table({"txn_id": table.column("txn_id"), "label": label.cast(pa.int8())})


def train(
    workspace: Workspace,
    labels_path: Path,
    thresholds: Thresholds | None = None,
    *,
    labelled: Workspace | None = None,
) -> TrainReport:
    """Fit a model on the labelled transactions (those of `labelled`, another workspace holding a
    confirmed case, else this one's) and store it in this workspace. A system process, like
    resolution: the model holds no personal data, only split points over features."""
    from crossroute.analysis.finance.detect import detect

    p = thresholds or Thresholds()
    db = (labelled or workspace).db
    detect(db, p)
    features = transaction_features(db, p)
    labels = read_labels(labels_path)
    db.register("finance_labels", labels)
    db.register("finance_features", features)
    joined = db.sql(
        "SELECT f.*, l.label FROM finance_features f JOIN finance_labels l USING (txn_id) ORDER BY f.t"
    ).to_arrow_table()
    db.unregister("finance_labels")
    db.unregister("finance_features")
    names = [n for n in features.column_names if n not in ID_COLUMNS]
    x = np.column_stack([joined.column(n).to_numpy() for n in names])
    y = joined.column("label").to_numpy().astype(int)
    if y.sum() == 0 or y.sum() == len(y):
        raise ValueError("the labels need both laundering and ordinary transactions")
    cut = int(len(y) * 0.7)
    early = lgb.train(PARAMS, lgb.Dataset(x[:cut], y[:cut], feature_name=names), ROUNDS)
    # Deployed, the model only adds flags on payments with an account the detectors named
    # (`apply_model`): the threshold is the best for the model's own decisions among those payments.
    near = _near_alerts(joined)
    threshold, f1 = _best_threshold(
        np.where(near[cut:], np.asarray(early.predict(x[cut:])), 0.0), y[cut:]
    )
    booster = lgb.train(PARAMS, lgb.Dataset(x, y, feature_name=names), ROUNDS)
    gains = booster.feature_importance("gain")
    top = sorted(zip(names, gains.tolist(), strict=True), key=lambda kv: -kv[1])[:8]
    model_id = int(workspace.scalar("SELECT coalesce(max(model_id), 0) + 1 FROM finance_models"))
    workspace.rows(
        "INSERT INTO finance_models VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            model_id,
            dt.datetime.now(),
            str(labels_path),
            hashlib.sha256(labels_path.read_bytes()).hexdigest(),
            json.dumps(names),
            booster.model_to_string(),
            threshold,
            json.dumps({"validation_f1": f1, "labelled": len(y), "positives": int(y.sum())}),
        ],
    )
    return TrainReport(model_id, len(y), int(y.sum()), threshold, f1, top)


def _best_threshold(
    scores: np.ndarray, y: np.ndarray, detected: np.ndarray | None = None
) -> tuple[float, float]:
    """The decision threshold with the best F1 on the validation part of the flags deployed: the
    detectors' (`detected`) plus the model's at or above the threshold; above 1 when adding none is
    best (0.5 when the part has no positive)."""
    if y.sum() == 0:
        return 0.5, 0.0
    already = detected if detected is not None else np.zeros(len(y), dtype=bool)
    best = (NEVER, _f1(already, y))
    for threshold in np.linspace(0.05, 0.99, 95):
        f1 = _f1(already | (scores >= threshold), y)
        if f1 > best[1]:
            best = (float(threshold), f1)
    return best


def _near_alerts(features: pa.Table) -> np.ndarray:
    """Transactions with an account the detectors named: the only ones the model may add (it extends
    an alert to the payments around it, e.g. a hawala's missed payouts, rather than raising alerts of
    its own among look-alikes)."""
    src = features.column("src_hit_score").to_numpy()
    dst = features.column("dst_hit_score").to_numpy()
    return np.asarray((src > 0) | (dst > 0))


def _f1(flagged: np.ndarray, y: np.ndarray) -> float:
    tp = float((flagged & (y == 1)).sum())
    if tp == 0:
        return 0.0
    precision, recall = tp / flagged.sum(), tp / y.sum()
    return float(2 * precision * recall / (precision + recall))


def latest_model(workspace: Workspace) -> tuple[lgb.Booster, list[str], float] | None:
    found = workspace.rows(
        "SELECT booster, features, threshold FROM finance_models ORDER BY model_id DESC LIMIT 1"
    )
    if not found:
        return None
    text, names, threshold = found[0]
    return lgb.Booster(model_str=text), list(json.loads(names)), float(threshold)


def apply_model(
    workspace: Workspace, found: Detection, thresholds: Thresholds | None = None
) -> Detection:
    """The detection with the model's decisions added: a transaction the detectors did not flag, with
    an account they named, is flagged when the model's score reaches its threshold, in an alert of its account (`model:ACCOUNT`)
    explained by its SHAP contributions. Unchanged when no model was trained."""
    model = latest_model(workspace)
    if model is None:
        return found
    booster, names, threshold = model
    db = workspace.db
    features = transaction_features(db, thresholds or Thresholds())
    x = np.column_stack([features.column(n).to_numpy() for n in names])
    scores = np.asarray(booster.predict(x))
    keep = (scores >= threshold) & _near_alerts(features)
    if not keep.any():
        return found
    contributions = np.asarray(booster.predict(x[keep], pred_contrib=True))
    db.register(
        "finance_model_flags",
        pa.table(
            {
                "tid": features.column("tid").filter(pa.array(keep)),
                "score": pa.array(scores[keep]),
                "why": pa.array([_why(row, names) for row in contributions]),
            }
        ),
    )
    db.execute(
        "INSERT INTO finance_hits SELECT ?, 'model:' || coalesce(f.dst, f.src), m.tid, m.score "
        "FROM finance_model_flags m JOIN fx f USING (tid) "
        "WHERE m.tid NOT IN (SELECT tid FROM finance_hits)",
        [MODEL_TYPOLOGY],
    )
    db.execute(
        "INSERT INTO finance_reasons SELECT ?, 'model:' || coalesce(f.dst, f.src), "
        "[coalesce(f.dst, f.src)], any_value(m.why) FROM finance_model_flags m JOIN fx f USING (tid) "
        "GROUP BY ALL",
        [MODEL_TYPOLOGY],
    )
    db.unregister("finance_model_flags")
    from crossroute.analysis.finance.detect import combine

    flags, alerts = combine(db)
    return Detection(flags, alerts, found.transactions, found.seconds, found.cpu)


def _why(contributions: np.ndarray, names: list[str]) -> str:
    """The five features that pushed this decision most (SHAP contributions in log-odds)."""
    order = np.argsort(-np.abs(contributions[:-1]))[:5]
    return json.dumps(
        {"model_contributions": {names[i]: round(float(contributions[i]), 3) for i in order}}
    )
