"""The row as supplied: read back from the file kept, byte for byte, in the workspace's files/ folder."""

from __future__ import annotations

import json
from pathlib import Path

from crossroute.ingest.objects import flatten_record, read_json_objects
from crossroute.ingest.tables import Table, open_csv, open_xlsx
from crossroute.store import Workspace


def original_row(
    workspace: Workspace, source: str, record_id: str, schema: str
) -> dict[str, str] | None:
    """Column -> cell of the row a record was read from, or None if the record is unknown."""
    found = workspace.rows(
        "SELECT b.stored_as, b.format, b.reader, r.row_number FROM records r "
        "JOIN ingest_batches b USING (batch_id) "
        "WHERE r.source = ? AND r.record_id = ? AND r.schema = ?",
        [source, record_id, schema],
    )
    if not found or not found[0][0]:
        return None
    stored, kind, reader_text, row_number = found[0]
    path = workspace.path / Path(stored)
    reader = json.loads(reader_text or "{}")
    if kind in {"csv", "xlsx"}:
        return _from_table(_open(path, kind, reader), int(row_number))
    objects = read_json_objects(path, path.read_bytes(), reader.get("path")).objects
    return next((flatten_record(obj) for n, obj in objects if n == row_number), None)


def _open(path: Path, kind: str, reader: dict[str, str]) -> Table:
    if kind == "xlsx":
        return open_xlsx(path, reader.get("sheet"))
    return open_csv(path, reader.get("encoding"), reader.get("delimiter"))


def _from_table(table: Table, row_number: int) -> dict[str, str] | None:
    for block in table.blocks(50_000):
        if block.row_numbers and block.row_numbers[0] <= row_number <= block.row_numbers[-1]:
            index = block.row_numbers.index(row_number)
            return dict(zip(table.header, block.row(index), strict=True))
    return None
