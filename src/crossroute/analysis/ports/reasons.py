"""Reason codes: per-declaration SHAP contributions (LightGBM `pred_contrib=True`) grouped and worded.

Contributions of features about one thing (an importer's count, fraud rate and critical rate) are added up,
and the few groups that raised the risk most are written as a risk officer would say them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from crossroute.analysis.ports.features import HISTORY_KEYS, SEEN_KEYS

Row = dict[str, Any]
"""One declaration's features (or raw columns) by name."""

SUBJECTS = {
    "importer": "importer",
    "declarant": "declarant",
    "seller": "seller",
    "courier": "forwarder",
    "hs6": "HS code",
    "hs4": "HS heading",
    "hs2": "HS chapter",
    "office": "office",
    "origin": "origin country",
    "departure": "departure country",
    "departure_origin": "route (departure and origin)",
    "importer_hs6": "importer with this HS code",
    "importer_seller": "importer-seller pair",
    "declarant_importer": "declarant for this importer",
    "seller_hs6": "seller with this HS code",
    "office_hs6": "this HS code at this office",
    "origin_hs6": "this HS code from this origin",
    "importer_office": "importer at this office",
    "declarant_hs6": "declarant with this HS code",
    "tax_type_hs6": "this HS code under this tax type",
    "origin_hs4": "this HS heading from this origin",
    "origin_hs2": "this HS chapter from this origin",
    "departure_hs6": "this HS code from this departure country",
    "tax_type_hs4": "this HS heading under this tax type",
    "origin_tax_type_hs6": "this HS code from this origin under this tax type",
    "departure_origin_hs6": "this HS code on this route",
    "importer_origin": "importer with this origin",
    "seller_origin": "seller with this origin",
    "office_origin_hs6": "this HS code from this origin at this office",
    "hs6_origin_indicator": "this HS code with this origin indicator",
    "hs6_import_type": "this HS code under this import type",
    "hs6_transport_mode": "this HS code by this mode of transport",
    "hs6_item_price": "same HS code at the same declared price",
    "hs6_net_mass": "same HS code with the same net mass",
    "item_price": "same declared price",
}
CODE_WORDS = {
    "office": "office",
    "process_type": "process type",
    "import_type": "import type",
    "import_use": "import use",
    "payment_type": "payment type",
    "transport_mode": "mode of transport",
    "tax_type": "tax type",
    "origin_indicator": "origin indicator",
    "departure": "departure country",
    "origin": "origin country",
    "hs2": "HS chapter",
}


def feature_groups(columns: list[str]) -> dict[str, str]:
    """Feature name -> the group its contribution counts towards."""
    groups: dict[str, str] = {}
    for key in HISTORY_KEYS:
        name = "_".join(key)
        for prefix in ("n_", "fraud_rate_", "critical_rate_", "critical_share_"):
            groups[prefix + name] = "history:" + name
    for key in SEEN_KEYS:
        name = "_".join(key)
        groups["seen_" + name] = "seen:" + name
        groups["days_known_" + name] = "seen:" + name
    for column in columns:
        if column.startswith(
            ("unit_value_", "log_unit_value", "net_mass", "item_price", "log_tax")
        ):
            groups[column] = "value"
        elif column.startswith("code_"):
            groups[column] = "code:" + column.removeprefix("code_")
        groups.setdefault(column, column)
    return groups


