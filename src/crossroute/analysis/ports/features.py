"""Features a targeting centre uses, computed without look-ahead.

Every history feature of a declaration uses only declarations of *earlier days*: how often the importer,
declarant, seller, forwarder, HS code, route... was found in fraud before (target encoding smoothed towards
the overall hit rate), how much it was seen before, how long the trading relationship has existed. Labels come
only from rows marked labelled (training data); rows being scored add to the counts but never to the hit rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

SMOOTHING = 20.0
"""Weight, in declarations, of the overall hit rate in each smoothed hit rate."""

PARTIES = ("importer", "declarant", "seller", "courier")
HISTORY_KEYS: tuple[tuple[str, ...], ...] = (
    ("importer",),
    ("declarant",),
    ("seller",),
    ("courier",),
    ("hs6",),
    ("hs4",),
    ("hs2",),
    ("office",),
    ("origin",),
    ("departure",),
    ("departure", "origin"),
    ("importer", "hs6"),
    ("importer", "seller"),
    ("declarant", "importer"),
    ("seller", "hs6"),
    ("office", "hs6"),
    ("origin", "hs6"),
    ("importer", "office"),
    ("declarant", "hs6"),
    ("tax_type", "hs6"),
    ("origin", "hs4"),
    ("origin", "hs2"),
    ("departure", "hs6"),
    ("tax_type", "hs4"),
    ("origin", "tax_type", "hs6"),
    ("departure", "origin", "hs6"),
    ("importer", "origin"),
    ("seller", "origin"),
    ("office", "origin", "hs6"),
    ("hs6", "origin_indicator"),
    ("hs6", "import_type"),
    ("hs6", "transport_mode"),
    ("hs6", "item_price"),
    ("hs6", "net_mass"),
    ("item_price",),
)
SEEN_KEYS: tuple[tuple[str, ...], ...] = (
    ("importer",),
    ("declarant",),
    ("seller",),
    ("importer", "seller"),
    ("importer", "hs6"),
    ("declarant", "importer"),
)
CODES = (
    "office",
    "process_type",
    "import_type",
    "import_use",
    "payment_type",
    "transport_mode",
    "tax_type",
    "origin_indicator",
    "departure",
    "origin",
    "hs2",
)
NUMERIC = ("tax_rate", "net_mass", "item_price")


@dataclass(frozen=True)
class Vocabulary:
    """The category codes seen in training, so scoring maps them the same way (unknown -> -1)."""

    codes: dict[str, list[str]]

    @classmethod
    def learn(cls, frame: pd.DataFrame) -> Vocabulary:
        return cls({name: sorted(frame[name].astype(str).unique().tolist()) for name in CODES})

    def encode(self, frame: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame(index=frame.index)
        for name, values in self.codes.items():
            index = pd.Index(values)
            out[f"code_{name}"] = index.get_indexer(frame[name].astype(str)).astype("int32")
        return out


def with_derived(frame: pd.DataFrame) -> pd.DataFrame:
    """HS chapters and headings, day number and unit value added to the canonical columns."""
    out = frame.copy()
    hs6 = out["hs6"].astype(str).str.zfill(6)
    out["hs6"] = hs6
    out["hs4"] = hs6.str[:4]
    out["hs2"] = hs6.str[:2]
    out["day"] = (out["date"] - pd.Timestamp("2000-01-01")).dt.days.astype("int64")
    mass = out["net_mass"].where(out["net_mass"] > 0)
    out["log_unit_value"] = np.log1p(out["item_price"]) - np.log1p(mass)
    return out


def build_features(
    frame: pd.DataFrame,
    labelled: np.ndarray,
    vocabulary: Vocabulary,
    keep: np.ndarray | None = None,
) -> pd.DataFrame:
    """The feature matrix of the `keep` rows (default every row) of `frame` (derived columns added),
    history strictly earlier, computed over every row; float32 throughout (codes too: LightGBM reads them
    as categories), each column cut to the kept rows as it is made, to bound memory at scale, and the
    columns put in one float32 block (the model reads it without a copy)."""
    chosen = np.ones(len(frame), dtype=bool) if keep is None else keep
    columns: dict[str, np.ndarray] = {}

    def put(name: str, values: np.ndarray | pd.Series) -> None:
        columns[name] = np.asarray(values, dtype=np.float32)[chosen]

    fraud = np.where(labelled, frame["fraud"].fillna(0).to_numpy(float), 0.0)
    critical = np.where(labelled, (frame["critical_fraud"].fillna(0).to_numpy() == 2) * 1.0, 0.0)
    lab = labelled.astype(float)
    day = frame["day"].to_numpy()
    seen, fraud_seen, critical_seen = prior_sums(
        np.zeros(len(frame), dtype=np.int64), day, np.stack([lab, fraud, critical], axis=1)
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        base_fraud = np.where(seen > 0, fraud_seen / seen, np.nan)
        base_critical = np.where(seen > 0, critical_seen / seen, np.nan)
        share = np.where(fraud_seen > 0, critical_seen / fraud_seen, np.nan)
    factors = _factors(frame, {name for key in (*HISTORY_KEYS, *SEEN_KEYS) for name in key})
    for key in HISTORY_KEYS:
        codes = _key_codes(factors, key)
        n, f, c = prior_sums(codes, day, np.stack([lab, fraud, critical], axis=1))
        name = "_".join(key)
        put(f"n_{name}", n)
        put(f"fraud_rate_{name}", (f + SMOOTHING * base_fraud) / (n + SMOOTHING))
        put(f"critical_rate_{name}", (c + SMOOTHING * base_critical) / (n + SMOOTHING))
        put(f"critical_share_{name}", (c + SMOOTHING * share) / (f + SMOOTHING))
    for key in SEEN_KEYS:
        codes = _key_codes(factors, key)
        (seen,) = prior_sums(codes, day, np.ones((len(frame), 1)))
        first = pd.Series(day).groupby(codes).transform("min").to_numpy()
        name = "_".join(key)
        put(f"seen_{name}", seen)
        put(f"days_known_{name}", (day - first).astype(float))
    for name in NUMERIC:
        put(name, frame[name].to_numpy(float))
    put("log_unit_value", frame["log_unit_value"].to_numpy(float))
    for table in (_unit_value_against_hs(frame), vocabulary.encode(frame)):
        for name in table.columns:
            put(name, table[name].to_numpy())
    matrix = (
        np.column_stack(list(columns.values())) if columns else np.zeros((int(chosen.sum()), 0))
    )
    return pd.DataFrame(matrix, columns=list(columns), index=frame.index[chosen], copy=False)


def _factors(frame: pd.DataFrame, names: set[str]) -> dict[str, tuple[np.ndarray, int]]:
    """Each column's values as integer codes (missing values one code of their own), and how many."""
    out = {}
    for name in names:
        column, uniques = pd.factorize(frame[name], use_na_sentinel=False)
        out[name] = (column.astype(np.int64), len(uniques))
    return out


