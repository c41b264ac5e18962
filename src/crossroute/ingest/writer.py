"""Write a transformed block into the workspace tables, column-wise through Arrow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from crossroute.ingest.block import BlockResult, EntityRows
from crossroute.ingest.persons import PERSON_COLUMNS
from crossroute.ingest.provenance import OUTPUT_FIELDS
from crossroute.ingest.tables import RowProblem
from crossroute.store import Workspace
from crossroute.store.sql import quote_text

_STAGE = "crossroute_ingest_stage"


def write_block(
    workspace: Workspace, result: BlockResult, batch_id: int, header: Sequence[str], file_path: str
) -> int:
    """Insert the block's records, person features and quarantined rows; returns records written."""
    written = 0
    for entity in result.entities:
        if entity.block_rows:
            _insert_records(workspace, entity, result.raw_rows, header, batch_id)
            written += len(entity.block_rows)
    if result.persons and result.persons["record_id"]:
        columns = {name: result.persons[name] for name in PERSON_COLUMNS}
        _insert(workspace, "persons", columns, batch_id)
    if result.problems:
        write_problems(workspace, result.problems, batch_id, file_path)
    return written


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
    with _staged(workspace, table):
        workspace.rows(
            f"INSERT INTO quarantine SELECT ?, ?, row_number, field, reason, raw FROM {_STAGE}",
            [batch_id, file_path],
        )


def _insert_records(
    workspace: Workspace,
    entity: EntityRows,
    raw_rows: list[list[str]],
    header: Sequence[str],
    batch_id: int,
) -> None:
    props = list(entity.properties)
    columns: dict[str, pa.Array] = {
        name: pa.array(entity.columns[name], _arrow_type(name))
        for name in (*OUTPUT_FIELDS, "record_id")
    }
    columns["caption"] = pa.array(_captions(entity), pa.string())
    columns["row_number"] = pa.array(entity.row_numbers, pa.int64())
    for i, prop in enumerate(props):
        columns[f"p{i}"] = pa.array(entity.properties[prop], pa.list_(pa.string()))
    for j in range(len(header)):
        columns[f"o{j}"] = pa.array(
            [raw_rows[r][j] or None for r in entity.block_rows], pa.string()
        )
    properties_sql = ", ".join(f"{quote_text(p)}, p{i}" for i, p in enumerate(props)) or ""
    original_sql = ", ".join(f"?, o{j}" for j in range(len(header)))
    provenance_sql = ", ".join(OUTPUT_FIELDS[1:])
    sql = (
        f"INSERT INTO records (source, record_id, schema, caption, properties, original, {provenance_sql}, "
        f"batch_id, row_number) SELECT source, record_id, ?, caption, "
        f"json_merge_patch('{{}}', json_object({properties_sql})), json_object({original_sql}), "
        f"{provenance_sql}, ?, row_number FROM {_STAGE}"
    )
    with _staged(workspace, pa.table(columns)):
        workspace.rows(sql, [entity.spec.schema.name, *header, batch_id])


def _insert(
    workspace: Workspace, table_name: str, columns: dict[str, list[Any]], batch_id: int
) -> None:
    table = pa.table(
        {name: pa.array(values, _arrow_type(name)) for name, values in columns.items()}
    )
    names = ", ".join(columns)
    with _staged(workspace, table):
        workspace.rows(
            f"INSERT INTO persons ({names}, batch_id) SELECT {names}, ? FROM {_STAGE}", [batch_id]
        )


def _arrow_type(name: str) -> pa.DataType:
    if name in {"collected_on", "review_date"}:
        return pa.date32()
    if name == "birth_date_default":
        return pa.bool_()
    return pa.string()


def _captions(entity: EntityRows) -> list[str | None]:
    wanted = [p for p in entity.spec.schema.caption if p in entity.properties]
    if entity.spec.schema.name == "Person":
        wanted += [p for p in ("firstName", "lastName") if p in entity.properties]
    columns = [entity.properties[p] for p in wanted]
    out: list[str | None] = []
    for values in zip(*columns, strict=True) if columns else [()] * len(entity.block_rows):
        first = next((v[0] for v in values if v), None)
        if entity.spec.schema.name == "Person" and len(values) and not values[0] and first:
            first = " ".join(v[0] for v in values[-2:] if v) or first
        out.append(first)
    return out


class _staged:
    """Register an Arrow table under the staging name for the duration of a statement."""

    def __init__(self, workspace: Workspace, table: pa.Table) -> None:
        self.workspace, self.table = workspace, table

    def __enter__(self) -> None:
        self.workspace.db.register(_STAGE, self.table)

    def __exit__(self, *exc: object) -> None:
        self.workspace.db.unregister(_STAGE)
