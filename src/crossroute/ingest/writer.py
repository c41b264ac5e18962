"""Write a transformed block into the workspace tables, column-wise through Arrow into DuckDB."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pyarrow as pa

from crossroute.ingest.block import BlockResult, EntityRows, ValueIssue
from crossroute.ingest.cleaning import CleanedColumn
from crossroute.ingest.provenance import OUTPUT_FIELDS
from crossroute.ingest.tables import RowProblem
from crossroute.store import Workspace
from crossroute.store.sql import quote_text

STAGE = "crossroute_stage"
# the property that keeps, as written, the values of PROPERTY that could not be cleaned
INVALID_SUFFIX = "_invalid"
_PROVENANCE = ", ".join(f"s.{name}" for name in OUTPUT_FIELDS[1:])


def write_block(workspace: Workspace, result: BlockResult, batch_id: int, file_path: str) -> int:
    """Insert the block's records, their value issues and quarantined rows; returns records written."""
    written = 0
    for entity in result.entities:
        if entity.keep:
            _write_entity(workspace, entity, result, batch_id)
            written += len(entity.keep)
            if entity.issues:
                _write_issues(workspace, entity, result, batch_id, file_path)
    if result.problems:
        write_problems(workspace, result.problems, batch_id, file_path)
    return written


def kept_issues(entity: EntityRows) -> list[ValueIssue]:
    """The value issues of the rows the entity writes (a quarantined row's values are not loaded)."""
    if not entity.issues:
        return []
    kept = set(entity.keep)
    return [issue for issue in entity.issues if issue.row in kept]


def _write_issues(
    workspace: Workspace, entity: EntityRows, result: BlockResult, batch_id: int, file_path: str
) -> None:
    issues = kept_issues(entity)
    if not issues:
        return
    rows = pa.array([issue.row for issue in issues], pa.int64())
    table = pa.table(
        {
            "row_number": pa.array(result.row_numbers, pa.int64()).take(rows),
            "source": entity.sources.take(rows).cast(pa.string()),
            "record_id": entity.record_ids.take(rows),
            "field": pa.array([issue.field for issue in issues], pa.string()),
            "property": pa.array([issue.prop for issue in issues], pa.string()),
            "raw": pa.array([issue.raw for issue in issues], pa.string()),
            "reason": pa.array([issue.reason for issue in issues], pa.string()),
        }
    )
    with workspace.staged({STAGE: table}):
        workspace.rows(
            "INSERT INTO value_issues SELECT ?, ?, row_number, source, ?, record_id, field, "
            f"property, raw, reason FROM {STAGE}",
            [batch_id, file_path, entity.spec.schema.name],
        )


def _invalid_values(entity: EntityRows, n: int) -> pa.Array:
    """Per row, JSON of the values not understood ({"phone_invalid": ["+98 912 34 5678"]}), else null."""
    found: dict[int, dict[str, list[str]]] = {}
    for issue in entity.issues:
        found.setdefault(issue.row, {}).setdefault(issue.prop + INVALID_SUFFIX, []).append(
            issue.raw
        )
    texts: list[str | None] = [None] * n
    for row, values in found.items():
        texts[row] = json.dumps(values, ensure_ascii=False)
    return pa.array(texts, pa.string())


def write_problems(
    workspace: Workspace, problems: Sequence[RowProblem], batch_id: int, file_path: str
) -> None:
    table = pa.table(
        {
            "row_number": pa.array([p.row_number for p in problems], pa.int64()),
            "field": pa.array([p.field for p in problems], pa.string()),
            "reason": pa.array([p.reason for p in problems], pa.string()),
            "raw": pa.array([p.raw for p in problems], pa.string()),
        }
    )
    with workspace.staged({STAGE: table}):
        workspace.rows(
            f"INSERT INTO quarantine SELECT ?, ?, row_number, field, reason, raw FROM {STAGE}",
            [batch_id, file_path],
        )


def _write_entity(
    workspace: Workspace,
    entity: EntityRows,
    result: BlockResult,
    batch_id: int,
) -> None:
    n = len(entity.record_ids)
    props = list(entity.properties)
    columns: dict[str, pa.Array] = {
        "record_id": entity.record_ids,
        "row_number": pa.array(result.row_numbers, pa.int64()),
    }
    columns.update(_provenance_columns(entity))
    for i, prop in enumerate(props):
        columns[f"p{i}"] = _staged(entity.properties[prop])
    if entity.full_names is not None:
        columns["full_name"] = entity.full_names
    if entity.issues:
        columns["invalid"] = _invalid_values(entity, n)
    stage = pa.table(columns)
    if len(entity.keep) < n:
        stage = stage.take(pa.array(entity.keep, pa.int64()))
    with workspace.staged({STAGE: stage}):
        workspace.rows(_records_sql(entity, props), [entity.spec.schema.name, batch_id])


def _staged(column: CleanedColumn) -> pa.Array:
    """A property column as DuckDB reads it cheapest: its distinct texts indexed by row, where known."""
    if column.distinct is None or column.index is None or column.multi:
        return column.texts
    return pa.DictionaryArray.from_arrays(column.index, column.distinct)


def _provenance_columns(entity: EntityRows) -> dict[str, pa.Array]:
    """Each provenance field for every row: the block's few distinct profiles indexed by each row's
    profile (dictionary arrays, so nothing is copied per row and DuckDB reads them as dictionaries)."""
    profiles, rows = entity.provenance.profiles, entity.provenance.row_profile
    columns = {}
    for position, name in enumerate(OUTPUT_FIELDS):
        kind = pa.date32() if name in {"collected_on", "review_date"} else pa.string()
        values = pa.array([profile[position] for profile in profiles], kind)
        columns[name] = pa.DictionaryArray.from_arrays(rows, values)
    return columns


def _records_sql(entity: EntityRows, props: list[str]) -> str:
    as_lists = ", ".join(
        f"{quote_text(prop)}, {_as_list(entity, prop, i)}" for i, prop in enumerate(props)
    )
    properties = f"json_object({as_lists})"
    if entity.issues:  # the few rows with a value not understood keep it as written
        properties = (
            f"CASE WHEN s.invalid IS NULL THEN {properties} "
            f"ELSE json_merge_patch({properties}, s.invalid) END"
        )
    return (
        "INSERT INTO records (source, record_id, schema, caption, properties, "
        f"{', '.join(OUTPUT_FIELDS[1:])}, batch_id, row_number) "
        f"SELECT s.source, s.record_id, ?, {_caption(entity, props)}, "
        f"{properties}, "
        f"{_PROVENANCE}, ?, s.row_number FROM {STAGE} s"
    )


def _as_list(entity: EntityRows, prop: str, i: int) -> str:
    if entity.properties[prop].multi:
        return f"s.p{i}"
    return f"CASE WHEN s.p{i} IS NULL THEN NULL ELSE [s.p{i}] END"


def _first(entity: EntityRows, props: list[str], prop: str) -> str:
    if prop not in entity.properties:
        return "NULL"
    i = props.index(prop)
    return f"s.p{i}[1]" if entity.properties[prop].multi else f"s.p{i}"


def _caption(entity: EntityRows, props: list[str]) -> str:
    if entity.full_names is not None:
        return "s.full_name"
    parts = [_first(entity, props, p) for p in entity.spec.schema.caption if p in entity.properties]
    return f"coalesce({', '.join(parts)})" if parts else "NULL"
