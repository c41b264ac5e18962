"""The row as supplied: read back from the file kept, byte for byte, in the workspace's files/ folder;
and, for erasure, the kept file rewritten without a record's row."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

from crossroute.ingest.objects import _find_list, flatten_record, read_json_objects
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


@dataclass(frozen=True)
class Rewrite:
    """A kept file rewritten without one row's content, in a draft beside it until `commit`."""

    stored: str  # files/<sha256>.<ext>, as the batch names it
    row_number: int
    path: Path
    draft: Path

    def commit(self) -> None:
        """The draft replaces the kept file (one rename: a crash leaves one or the other whole).
        Rows of one file share a draft: the first commit moves it, the others find it moved."""
        if self.draft.exists():
            os.replace(self.draft, self.path)

    def discard(self) -> None:
        self.draft.unlink(missing_ok=True)


def without_row(workspace: Workspace, source: str, record_id: str) -> list[Rewrite]:
    """Drafts of the kept files holding a record's row (any schema), each with that row's content
    removed: its cells emptied (CSV, XLSX) or its object replaced by `{}` (JSON), so every other row
    keeps its number and is still read back as supplied. The drafts replace the files on `commit`
    (erasure commits them once its database changes are committed)."""
    found = workspace.rows(
        "SELECT DISTINCT b.stored_as, b.format, b.reader, r.row_number FROM records r "
        "JOIN ingest_batches b USING (batch_id) WHERE r.source = ? AND r.record_id = ? "
        "AND b.stored_as IS NOT NULL ORDER BY 1, 4",
        [source, record_id],
    )
    drafts: list[Rewrite] = []
    try:
        for stored, kind, reader_text, row_number in found:
            path = workspace.path / Path(stored)
            if not path.exists():
                continue
            rewrite = Rewrite(stored, int(row_number), path, path.with_name(path.name + ".erasing"))
            if drafts and drafts[-1].path == path:  # a second row of the same file: edit the draft
                rewrite = Rewrite(stored, int(row_number), path, drafts[-1].draft)
                source_path = drafts[-1].draft
            else:
                source_path = path
            erase = _ERASERS.get(kind, _erase_json)
            erase(source_path, rewrite.draft, json.loads(reader_text or "{}"), int(row_number))
            drafts.append(rewrite)
    except BaseException:
        for draft in drafts:
            draft.discard()
        raise
    return drafts


def _erase_csv(path: Path, out: Path, reader: dict[str, str], row_number: int) -> None:
    table = open_csv(path, reader.get("encoding"), reader.get("delimiter"))
    encoding, delimiter = table.encoding or "utf-8", table.delimiter or ","
    text = path.read_bytes().decode(encoding, errors="surrogateescape")
    lines = io.StringIO(text, newline="").readlines()  # the lines as the csv module counts them
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    first = last = 0
    start = 1
    for _ in rows:
        if start == row_number:
            first, last = start, rows.line_num  # a row may span lines
            break
        start = rows.line_num + 1
    if not first:
        raise ValueError(f"{path.name} has no row {row_number}")
    empty = delimiter * (len(table.header) - 1)
    for number in range(first, last + 1):  # a row spanning lines leaves as many empty lines
        line = lines[number - 1]
        ending = line[len(line.rstrip("\r\n")) :]
        lines[number - 1] = empty + (ending or "")
    out.write_bytes("".join(lines).encode(encoding, errors="surrogateescape"))


def _erase_xlsx(path: Path, out: Path, reader: dict[str, str], row_number: int) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(path)
    sheet = book[reader["sheet"]] if reader.get("sheet") else book.worksheets[0]
    for cell in sheet[row_number]:
        cell.value = None
    book.save(out)


def _erase_json(path: Path, out: Path, reader: dict[str, str], row_number: int) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    try:
        document = json.loads(text)
    except json.JSONDecodeError:  # JSON lines: the object's line becomes {}
        lines = text.splitlines(keepends=True)
        line = lines[row_number - 1]
        lines[row_number - 1] = "{}" + line[len(line.rstrip("\r\n")) :]
        out.write_text("".join(lines), encoding="utf-8")
        return
    found = _find_list(document, reader.get("path"))
    if found is None:  # one object is the whole document
        document = [{}]
    else:
        found[row_number - 1] = {}
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


_ERASERS = {"csv": _erase_csv, "xlsx": _erase_xlsx, "json": _erase_json}
