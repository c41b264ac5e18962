"""Train the model on the workspace's own records (no labels) and score candidate pairs, with Splink on
an in-memory DuckDB (the workspace file stays clean of Splink's working tables)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker
from splink.backends.duckdb import DuckDBAPI
from splink.internals.exceptions import SplinkException

from crossroute.resolve.model import DETERMINISTIC_RULES, EM_TRAINING_BLOCKS, settings

COMPARISONS = ("name", "birth_date", "document", "address", "phone", "email", "sex", "nationality")


def pair_columns(model: dict[str, Any]) -> list[str]:
    """Splink's prediction columns as scored pairs: per comparison its level and its whole weight
    (the level's weight and, where the model weighs a value by how common it is, that adjustment,
    which Splink keeps in a column of its own). The same SQL runs on DuckDB and Spark."""
    columns = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    adjusted = {
        comparison["output_column_name"]
        for comparison in model["comparisons"]
        if any(level.get("tf_adjustment_column") for level in comparison["comparison_levels"])
    }
    for name in COMPARISONS:
        weight = f"mw_{name}" + (f" + coalesce(mw_tf_adj_{name}, 0)" if name in adjusted else "")
        columns += [f"gamma_{name} AS level_{name}", f"{weight} AS weight_{name}"]
    return columns


@dataclass
class ScoredPairs:
    """Candidate pairs with their match weight and, per comparison, the level and its weight."""

    pairs: pa.Table
    model: dict[str, Any]


def score_pairs(
    features: pa.Table,
    *,
    spill_to: Path,
    threshold: float = 0.5,
    seed: int = 7,
    name_knowledge: bool = True,
) -> ScoredPairs:
    """Pairs of records with match probability >= threshold; DuckDB spills to `spill_to` if needed."""
    logging.getLogger("splink").setLevel(logging.WARNING)
    connection = splink_connection(spill_to)
    # One Splink API per table, each table under its own name: an API caches term-frequency tables
    # by column name, so scoring through the training sample's API would weigh names by their
    # frequency in the sample (a name the sample lacks would get no term-frequency weight at all).
    records = DuckDBAPI(connection=connection).register(features, table_name=RECORDS_TABLE)
    sample = training_sample(features, seed)
    learn_from = (
        records
        if sample is features
        else DuckDBAPI(connection=connection).register(sample, table_name=SAMPLE_TABLE)
    )
    prior = min(1e-2, 1 / max(sample.num_rows, 2))

    frequencies = sample.num_rows >= MIN_RECORDS_TO_TRAIN

    def make(p: float) -> Linker:
        model = settings(p, name_knowledge=name_knowledge, frequencies=frequencies)
        return Linker([learn_from], model)

    def rebuild(model: dict[str, Any]) -> Linker:
        return Linker([learn_from], dict(model, linker_uid=None))

    linker = train(make, prior, seed, sample.num_rows, rebuild=rebuild)
    model = with_namesakes(with_m_floor(linker.misc.save_model_to_json()), namesakes(sample))
    linker = Linker([records], model)
    weigh_by_other_records(linker, features, _registrar(connection))
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs = _pairs(connection, predictions.physical_name, model)
    model = linker.misc.save_model_to_json()
    connection.close()
    return ScoredPairs(pairs, model)


def score_new_pairs(
    features: pa.Table, model: dict[str, Any], *, spill_to: Path, threshold: float = 0.5
) -> ScoredPairs:
    """Pairs that involve at least one new record (`is_new`), scored with an already trained model:
    a new agency file is matched against existing entities without re-scoring everything."""
    logging.getLogger("splink").setLevel(logging.WARNING)
    connection = splink_connection(spill_to)
    settings_dict = dict(model)
    settings_dict["blocking_rules_to_generate_predictions"] = [
        dict(rule, blocking_rule=f"({rule['blocking_rule']}) AND (l.is_new OR r.is_new)")
        for rule in model["blocking_rules_to_generate_predictions"]
    ]
    settings_dict["linker_uid"] = None
    linker = Linker([DuckDBAPI(connection=connection).register(features)], settings_dict)
    weigh_by_other_records(linker, features, _registrar(connection))
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs = _pairs(connection, predictions.physical_name, model)
    connection.close()
    return ScoredPairs(pairs, model)


def other_records_frequencies(features: pa.Table, column: str) -> pa.Table:
    """Each value of `column` with how often the other records hold it: two different people
    agree on a value about as often as a record drawn from the rest holds it. Splink's own table
    counts the record itself, which doubles the frequency of a value two records hold (at least
    one other record is counted, for levels that weigh by the commoner of two values)."""
    counts = pc.value_counts(pc.drop_null(features.column(column).combine_chunks()))
    values, held = counts.field("values"), counts.field("counts")
    others = pc.cast(pc.max_element_wise(pc.subtract(held, 1), 1), pa.float64())
    total = float(pc.sum(held).as_py() or 1)
    return pa.table({column: values, f"tf_{column}": pc.divide(others, total)})


def weigh_by_other_records(
    linker: Linker, features: pa.Table, register: Callable[[pa.Table, str], Any]
) -> None:
    """Give `linker` the other records' frequencies of every value it weighs by frequency;
    `register(table, name)` makes a table a Splink data frame on the linker's engine."""
    model = linker.misc.save_model_to_json()
    columns = {
        level["tf_adjustment_column"]
        for comparison in model["comparisons"]
        for level in comparison["comparison_levels"]
        if level.get("tf_adjustment_column")
    }
    for column in sorted(columns):
        table = other_records_frequencies(features, column)
        linker.table_management.register_term_frequency_lookup(
            register(table, f"crossroute_tf_{column}"), column
        )


