"""The plain Splink baseline: a textbook Splink 5 model on the person records a workspace holds.

It reads the `persons` view of the workspace's DuckDB file (read-only), lower-cases the fields, keeps
full ISO birth dates only, trains (u by random sampling, m by EM on two blocking rules), predicts, and
clusters at each threshold of a sweep. Unique id = source + ':' + record_id.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import duckdb
import pandas as pd

if TYPE_CHECKING:
    from splink import Linker, SettingsCreator
    from splink.internals.splink_dataframe import SplinkDataFrame

LinkType = Literal["link_only", "dedupe_only", "link_and_dedupe"]

THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
EXACT_COLUMNS = ("document_number", "phone", "email", "sex", "nationality")
BLOCKING_COLUMNS = ("family_name", "given_name", "birth_date", "phone", "document_number")
TEXT_COLUMNS = ("given_name", "family_name", "birth_date", *EXACT_COLUMNS)
PERSONS_SQL = f"""
SELECT source, record_id, {", ".join(TEXT_COLUMNS)}
FROM persons
ORDER BY source, record_id
"""


@dataclass
class SplinkRun:
    """Clusters per threshold (source, record_id, entity_id) and how long each step took."""

    clusters: dict[float, pd.DataFrame] = field(default_factory=dict)
    fit_seconds: float = 0.0  # read, train, predict
    cluster_seconds: dict[float, float] = field(default_factory=dict)
    comparisons: int = 0  # upper bound of blocked pairs (sum over rules)
    skipped: str | None = None  # why the baseline did not run


def read_persons(database: Path) -> pd.DataFrame:
    """The workspace's person records, as Splink input (read-only; the workspace is left as it was)."""
    with duckdb.connect(str(database), read_only=True) as connection:
        connection.execute("SET enable_progress_bar = false")
        frame = connection.execute(PERSONS_SQL).df()
    return splink_input(frame)


def splink_input(frame: pd.DataFrame) -> pd.DataFrame:
    """Lower-case text, null for empty strings, full dates only, and the unique id."""
    out = pd.DataFrame({"unique_id": frame["source"] + ":" + frame["record_id"]})
    out["source"] = frame["source"]
    for column in TEXT_COLUMNS:
        values = frame[column].astype("string").str.strip().str.lower()
        out[column] = values.where(values != "", None)
    full_date = out["birth_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).astype(bool)
    out["birth_date"] = out["birth_date"].where(full_date, None)
    return out.astype(object).where(out.notna(), None)


def blocked_pairs_upper_bound(frame: pd.DataFrame) -> int:
    """Sum over the blocking columns of n(n-1)/2 per value: an upper bound of the pairs Splink scores."""
    total = 0
    for column in BLOCKING_COLUMNS:
        sizes = frame[column].dropna().value_counts().to_numpy().astype("int64")
        total += int((sizes * (sizes - 1) // 2).sum())
    return total


def settings(link_type: LinkType) -> SettingsCreator:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        source_dataset_column_name="source",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("family_name"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            *(cl.ExactMatch(column) for column in EXACT_COLUMNS),
        ],
        blocking_rules_to_generate_predictions=[block_on(c) for c in BLOCKING_COLUMNS],
        retain_matching_columns=False,
    )


def make_linker(frame: pd.DataFrame, link_type: LinkType) -> Linker:
    """One input table per source for linking, one table for dedupe_only."""
    from splink import Linker
    from splink.backends.duckdb import DuckDBAPI

    api = DuckDBAPI()
    if link_type == "dedupe_only":
        tables = [api.register(frame)]
    else:
        tables = [
            api.register(part.reset_index(drop=True), table_name=f"persons_{index}")
            for index, (_, part) in enumerate(frame.groupby("source", sort=True))
        ]
    return Linker(tables, settings(link_type), log_level=logging.ERROR)


def train(linker: Linker, u_pairs: float) -> None:
    """The usual recipe: prior from deterministic rules, u by random sampling, m by EM on two rules."""
    from splink import block_on

    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "birth_date"), block_on("document_number")],
        recall=0.7,
    )
    training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=1)
    training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name")
    )
    training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))


def as_clusters(splink_clusters: pd.DataFrame) -> pd.DataFrame:
    """Splink's unique_id, cluster_id as source, record_id, entity_id (sources hold no ':')."""
    keys = splink_clusters["unique_id"].str.split(":", n=1, expand=True)
    return pd.DataFrame(
        {"source": keys[0], "record_id": keys[1], "entity_id": splink_clusters["cluster_id"]}
    )


def cluster_sweep(
    linker: Linker, predictions: SplinkDataFrame, thresholds: Sequence[float], run: SplinkRun
) -> None:
    clustering = linker.clustering
    for threshold in thresholds:
        start = time.perf_counter()
        clusters = clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        ).as_pandas_dataframe()
        run.cluster_seconds[threshold] = time.perf_counter() - start
        run.clusters[threshold] = as_clusters(clusters)


def run_splink(
    database: Path,
    link_type: LinkType,
    *,
    thresholds: Sequence[float] = THRESHOLDS,
    u_pairs: float = 1e7,
    max_comparisons: float = 5e8,
) -> SplinkRun:
    """Read, train, predict and cluster at every threshold; skipped when blocking would be too big."""
    logging.getLogger("splink").setLevel(logging.WARNING)
    run = SplinkRun()
    start = time.perf_counter()
    frame = read_persons(database)
    run.comparisons = blocked_pairs_upper_bound(frame)
    if run.comparisons > max_comparisons:
        run.skipped = (
            f"blocking would score up to {run.comparisons:,} pairs (> {max_comparisons:,.0f})"
        )
        return run
    linker = make_linker(frame, link_type)
    train(linker, u_pairs)
    predictions = linker.inference.predict(threshold_match_probability=min(thresholds))
    run.fit_seconds = time.perf_counter() - start
    cluster_sweep(linker, predictions, thresholds, run)
    return run