def _key_codes(factors: dict[str, tuple[np.ndarray, int]], key: tuple[str, ...]) -> np.ndarray:
    """One integer per distinct combination of the key's columns (compacted after each column)."""
    codes = np.zeros(len(next(iter(factors.values()))[0]), dtype=np.int64)
    for name in key:
        column, count = factors[name]
        codes, _ = pd.factorize(codes * (count + 1) + column)
        codes = codes.astype(np.int64)
    return codes


def prior_sums(codes: np.ndarray, day: np.ndarray, values: np.ndarray) -> list[np.ndarray]:
    """Per row, the sums of `values` over rows with the same key on strictly earlier days: one pass over
    the days in order, each day's rows reading the running totals of their keys before adding to them."""
    count = len(codes)
    if count and not bool(np.all(day[1:] >= day[:-1])):
        order = np.argsort(day, kind="stable")
        found = prior_sums(codes[order], day[order], values[order])
        back = np.empty_like(order)
        back[order] = np.arange(count)
        return [column[back] for column in found]
    amounts = np.asarray(values, dtype=float)
    running = np.zeros((int(codes.max()) + 1 if count else 0, amounts.shape[1]))
    prior = np.empty_like(amounts)
    bounds = np.flatnonzero(np.r_[True, day[1:] != day[:-1], True]) if count else np.zeros(0, int)
    for start, stop in pairwise(bounds):
        keys = codes[start:stop]
        prior[start:stop] = running[keys]
        np.add.at(running, keys, amounts[start:stop])
    return [prior[:, i] for i in range(amounts.shape[1])]


def _unit_value_against_hs(frame: pd.DataFrame) -> pd.DataFrame:
    """How far the unit value (price per kg) sits from its HS6 code's (and heading's) usual values; where
    price and mass rank within the HS code and chapter; the tax due (log)."""
    out = pd.DataFrame(index=frame.index)
    value = frame["log_unit_value"]
    levels = {level: pd.factorize(frame[level])[0] for level in ("hs6", "hs4", "hs2")}
    for level in ("hs6", "hs4"):
        groups = value.groupby(levels[level])
        median = groups.transform("median")
        quartiles = groups.quantile([0.25, 0.75]).unstack()
        spread = pd.Series(
            (quartiles[0.75] - quartiles[0.25]).reindex(levels[level]).to_numpy(),
            index=frame.index,
        )
        out[f"unit_value_vs_{level}"] = (value - median) / (spread.fillna(0) + 0.5)
        out[f"unit_value_rank_{level}"] = groups.rank(pct=True)
    for level in ("hs6", "hs2"):
        for name in ("item_price", "net_mass"):
            out[f"{name}_rank_{level}"] = frame[name].groupby(levels[level]).rank(pct=True)
    out["log_tax"] = np.log1p(frame["item_price"] * frame["tax_rate"].fillna(0) / 100)
    return out
