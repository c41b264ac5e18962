"""Scoring on Spark: features go over as Parquet, Splink's SparkAPI trains and predicts with the
settings `model.py` builds (rendered for Spark SQL by `dialect.py`), and the scored pairs come back
as Parquet for the same clustering as DuckDB's."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark.sql import DataFrame, SparkSession
from splink import Linker
from splink.backends.spark import SparkAPI

from crossroute.resolve.linkage import (
    MIN_RECORDS_TO_TRAIN,
    RECORDS_TABLE,
    SAMPLE_TABLE,
    ScoredPairs,
    namesakes,
    pair_columns,
    train,
    training_sample,
    weigh_by_other_records,
    with_m_floor,
    with_namesakes,
)
from crossroute.resolve.model import settings
from crossroute.resolve.spark.dialect import check_functions, spark_settings, with_duckdb_sql
from crossroute.resolve.spark.session import local_session

# Splink's working tables between steps, written as Parquet under the run's folder (Splink's
# default outside Databricks; "persist" keeps them in memory and is no faster at this size).
BREAK_LINEAGE = "parquet"


@dataclass
class SparkEngine:
    """Splink on Spark. Without a `session` each run starts a local one (`master`, `memory`) with
    its scratch files under the workspace's spill folder, and stops it at the end."""

    session: SparkSession | None = None
    master: str = "local[*]"
    memory: str = "2g"
    seed: int = 7
    name: str = "spark"

    def score_pairs(self, features: pa.Table, *, spill_to: Path, threshold: float) -> ScoredPairs:
        with self._run(spill_to) as (spark, folder):
            records = _register(spark, features, folder / "features.parquet", RECORDS_TABLE)
            sample = training_sample(features, self.seed)
            learn_from = (
                records
                if sample is features
                else _register(spark, sample, folder / "sample.parquet", SAMPLE_TABLE)
            )
            lists = _list_columns(features)
            prior = min(1e-2, 1 / max(sample.num_rows, 2))

            frequencies = sample.num_rows >= MIN_RECORDS_TO_TRAIN

            def make(p: float) -> Linker:
                duckdb_settings = settings(p, frequencies=frequencies).create_settings_dict(
                    "duckdb"
                )
                model = spark_settings(duckdb_settings, lists)
                check_functions(model, spark.catalog.functionExists)
                return Linker([learn_from], model)

            trained = train(make, prior, self.seed, sample.num_rows)
            model = with_namesakes(
                with_m_floor(trained.misc.save_model_to_json()), namesakes(sample)
            )
            linker = _linker(records, model, features, spark, folder)
            pairs = _predict(linker, spark, folder, threshold)
            duckdb_model = settings(prior, frequencies=frequencies).create_settings_dict("duckdb")
            return ScoredPairs(pairs, with_duckdb_sql(model, duckdb_model))

    def score_new_pairs(
        self, features: pa.Table, model: dict[str, Any], *, spill_to: Path, threshold: float
    ) -> ScoredPairs:
        with self._run(spill_to) as (spark, folder):
            records = _register(spark, features, folder / "features.parquet")
            restricted = dict(model, linker_uid=None)
            restricted["blocking_rules_to_generate_predictions"] = [
                dict(rule, blocking_rule=f"({rule['blocking_rule']}) AND (l.is_new OR r.is_new)")
                for rule in model["blocking_rules_to_generate_predictions"]
            ]
            rendered = spark_settings(restricted, _list_columns(features))
            check_functions(rendered, spark.catalog.functionExists)
            linker = _linker(records, rendered, features, spark, folder)
            return ScoredPairs(_predict(linker, spark, folder, threshold), model)

    @contextmanager
    def _run(self, spill_to: Path) -> Iterator[tuple[SparkSession, Path]]:
        """A session and a fresh folder for the run's Parquet files, removed afterwards."""
        logging.getLogger("splink").setLevel(logging.WARNING)
        folder = spill_to / "spark"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        spark = self.session or local_session(folder, master=self.master, memory=self.memory)
        spark.sparkContext.setCheckpointDir(str(folder / "checkpoints"))
        try:
            yield spark, folder
        finally:
            if self.session is None:
                spark.stop()
            shutil.rmtree(folder, ignore_errors=True)


def _register(
    spark: SparkSession, features: pa.Table, path: Path, name: str = RECORDS_TABLE
) -> Any:
    """The features written as Parquet and read by Spark, registered with Splink as `name` with an
    API of their own (an API caches term frequencies by column: the sample's are not the records')."""
    pq.write_table(features, path)
    api = SparkAPI(spark_session=spark, break_lineage_method=BREAK_LINEAGE)  # type: ignore[no-untyped-call]
    return api.register(spark.read.parquet(str(path)), table_name=name)


def _linker(
    records: Any, model: dict[str, Any], features: pa.Table, spark: SparkSession, folder: Path
) -> Linker:
    """A linker that scores `records`, weighing values by the other records' frequencies."""
    linker = Linker([records], model)
    weigh_by_other_records(
        linker,
        features,
        lambda table, name: _register(spark, table, folder / f"{name}.parquet", name),
    )
    return linker


def _list_columns(features: pa.Table) -> set[str]:
    return {field.name for field in features.schema if pa.types.is_list(field.type)}


def _predict(linker: Linker, spark: SparkSession, folder: Path, threshold: float) -> pa.Table:
    """Scored pairs (probability >= threshold) written by Spark as Parquet and read back."""
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    table: DataFrame = spark.table(predictions.physical_name).selectExpr(
        *pair_columns(linker.misc.save_model_to_json())
    )
    path = folder / "pairs"
    table.write.parquet(str(path))
    pairs = pq.read_table(path)
    return pairs.sort_by([("unique_id_l", "ascending"), ("unique_id_r", "ascending")])
