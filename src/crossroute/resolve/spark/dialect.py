"""The model's SQL, written in DuckDB's dialect, rendered for Spark SQL.

`model.py` writes its comparison levels and blocking rules in DuckDB's dialect. sqlglot translates the
grammar; what it cannot know is done here: which names the functions have in Spark (the string
similarities come from the jar shipped with Splink), and that DuckDB's `len` of a list is Spark's
`size`. A function Spark lacks is an error that names it, not a failure deep inside a Spark job.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterable
from typing import Any

import sqlglot
from sqlglot import exp

# DuckDB function -> the Spark SQL function with the same meaning (jaro_winkler, jaro_sim and
# damerau_levenshtein are registered by Splink's SparkAPI from its similarity jar).
SPARK_NAMES = {
    "jaro_winkler_similarity": "jaro_winkler",
    "jaro_similarity": "jaro_sim",
    "damerau_levenshtein": "damerau_levenshtein",
    "list_intersect": "array_intersect",
    "array_intersect": "array_intersect",
    "list_distinct": "array_distinct",
    "list_has_any": "arrays_overlap",
    "list_contains": "array_contains",
}
# Functions that return a list (so that `len` of them is a list's size).
_LIST_FUNCTIONS = frozenset({"list_intersect", "array_intersect", "list_distinct"})


class SparkDialectError(ValueError):
    """A model expression that cannot run on Spark."""


def to_spark(sql: str, lists: Collection[str]) -> str:
    """One DuckDB expression (a comparison level's condition or a blocking rule) in Spark SQL.
    `lists` names the list-valued input columns (without the _l/_r suffix)."""
    if sql.strip().upper() == "ELSE":
        return sql
    tree = sqlglot.parse_one(sql, read="duckdb").transform(_spark_function)
    return tree.transform(lambda node: _list_size(node, lists)).sql(dialect="spark")


def _list_size(node: exp.Expression, lists: Collection[str]) -> exp.Expression:
    if isinstance(node, exp.Length) and _is_list(node.this, lists):
        return exp.ArraySize(this=node.this)
    return node


def _spark_function(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.JarowinklerSimilarity):
        return exp.Anonymous(this="jaro_winkler", expressions=[node.this, node.expression])
    if isinstance(node, exp.ArrayOverlaps):
        return exp.Anonymous(this="arrays_overlap", expressions=[node.this, node.expression])
    if isinstance(node, exp.Anonymous) and node.name.lower() in SPARK_NAMES:
        return exp.Anonymous(this=SPARK_NAMES[node.name.lower()], expressions=node.expressions)
    return node


def _is_list(node: exp.Expression, lists: Collection[str]) -> bool:
    if isinstance(node, exp.Column):
        name = node.name
        return name in lists or (name[-2:] in ("_l", "_r") and name[:-2] in lists)
    if isinstance(node, exp.Anonymous):
        return node.name.lower() in _LIST_FUNCTIONS
    return isinstance(node, exp.ArrayIntersect | exp.ArrayDistinct)


def unknown_functions(sql: str, known: Callable[[str], bool]) -> list[str]:
    """Functions in a Spark SQL expression that `known` (e.g. Spark's catalog) does not know."""
    if sql.strip().upper() == "ELSE":
        return []
    tree = sqlglot.parse_one(sql, read="spark")
    names = {node.name.lower() for node in tree.find_all(exp.Anonymous)}
    return sorted(name for name in names if not known(name))


def spark_settings(model: dict[str, Any], lists: Collection[str]) -> dict[str, Any]:
    """A Splink settings dict (DuckDB dialect, trained or not) with every expression in Spark SQL."""
    rendered = copy.deepcopy(model)
    rendered["sql_dialect"] = "spark"
    for level in _levels(rendered):
        level["sql_condition"] = to_spark(level["sql_condition"], lists)
    for rule in rendered["blocking_rules_to_generate_predictions"]:
        rule["blocking_rule"] = to_spark(rule["blocking_rule"], lists)
        rule["sql_dialect"] = "spark"
    return rendered


def check_functions(model: dict[str, Any], known: Callable[[str], bool]) -> None:
    """Raise SparkDialectError naming each expression that uses a function Spark does not have."""
    problems = [
        f"{sql!r} uses {', '.join(missing)}"
        for sql in _expressions(model)
        if (missing := unknown_functions(sql, known))
    ]
    if problems:
        raise SparkDialectError(
            "the model uses functions Spark SQL does not have (add them to "
            "crossroute.resolve.spark.dialect.SPARK_NAMES): " + "; ".join(problems)
        )


def with_duckdb_sql(trained: dict[str, Any], duckdb_model: dict[str, Any]) -> dict[str, Any]:
    """The parameters trained on Spark (prior, m and u per level) in the DuckDB settings they were
    trained from, so the stored model serves later DuckDB runs, explanations and incremental runs."""
    model = copy.deepcopy(trained)
    model["sql_dialect"] = "duckdb"
    for level, original in zip(_levels(model), _levels(duckdb_model), strict=True):
        level["sql_condition"] = original["sql_condition"]
    model["blocking_rules_to_generate_predictions"] = [
        {**rule, "sql_dialect": "duckdb"}
        for rule in duckdb_model["blocking_rules_to_generate_predictions"]
    ]
    return model


def _levels(model: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for comparison in model["comparisons"]:
        yield from comparison["comparison_levels"]


def _expressions(model: dict[str, Any]) -> Iterable[str]:
    for level in _levels(model):
        yield level["sql_condition"]
    for rule in model["blocking_rules_to_generate_predictions"]:
        yield rule["blocking_rule"]
