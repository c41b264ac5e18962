"""Where candidate pairs are scored: DuckDB in this process (the default) or Spark. Both run the
model `model.py` builds at run time; everything before (features) and after (clustering, writing
entities) is the same code whichever engine scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from crossroute.resolve import linkage
from crossroute.resolve.linkage import ScoredPairs

ENGINES = ("duckdb", "spark")


class EngineUnavailableError(RuntimeError):
    """An engine that cannot start on this machine (e.g. Spark without Java)."""


class Engine(Protocol):
    """Trains the model and scores pairs (`score_pairs`), or scores pairs with at least one new
    record (`is_new`) with an already trained model (`score_new_pairs`). The model comes back in
    DuckDB's dialect whatever the engine, so any engine can continue where another stopped."""

    name: str

    def score_pairs(self, features: pa.Table, *, spill_to: Path, threshold: float) -> ScoredPairs:
        """Train on `features` and return the pairs with match probability >= threshold."""
        ...

    def score_new_pairs(
        self, features: pa.Table, model: dict[str, Any], *, spill_to: Path, threshold: float
    ) -> ScoredPairs:
        """Score the pairs that involve a new record with a trained `model`."""
        ...


class DuckDBEngine:
    """Splink on an in-memory DuckDB in this process (`linkage.py`)."""

    name = "duckdb"

    def score_pairs(self, features: pa.Table, *, spill_to: Path, threshold: float) -> ScoredPairs:
        return linkage.score_pairs(features, spill_to=spill_to, threshold=threshold)

    def score_new_pairs(
        self, features: pa.Table, model: dict[str, Any], *, spill_to: Path, threshold: float
    ) -> ScoredPairs:
        return linkage.score_new_pairs(features, model, spill_to=spill_to, threshold=threshold)


DUCKDB = DuckDBEngine()


def engine_named(name: str) -> Engine:
    """The engine called `name` (one of ENGINES); Spark (and its JVM) only loads when asked for."""
    if name == "duckdb":
        return DUCKDB
    if name == "spark":
        try:
            from crossroute.resolve.spark.engine import SparkEngine
        except ModuleNotFoundError as error:
            raise EngineUnavailableError(
                f"the Spark engine needs PySpark ({error.name} is not installed): "
                "pip install 'crossroute[spark]', or `make setup` in a checkout"
            ) from None
        return SparkEngine()
    raise ValueError(f"unknown engine {name!r}: use {' or '.join(ENGINES)}")
