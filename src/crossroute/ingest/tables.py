"""Readers that turn a file into blocks of rows under one header: CSV (any delimiter and encoding), XLSX,
JSON and JSONL. Rows that cannot be read are reported with their row number, never dropped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
from python_calamine import CalamineWorkbook

from crossroute.ingest.encoding import detect_encoding, has_broken_utf8
from crossroute.ingest.errors import FileRejected

DELIMITERS = (",", ";", "\t", "|")
_BROKEN = re.compile("[\udc80-\udcff]")
_SNIFF_BYTES = 1 << 16
# Arrow's CSV block size is a 32-bit int: rows x average line length can pass it (a file of few lines,
# one of them long), so it is capped; a block still holds whole rows, however long.
_MAX_BLOCK_BYTES = 1 << 30


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that cannot be loaded: where, which field, why, and the row as read."""

    row_number: int
    field: str | None
    reason: str
    raw: str


@dataclass(slots=True)
class RowBlock:
    """Consecutive rows of one file, cells aligned with the header, plus the rows that could not be read.

    Cells come as Python rows, or, from the fast CSV path, as Arrow columns (`arrays`)."""

    row_numbers: list[int] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    arrays: dict[str, pa.Array] | None = None

    @property
    def size(self) -> int:
        return len(self.row_numbers)

    @property
    def rows_read(self) -> int:
        return self.size + len(self.problems)

    def row(self, index: int) -> list[str]:
        """One row's cells as read."""
        if self.arrays is None:
            return self.rows[index]
        return [cell.as_py() or "" for cell in (array[index] for array in self.arrays.values())]


