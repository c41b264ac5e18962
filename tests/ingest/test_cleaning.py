"""Column-wise cleaning: the Arrow passes (ISO dates, document numbers) agree with the Python cleaners,
cell for cell."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from functools import partial

import pyarrow as pa

from crossroute.ingest.cleaning import CellRules, as_text, clean_cells, cleaner
from crossroute.model.values.dates import clean_date
from crossroute.model.values.documents import clean_document_number
from crossroute.model.values.errors import InvalidValue


def _one_by_one(cell: str | None, clean: Callable[[str], object]) -> tuple[str | None, bool]:
    if cell is None or not cell.strip():
        return None, False
    try:
        cleaned = clean(cell.strip())
    except InvalidValue:
        return None, True
    return as_text(cleaned), False


def _assert_same_as_python(cells: list[str | None], type_name: str, clean: Callable) -> None:
    rules = CellRules(cleaner(type_name, region=None, formats=(), past_only=True))
    column = clean_cells(pa.array(cells, pa.string()), rules)
    texts = column.texts.to_pylist()
    for row, cell in enumerate(cells):
        text, rejected = _one_by_one(cell, clean)
        assert texts[row] == text, cell
        assert (row in column.errors) == rejected, cell


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
    _assert_same_as_python(cells, "date", partial(clean_date, not_after=dt.date.today()))


def test_document_numbers_found_by_arrow_match_the_document_cleaner() -> None:
    rng = random.Random(5)
    alphabet = "AB01 az-./\t\u00a0\u0130\u0131\u017f\ufb00#"
    cells: list[str | None] = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(5_000)
    ]
    cells += ["ab 123-456", "AB.12/34", "X1", "A" * 21, "\u0131d1234", "1234\x0b5", None, "", "  "]
    _assert_same_as_python(cells, "identifier", clean_document_number)
