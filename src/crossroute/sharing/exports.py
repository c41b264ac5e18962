"""Spreadsheet-safe CSV: a cell a spreadsheet would run as a formula (= + - @, tab, carriage return at
the start) is written with a leading apostrophe, so it shows as text."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write rows with every cell neutralised; returns rows written."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(h) for h in header])
        for row in rows:
            writer.writerow([neutralise(c) for c in row])
            count += 1
    return count


def neutralise_file(path: Path) -> bool:
    """Rewrite a CSV in place if any cell could run as a formula; True when it did."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row):
        return False
    temporary = path.with_name(path.name + ".tmp")
    write_csv(temporary, rows[0], rows[1:])
    os.replace(temporary, path)
    return True