def explain(
    booster: lgb.Booster, features: pd.DataFrame, raw: pd.DataFrame, top: int = 3
) -> list[list[tuple[str, float]]]:
    """Per row, the `top` groups that raised the risk most, as (words, contribution in log-odds)."""
    if features.empty:
        return []
    contributions = np.asarray(booster.predict(features, pred_contrib=True))[:, :-1]
    groups = feature_groups(list(features.columns))
    names = sorted(set(groups.values()))
    index = {name: i for i, name in enumerate(names)}
    member = np.zeros((features.shape[1], len(names)))
    for column_number, column in enumerate(features.columns):
        member[column_number, index[groups[column]]] = 1.0
    grouped = contributions @ member
    best = np.argsort(-grouped, axis=1)[:, :top]
    columns, values = list(features.columns), features.to_numpy()
    raw_columns, raw_values = list(raw.columns), raw.to_numpy(object)
    out: list[list[tuple[str, float]]] = []
    for row in range(len(features)):
        reasons = []
        row_features: Row | None = None
        row_raw: Row = {}
        for group_number in best[row]:
            weight = float(grouped[row, group_number])
            if weight <= 0:
                break
            if row_features is None:
                row_features = dict(zip(columns, values[row], strict=True))
                row_raw = dict(zip(raw_columns, raw_values[row], strict=True))
            reasons.append((_words(names[group_number], row_features, row_raw), weight))
        out.append(reasons)
    return out


def reason_text(reasons: list[tuple[str, float]]) -> str:
    return "; ".join(words for words, _ in reasons) or "no factor raised the risk above the usual"


def _words(group: str, features: Row, raw: Row) -> str:
    kind, _, name = group.partition(":")
    writer = _WRITERS.get(kind)
    return writer(name, features, raw) if writer else group.replace("_", " ")


def _history(name: str, features: Row, raw: Row) -> str:
    count = int(features[f"n_{name}"])
    rate = float(features[f"fraud_rate_{name}"])
    critical = float(features[f"critical_rate_{name}"])
    subject = SUBJECTS.get(name, name)
    if count == 0:
        return f"{subject} never inspected before"
    text = f"{subject}: {rate:.0%} fraud in {count} earlier declarations"
    return text + (f" ({critical:.1%} critical)" if critical >= 0.02 else "")


def _seen(name: str, features: Row, raw: Row) -> str:
    subject = SUBJECTS.get(name, name)
    seen = int(features[f"seen_{name}"])
    days = int(features[f"days_known_{name}"])
    if seen == 0:
        return f"{subject} new (first declaration)"
    return f"{subject} known for {days} days ({seen} earlier declarations)"


def _value(name: str, features: Row, raw: Row) -> str:
    hs6 = raw.get("hs6", "")
    unit = features.get("unit_value_rank_hs6")
    price = features.get("item_price_rank_hs6")
    parts = []
    if price is not None and not pd.isna(price):
        parts.append(f"price above {price:.0%} of its declarations")
    if unit is not None and not pd.isna(unit):
        parts.append(f"price per kg above {unit:.0%}")
    if not parts:
        return f"declared value ({raw.get('item_price')}) and mass ({raw.get('net_mass')})"
    return f"declared value for HS {hs6}: " + ", ".join(parts)


def _code(name: str, features: Row, raw: Row) -> str:
    return f"{CODE_WORDS.get(name, name)} {raw.get(name, '')}"


_WRITERS: dict[str, Callable[[str, Row, Row], str]] = {
    "history": _history,
    "seen": _seen,
    "value": _value,
    "code": _code,
}


def quick_reasons(features: pd.DataFrame, least: int = 3) -> list[str]:
    """A cheap reason for rows not explained with SHAP (beyond the explained top of a large file): the
    history with the highest earlier hit rate among those seen at least `least` times."""
    names = ["_".join(key) for key in HISTORY_KEYS]
    rates = features[[f"fraud_rate_{name}" for name in names]].to_numpy(float)
    counts = features[[f"n_{name}" for name in names]].to_numpy(float)
    rates = np.where(counts >= least, np.nan_to_num(rates, nan=-1.0), -1.0)
    best = rates.argmax(axis=1)
    rows = np.arange(len(features))
    top_rate, top_count = rates[rows, best], counts[rows, best]
    return [
        f"lower priority; highest earlier hit rate: {SUBJECTS.get(names[b], names[b])} "
        f"{r:.0%} fraud in {int(c)} earlier declarations"
        if r >= 0
        else "lower priority; no history seen often enough to weigh"
        for b, r, c in zip(best, top_rate, top_count, strict=True)
    ]
