"""The Spark engine (Splink's Spark backend on local[2]) resolves a workspace into the same entities as
DuckDB: the same model, rendered for Spark SQL, trained on Spark, and the same clustering."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from crossroute.resolve.agreement import agreement
from crossroute.resolve.clustering import Facts, cluster
from crossroute.resolve.model import settings
from crossroute.resolve.runner import resolve
from crossroute.resolve.spark.dialect import (
    SparkDialectError,
    check_functions,
    spark_settings,
    to_spark,
    with_duckdb_sql,
)
from crossroute.resolve.spark.engine import SparkEngine
from crossroute.resolve.spark.session import local_session
from crossroute.store import Workspace
from tests.conftest import run_cli

pytestmark = pytest.mark.spark

LISTS = {"skeletons", "symbols"}


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    session = local_session(
        tmp_path_factory.mktemp("spark"), master="local[2]", memory="1g", partitions=2
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def small_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("case")
    run_cli("simulate", root / "scenario", "--seed", "5", "--scale", "small")
    run_cli("init", root / "ws")
    run_cli("ingest", root / "ws", root / "scenario")
    return root / "ws"


def _entities(ws: Path) -> dict[tuple[str, str], str]:
    with Workspace.open(ws) as workspace:
        rows = workspace.rows("SELECT source, record_id, entity_id FROM clusters")
    return {(source, record): entity for source, record, entity in rows}


def test_spark_gives_the_entities_duckdb_gives(
    small_case: Path, spark: SparkSession, tmp_path: Path
) -> None:
    on_duckdb, on_spark = tmp_path / "duckdb", tmp_path / "spark"
    shutil.copytree(small_case, on_duckdb)
    shutil.copytree(small_case, on_spark)
    with Workspace.open(on_duckdb) as workspace:
        resolve(workspace)
    with Workspace.open(on_spark) as workspace:
        summary = resolve(workspace, engine=SparkEngine(session=spark))
        engine, model = workspace.rows("SELECT engine, model FROM resolution_runs")[0]
    assert summary.records > 2000 and engine == "spark"
    found = agreement(_entities(on_duckdb), _entities(on_spark))
    assert found.same_cluster >= 0.99 and found.pairwise_f1 >= 0.99
    # trained on Spark, stored in DuckDB's dialect: explanations and DuckDB runs can use it
    stored = json.loads(model)
    assert stored["sql_dialect"] == "duckdb"
    assert "jaro_winkler_similarity" in json.dumps(stored["comparisons"])
    assert not (on_spark / "tmp" / "spark").exists()  # the run's Parquet files are gone


def test_the_model_sql_is_rendered_for_spark() -> None:
    assert (
        to_spark("len(list_intersect(skeletons_l, skeletons_r)) >= least(len(a_l), 2)", LISTS)
        == "SIZE(ARRAY_INTERSECT(skeletons_l, skeletons_r)) >= LEAST(LENGTH(a_l), 2)"
    )
    assert to_spark("jaro_winkler_similarity(n_l, n_r) >= 0.92", LISTS) == (
        "JARO_WINKLER(n_l, n_r) >= 0.92"
    )
    assert to_spark('"phone_l" = "phone_r"', LISTS) == "`phone_l` = `phone_r`"
    duckdb_model = settings(1e-4).create_settings_dict("duckdb")
    rendered = spark_settings(duckdb_model, LISTS)
    spark_functions = {"size", "array_intersect", "jaro_winkler", "damerau_levenshtein"}
    check_functions(rendered, lambda name: name.lower() in spark_functions)
    assert with_duckdb_sql(rendered, duckdb_model)["comparisons"] == duckdb_model["comparisons"]


def test_a_function_spark_lacks_is_named() -> None:
    model = settings(1e-4).create_settings_dict("duckdb")
    model["comparisons"][0]["comparison_levels"][2]["sql_condition"] = "soundex_ar(name_l) = 'x'"
    with pytest.raises(SparkDialectError, match="soundex_ar"):
        check_functions(spark_settings(model, LISTS), lambda name: name != "soundex_ar")


def test_tied_pairs_cluster_the_same_in_any_order() -> None:
    """Engines return pairs in different orders; equally probable pairs must not depend on it."""
    known = {"a": Facts({"D1"}), "b": Facts(), "c": Facts({"D2"})}
    pairs = [("a", "b", 0.7), ("b", "c", 0.7)]
    first = cluster(["a", "b", "c"], pairs, known, 0.5)
    again = cluster(["a", "b", "c"], pairs[::-1], known, 0.5)
    assert first == again