@dataclass
class Table:
    """A readable table: its header, its format and how to read it block by block."""

    path: Path
    format: str
    header: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    size: int = 0
    check_encoding: bool = False
    lines: int | None = None  # lines in a CSV file, counted when it was opened
    careful: bool = False  # CSV read row by row (the fast reader found the file is not plain)
    _rows: list[list[str]] | None = None
    _row_numbers: list[int] | None = None

    def blocks(self, size: int, on_bytes: Any = None) -> Iterator[RowBlock]:
        """Rows in blocks of at most `size`; `on_bytes(n)` is told how far into the file reading has
        got. Raises ReadAgain when the fast CSV reader finds, after some blocks, that it cannot read
        the file exactly: the caller undoes those blocks and reads again (then row by row)."""
        if self.format == "csv":
            if self.check_encoding or self.careful:
                yield from _csv_blocks(self, size, on_bytes)
            else:
                yield from _arrow_blocks(self, size, on_bytes)
            return
        rows, numbers = self._rows or [], self._row_numbers or []
        for start in range(0, len(rows), size):
            block = RowBlock()
            for number, cells in zip(
                numbers[start : start + size], rows[start : start + size], strict=True
            ):
                _accept(block, self.header, number, cells, check_encoding=False)
            if on_bytes:
                on_bytes(self.size * min(start + size, len(rows)) // max(len(rows), 1))
            yield block


def open_csv(
    path: Path, encoding: str | None = None, delimiter: str | None = None, data: bytes | None = None
) -> Table:
    """A CSV table; encoding and delimiter are detected when not given. `data`: the file's bytes, when
    the caller has them already (a big file is then not read twice)."""
    if data is None:
        data = path.read_bytes()
    if is_blank(data):
        raise FileRejected(str(path), "the file is empty")
    encoding = encoding or detect_encoding(data)
    text_head = data[:_SNIFF_BYTES].decode(encoding, errors="replace").lstrip("\ufeff")
    delimiter = delimiter or sniff_delimiter(text_head)
    header = next(csv.reader(io.StringIO(text_head), delimiter=delimiter), [])
    header = [cell.strip() for cell in header]
    if not any(header):
        raise FileRejected(str(path), "the first line (the header) is empty")
    broken = has_broken_utf8(data, encoding)
    table = Table(path, "csv", header, encoding, delimiter, len(data), check_encoding=broken)
    table.lines = _lines(data)
    return table


def _lines(data: bytes) -> int:
    """Lines up to the last one that is not empty (blank lines at the end are no rows to any reader)."""
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    return data.count(b"\n", 0, end) + 1


def is_blank(data: bytes) -> bool:
    """True for an empty file or one of white space only (without copying a big file as strip would)."""
    return not data or data.isspace()


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most cells (',' on a tie)."""
    first_line = text.splitlines()[0] if text else ""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


class ReadAgain(Exception):
    """The fast CSV reader gave blocks, then found the file is not plain (a row with a wrong number of
    cells, a cell that spans lines, a blank line between rows): what it gave must be undone and the
    file read row by row."""


def _arrow_blocks(table: Table, size: int, on_bytes: Any) -> Iterator[RowBlock]:
    """Blocks from Arrow's CSV reader, streamed while it reads on (parsing overlaps with cleaning and
    writing), for a well-formed UTF-8 file: every row has the header's cell count, and the rows are as
    many as the lines (no cell spans lines, no blank line between rows: row numbers are exact). If that
    fails before any block, the careful reader takes over here; after, ReadAgain. An empty cell is
    null, a quoted empty cell an empty text."""
    width = len(table.header)
    row_bytes = table.size // max(table.lines or 1, 1) + 1
    rows = 0
    try:
        batches = pacsv.open_csv(
            table.path,
            read_options=pacsv.ReadOptions(
                column_names=[f"c{i}" for i in range(width)],
                skip_rows=1,
                block_size=min(max(1 << 20, size * row_bytes), _MAX_BLOCK_BYTES),
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=table.delimiter or ",",
                quote_char='"',
                double_quote=True,
                newlines_in_values=True,
                ignore_empty_lines=True,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={f"c{i}": pa.string() for i in range(width)},
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )
        for batch in batches:
            arrays = dict(zip(table.header, batch.columns, strict=True))
            yield RowBlock(
                row_numbers=list(range(rows + 2, rows + 2 + batch.num_rows)), arrays=arrays
            )
            rows += batch.num_rows
            if on_bytes and table.lines:
                on_bytes(table.size * min(rows + 1, table.lines) // table.lines)
    except (pa.ArrowException, OSError) as error:
        if rows:
            raise ReadAgain(str(table.path)) from error
        yield from _csv_blocks(table, size, on_bytes)
        return
    if table.lines != rows + 1:
        if rows:
            raise ReadAgain(str(table.path))
        yield from _csv_blocks(table, size, on_bytes)


def _csv_blocks(table: Table, size: int, on_bytes: Any) -> Iterator[RowBlock]:
    check, width = table.check_encoding, len(table.header)
    with table.path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=table.encoding, errors="surrogateescape", newline="")
        reader = csv.reader(text, delimiter=table.delimiter or ",")
        try:
            next(reader)
        except csv.Error as error:
            raise FileRejected(str(table.path), f"header cannot be read: {error}") from error
        block, next_line = RowBlock(), reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                block.problems.append(RowProblem(next_line, None, f"unreadable CSV: {error}", ""))
                next_line = reader.line_num + 1
                continue
            number, next_line = next_line, reader.line_num + 1
            if len(cells) == width and not check:
                block.row_numbers.append(number)
                block.rows.append(cells)
            elif cells:
                _accept(block, table.header, number, cells, check_encoding=check)
            if len(block.row_numbers) + len(block.problems) >= size:
                if on_bytes:
                    on_bytes(raw.tell())
                yield block
                block = RowBlock()
        if on_bytes:
            on_bytes(table.size)
        yield block


def _accept(
    block: RowBlock, header: list[str], number: int, cells: list[str], *, check_encoding: bool
) -> None:
    if len(cells) != len(header):
        raw = _show(cells)
        block.problems.append(
            RowProblem(
                number, None, f"row has {len(cells)} cells, the header has {len(header)}", raw
            )
        )
        return
    if check_encoding:
        for name, cell in zip(header, cells, strict=True):
            if _BROKEN.search(cell):
                block.problems.append(
                    RowProblem(number, name, "bytes that are not valid UTF-8", _show(cells))
                )
                return
    block.row_numbers.append(number)
    block.rows.append(cells)


def _show(cells: list[str]) -> str:
    """The row as read, with undecodable bytes shown as \\xNN."""
    return json.dumps(
        [
            cell.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            for cell in cells
        ],
        ensure_ascii=False,
    )


def open_xlsx(path: Path, sheet: str | None = None) -> Table:
    """An Excel sheet (the first unless named); the first row is the header."""
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise FileRejected(str(path), f"no sheet {sheet!r} (sheets: {', '.join(names)})")
        values = book.get_sheet_by_name(sheet or names[0]).to_python(skip_empty_area=False)
    except FileRejected:
        raise
    except Exception as error:  # calamine raises its own error types for broken workbooks
        raise FileRejected(str(path), f"not a readable XLSX workbook: {error}") from error
    rows = [[_cell_text(v) for v in row] for row in values]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows or not any(rows[0]):
        raise FileRejected(str(path), "the workbook is empty")
    header = [cell.strip() for cell in rows[0]]
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(r)]
    return Table(
        path,
        "xlsx",
        header,
        size=path.stat().st_size,
        _rows=[r for _, r in body],
        _row_numbers=[n for n, _ in body],
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def open_json_rows(path: Path, objects: list[tuple[int, Any]]) -> Table:
    """Flat rows from JSON objects (nested keys joined by dots, lists of scalars joined by '|')."""
    flat = [(number, _flatten(obj)) for number, obj in objects]
    header: dict[str, None] = {}
    for _, row in flat:
        header.update(dict.fromkeys(row))
    columns = list(header)
    return Table(
        path,
        "json",
        columns,
        size=path.stat().st_size,
        _rows=[[row.get(c, "") for c in columns] for _, row in flat],
        _row_numbers=[n for n, _ in flat],
    )


def _flatten(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}{key}."))
        return out
    key = prefix[:-1]
    if isinstance(value, list):
        return {key: "|".join(_cell_text(v) for v in value if not isinstance(v, dict | list))}
    return {key: _cell_text(value) if not isinstance(value, bool) else str(value).lower()}