def _registrar(connection: duckdb.DuckDBPyConnection) -> Callable[[pa.Table, str], Any]:
    """Tables registered with Splink on `connection`, each with an API and a name of its own."""

    def register(table: pa.Table, name: str) -> Any:
        return DuckDBAPI(connection=connection).register(table, table_name=name)

    return register


# Splink's DuckDB may use this share of the machine's memory, then spills to disk: the rest is for the
# features and pairs held in Python.
MEMORY_SHARE = 0.4


def splink_connection(spill_to: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for Splink's working tables, bounded in memory, spilling to `spill_to`."""
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    connection.execute("SET temp_directory = ?", [str(spill_to)])
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    connection.execute("SET memory_limit = ?", [f"{int(physical * MEMORY_SHARE) >> 20}MB"])
    return connection


def _pairs(connection: duckdb.DuckDBPyConnection, table: str, model: dict[str, Any]) -> pa.Table:
    columns = ", ".join(pair_columns(model))
    return connection.sql(f"SELECT {columns} FROM {table}").to_arrow_table()


# No level is impossible for a true match: EM can drive an m probability to 0 (a weight of minus
# infinity) when its training blocks never show a level, e.g. a corrupted document number.
M_FLOOR = 0.01


def with_m_floor(model: dict[str, Any]) -> dict[str, Any]:
    """The trained model with every level's m probability at least M_FLOOR."""
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            m = level.get("m_probability")
            if m is not None and m < M_FLOOR:
                level["m_probability"] = M_FLOOR
    model["linker_uid"] = None
    return model


# How often two different people who share a name share their sex and nationality, where the
# workspace shows too few such people to say (the simulator's figures at every size).
NAMESAKES_AGREE = {"sex": 0.94, "nationality": 0.7}
# Fewer pairs of namesakes than this (per field) keep the figure above.
MIN_NAMESAKES = 200

_NAMESAKES_SQL = """
SELECT count(l.sex IS NOT NULL AND r.sex IS NOT NULL OR NULL),
       avg(CASE WHEN l.sex IS NOT NULL AND r.sex IS NOT NULL THEN (l.sex = r.sex)::INT END),
       count(l.nationality IS NOT NULL AND r.nationality IS NOT NULL OR NULL),
       avg(CASE WHEN l.nationality IS NOT NULL AND r.nationality IS NOT NULL
           THEN (l.nationality = r.nationality)::INT END)
FROM features l JOIN features r ON l.skeleton_key = r.skeleton_key AND l.unique_id < r.unique_id
WHERE abs(TRY_CAST(l.dob_year AS INTEGER) - TRY_CAST(r.dob_year AS INTEGER)) > 1
"""


def namesakes(records: pa.Table) -> dict[str, float]:
    """How often two different people with the same name share their sex and their nationality,
    learnt without labels: records whose names agree but whose years of birth are more than one
    apart are two people (clustering never merges them)."""
    columns = records.select(["unique_id", "skeleton_key", "dob_year", "sex", "nationality"])
    with duckdb.connect() as connection:
        connection.register("features", columns)
        sexes, sex, nationalities, nationality = connection.execute(_NAMESAKES_SQL).fetchall()[0]
    found = {"sex": (sexes, sex), "nationality": (nationalities, nationality)}
    return {
        field: share if pairs >= MIN_NAMESAKES and share else NAMESAKES_AGREE[field]
        for field, (pairs, share) in found.items()
    }


def with_namesakes(model: dict[str, Any], agree: dict[str, float]) -> dict[str, Any]:
    """Sex and nationality weighed given the name (`model.given_the_name`): where names agree, a
    field's agreement weighs log2(m / share of namesakes who agree); elsewhere log2(m / u), m and u
    the field's own (its levels' m and u summed). Each level keeps its m; its u is set to give
    that weight (Splink weighs a level by log2(m/u))."""
    for comparison in model["comparisons"]:
        field = comparison["output_column_name"]
        if field not in agree:
            continue
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        given_name, same = levels[0], levels[1]
        m_same = given_name["m_probability"] + same["m_probability"]
        u_same = given_name["u_probability"] + same["u_probability"]
        given_name["u_probability"] = given_name["m_probability"] * agree[field] / m_same
        same["u_probability"] = same["m_probability"] * u_same / m_same
    return model


# Fewer records than this give too few random pairs to estimate u; the model's starting values stay.
MIN_RECORDS_TO_TRAIN = 1_000
# The model learns from at most this many records, drawn at random: a uniform sample keeps both the
# share of matching pairs and how each field agrees in them, and EM over a million records' blocks
# would not fit in memory. Every record is then scored.
MAX_RECORDS_TO_TRAIN = 250_000


# Names of the scored records and the training sample in Splink's database (one name each: two
# Splink APIs on one database would otherwise both name their first table `__splink__input_table_0`).
RECORDS_TABLE, SAMPLE_TABLE = "crossroute_records", "crossroute_training_sample"


def training_sample(features: pa.Table, seed: int) -> pa.Table:
    """The records the model learns from: all of them, or a seeded uniform sample of a big workspace."""
    if features.num_rows <= MAX_RECORDS_TO_TRAIN:
        return features
    chosen = np.random.default_rng(seed).choice(
        features.num_rows, MAX_RECORDS_TO_TRAIN, replace=False
    )
    return features.take(pa.array(np.sort(chosen)))


def train(
    make: Callable[[float], Linker],
    prior: float,
    seed: int,
    records: int,
    rebuild: Callable[[dict[str, Any]], Linker] | None = None,
) -> Linker:
    """Unsupervised: the prior from near-certain pairs, u from random pairs, m by EM within blocks.

    A workspace too small for a step keeps the model's starting values for it. An EM block that
    fails part way is dropped: with `rebuild` (a linker from a saved model), the model goes back to
    what it was before that block."""
    linker = make(prior)
    if records < MIN_RECORDS_TO_TRAIN:
        return linker
    linker.training.estimate_probability_two_random_records_match(DETERMINISTIC_RULES, recall=0.7)
    estimated = linker.misc.save_model_to_json()["probability_two_random_records_match"]
    if not 0 < estimated < 1:
        linker = make(prior)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    for block in EM_TRAINING_BLOCKS:
        before = linker.misc.save_model_to_json()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block, fix_probability_two_random_records_match=True
            )
        except SplinkException as error:  # refused before training: nothing changed
            logging.getLogger(__name__).info("EM on %s skipped: %s", block, error)
        except ValueError as error:
            # Splink's own check rejects an m of exactly 0 that its maximisation step can produce,
            # after it has begun changing the model.
            if rebuild is None:
                raise
            logging.getLogger(__name__).info("EM on %s dropped: %s", block, error)
            linker = rebuild(before)
    return linker
