"""Column-wise cleaning: the Arrow pass over ISO dates agrees with the date cleaner, cell for cell."""

from __future__ import annotations

import datetime as dt
import random

import pyarrow as pa

from crossroute.ingest.cleaning import CellRules, clean_cells, cleaner
from crossroute.model.values.dates import clean_date
from crossroute.model.values.errors import InvalidValue


def _one_by_one(cell: str | None) -> tuple[str | None, bool]:
    if cell is None or not cell.strip():
        return None, False
    try:
        cleaned = clean_date(cell.strip(), not_after=dt.date.today())
    except InvalidValue:
        return None, True
    return (cleaned.text if cleaned else None), False


def test_iso_dates_found_by_arrow_match_the_date_cleaner() -> None:
    rng = random.Random(3)
    cells: list[str | None] = [
        f"{rng.randint(1880, 2040)}-{rng.randint(0, 14):02d}-{rng.randint(0, 32):02d}"
        for _ in range(3_000)
    ]
    cells += [
        "2024-02-29",
        "2023-02-29",
        "1990-13-05",
        "13/05/1990",
        "1990",
        None,
        "",
        " 1990-05-13 ",
    ]
    rules = CellRules(cleaner("date", region=None, formats=(), past_only=True))
    column = clean_cells(pa.array(cells, pa.string()), rules)
    texts = column.texts.to_pylist()
    for row, cell in enumerate(cells):
        text, rejected = _one_by_one(cell)
        assert texts[row] == text, cell
        assert (row in column.errors) == rejected, cell
