"""Streaming table writers with byte-identical output for the same input: CSV (any delimiter and encoding),
JSON lines, a JSON object wrapping one list, and XLSX (openpyxl write-only, zip entries with fixed dates)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from anyascii import anyascii

Row = Mapping[str, Any]
_FIXED_TIME = (2025, 12, 31, 0, 0, 0)
_STAMPS = re.compile(rb"<dcterms:(created|modified)([^>]*)>[^<]*</dcterms:(?:created|modified)>")


class TableWriter(Protocol):
    """Writes rows (column name to value) to one file, one at a time."""

    rows: int

    def write(self, row: Row) -> None: ...

    def close(self) -> None: ...


class CsvTable:
    """A CSV file; values the encoding cannot hold are transliterated, as legacy systems do."""

    def __init__(
        self,
        path: Path,
        columns: Sequence[str],
        *,
        delimiter: str = ",",
        encoding: str = "utf-8",
        newline: str = "\n",
    ) -> None:
        self.columns = list(columns)
        self.encoding = encoding
        self.rows = 0
        self._file: IO[str] = path.open("w", encoding=encoding, newline="")
        self._csv = csv.writer(self._file, delimiter=delimiter, lineterminator=newline)
        self._csv.writerow(self.columns)
        self._legacy = encoding.replace("-", "").lower() not in ("utf8", "utf8sig", "utf16")

    def write(self, row: Row) -> None:
        cells = ["" if row.get(c) is None else str(row[c]) for c in self.columns]
        if self._legacy:
            cells = [self._encodable(c) for c in cells]
        self._csv.writerow(cells)
        self.rows += 1

    def _encodable(self, cell: str) -> str:
        try:
            cell.encode(self.encoding)
        except UnicodeEncodeError:
            return "".join(_char(c, self.encoding) for c in cell)
        return cell

    def close(self) -> None:
        self._file.close()


def _char(c: str, encoding: str) -> str:
    try:
        c.encode(encoding)
    except UnicodeEncodeError:
        return anyascii(c)
    return c


class JsonLinesTable:
    """One JSON object per line (UTF-8)."""

    def __init__(self, path: Path) -> None:
        self.rows = 0
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="\n")

    def write(self, row: Row) -> None:
        self._file.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.rows += 1

    def close(self) -> None:
        self._file.close()


class JsonListTable:
    """A JSON object holding one list under a dotted path, e.g. {"export": {"personen": [...]}}; streamed."""

    def __init__(self, path: Path, list_path: str) -> None:
        self.rows = 0
        self._keys = list_path.split(".")
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="\n")
        self._file.write("".join(f"{{{json.dumps(k)}: " for k in self._keys) + "[")

    def write(self, row: Row) -> None:
        self._file.write(
            ("\n  " if not self.rows else ",\n  ") + json.dumps(row, ensure_ascii=False)
        )
        self.rows += 1

    def close(self) -> None:
        self._file.write("\n]" + "}" * len(self._keys) + "\n")
        self._file.close()


class XlsxTable:
    """An Excel workbook with one sheet, every cell text (as officers type dates and phone numbers)."""

    def __init__(self, path: Path, columns: Sequence[str], sheet: str) -> None:
        from openpyxl import Workbook  # type: ignore[import-untyped]

        self.path = path
        self.columns = list(columns)
        self.rows = 0
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(sheet)
        self._sheet.append(self.columns)

    def write(self, row: Row) -> None:
        self._sheet.append(["" if row.get(c) is None else str(row[c]) for c in self.columns])
        self.rows += 1

    def close(self) -> None:
        buffer = io.BytesIO()
        self._book.save(buffer)
        self.path.write_bytes(normalise_zip(buffer.getvalue()))


def normalise_zip(data: bytes) -> bytes:
    """The same archive with fixed entry dates and a fixed 'modified' time, so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _STAMPS.sub(rb"<dcterms:\1\2>2025-12-31T00:00:00Z</dcterms:\1>", content)
                content = content.replace(
                    b"<dc:creator>openpyxl</dc:creator>", b"<dc:creator>crossroute</dc:creator>"
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()
