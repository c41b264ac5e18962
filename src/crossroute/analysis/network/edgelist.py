"""Read an edge list (`source,target` and optional `weight,time`) into integer arrays, fast (Arrow's CSV
reader) and strictly: a bad row is reported by file, line and field, never as a traceback."""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from numpy.typing import NDArray

REQUIRED = ("source", "target")
OPTIONAL = ("weight", "time")
_TIME = re.compile(
    r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$|^\d{4}-\d{2}(-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$"
)


class EdgeListError(ValueError):
    """A file that is not a usable edge list; the message names the file, line and field."""


@dataclass(frozen=True)
class EdgeList:
    """Edges as integer endpoints into `names`, with weights (1.0 where none given) and times (or None)."""

    names: list[str]
    source: NDArray[np.int64]
    target: NDArray[np.int64]
    weight: NDArray[np.float64]
    time: list[str | None] | None

    @property
    def rows(self) -> int:
        return len(self.source)


def read_edges(path: Path) -> EdgeList:
    """Read EDGES.csv; the header names its columns in any letter case and in any order."""
    if not path.is_file():
        raise EdgeListError(f"{path}: no such file")
    columns, delimiter = _header(path)
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=columns, skip_rows=1, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in columns},
                include_columns=[c for c in (*REQUIRED, *OPTIONAL) if c in columns],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        raise _locate(path, columns, delimiter, str(error)) from None
    return _edges(path, table)


def _header(path: Path) -> tuple[list[str], str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except UnicodeDecodeError:
        raise EdgeListError(f"{path}, line 1: not UTF-8 text") from None
    if not first.strip():
        raise EdgeListError(f"{path}: empty file (expected a header with source,target)")
    delimiter = max(",;\t|", key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ","
    names = [c.strip().lower() for c in next(csv.reader([first], delimiter=delimiter))]
    for name in REQUIRED:
        if name not in names:
            raise EdgeListError(
                f"{path}, line 1: no '{name}' column (header: {', '.join(names)}; "
                "expected source,target and optionally weight,time)"
            )
    seen: set[str] = set()
    unique = []
    for i, name in enumerate(names):
        unique.append(name if name and name not in seen else f"_column_{i}")
        seen.add(name)
    return unique, delimiter


def _locate(path: Path, columns: list[str], delimiter: str, reason: str) -> EdgeListError:
    """Find the first row the fast reader refused, with Python's csv module, to name its line."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            next(reader, None)
            for row in reader:
                line = reader.line_num
                if row and len(row) != len(columns):
                    return EdgeListError(
                        f"{path}, line {line}: {len(row)} cells where the header has {len(columns)}"
                    )
    except UnicodeDecodeError as error:
        return EdgeListError(f"{path}: not UTF-8 text near byte {error.start}")
    except csv.Error as error:
        return EdgeListError(f"{path}, line {reader.line_num}: {error}")
    return EdgeListError(f"{path}: cannot be read as CSV ({reason.splitlines()[0]})")


def _edges(path: Path, table: pa.Table) -> EdgeList:
    source = pc.utf8_trim_whitespace(table.column("source"))
    target = pc.utf8_trim_whitespace(table.column("target"))
    for name, column in (("source", source), ("target", target)):
        empty = pc.equal(column, "")
        if pc.any(empty).as_py():
            row = int(pc.index(empty, True).as_py())
            raise EdgeListError(f"{path}, line {row + 2}, field {name}: empty node id")
    both = pa.chunked_array(source.chunks + target.chunks).combine_chunks().dictionary_encode()
    codes = both.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    names = both.dictionary.to_pylist()
    n = len(source)
    weight = _weights(path, table) if "weight" in table.column_names else np.ones(n)
    time = _times(path, table) if "time" in table.column_names else None
    return EdgeList(names, codes[:n], codes[n:], weight, time)


def _weights(path: Path, table: pa.Table) -> NDArray[np.float64]:
    raw = pc.utf8_trim_whitespace(table.column("weight"))
    filled = pc.if_else(pc.equal(raw, ""), "1", raw)
    try:
        values = pc.cast(filled, pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        values = None
    if values is None or not np.all(np.isfinite(values)) or bool((values < 0).any()):
        for i, text in enumerate(filled.to_pylist()):
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not math.isfinite(value) or value < 0:
                raise EdgeListError(
                    f"{path}, line {i + 2}, field weight: {text!r} is not a number >= 0"
                )
    assert values is not None
    return np.asarray(values, dtype=np.float64)


def _times(path: Path, table: pa.Table) -> list[str | None]:
    raw = pc.utf8_trim_whitespace(table.column("time"))
    bad = pc.invert(pc.or_(pc.equal(raw, ""), pc.match_substring_regex(raw, _TIME.pattern)))
    if pc.any(bad).as_py():
        row = int(pc.index(bad, True).as_py())
        text = raw[row].as_py()
        raise EdgeListError(
            f"{path}, line {row + 2}, field time: {text!r} is neither a number nor an ISO date "
            "(YYYY-MM-DD, optionally with a time)"
        )
    return [t or None for t in raw.to_pylist()]
