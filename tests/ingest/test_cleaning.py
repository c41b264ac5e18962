"""Column-wise cleaning: the Arrow passes (dates, document numbers, e-mail addresses, phone numbers in
national form) agree with the Python cleaners, cell for cell."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from functools import partial

import pyarrow as pa

from crossroute.ingest.arrow_cleaning import arrow_cleaned
from crossroute.ingest.cleaning import CellRules, as_text, clean_cells, cleaner
from crossroute.model.values.dates import clean_date
from crossroute.model.values.documents import clean_document_number
from crossroute.model.values.emails import clean_email
from crossroute.model.values.errors import InvalidValue
from crossroute.model.values.phones import calling_codes, clean_phone


def _one_by_one(cell: str | None, clean: Callable[[str], object]) -> tuple[str | None, bool]:
    if cell is None or not cell.strip():
        return None, False
    try:
        cleaned = clean(cell.strip())
    except InvalidValue:
        return None, True
    return as_text(cleaned), False


def _assert_same_as_python(
    cells: list[str | None], type_name: str, clean: Callable, region: str | None = None
) -> None:
    rules = CellRules(cleaner(type_name, region=region, formats=(), past_only=True))
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


def test_day_first_dates_and_years_found_by_arrow_match_the_date_cleaner() -> None:
    rng = random.Random(4)
    cells: list[str | None] = [
        f"{rng.randint(0, 33):02d}{sep}{rng.randint(0, 33):02d}{sep}{rng.randint(1880, 2040)}"
        for sep in "/.-"
        for _ in range(2_000)
    ]
    cells += [str(rng.randint(1850, 2060)) for _ in range(300)]
    today = dt.date.today()
    cells += [
        "29/02/2024",
        "29.02.2023",
        "04/13/1990",
        "13/13/1990",
        "00/05/1990",
        "05/00/1990",
        "12/05-1990",
        "1/5/1990",
        "0000",
        "1899",
        "1900",
        str(today.year),
        str(today.year + 1),
        today.strftime("%d/%m/%Y"),
        (today + dt.timedelta(days=1)).strftime("%d/%m/%Y"),
        "01/01/1900",
        "31/12/1899",
        " 12/05/1990",
    ]
    _assert_same_as_python(cells, "date", partial(clean_date, not_after=today))


def test_emails_found_by_arrow_match_the_email_cleaner() -> None:
    rng = random.Random(6)
    alphabet = "aZ9.@-_+ <>:\t\x1f\u00e9\u0130"
    cells: list[str | None] = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(5_000)
    ]
    cells += [f"User{n}@Example.{rng.choice(['com', 'co.uk', 'BE'])}" for n in range(500)]
    cells += [
        "mailto:Ali@example.com",
        "MAILTO:ali@example.com",
        "<ali@example.com>",
        "ali@example",
        "ali@example..com",
        "ali@.example.com",
        "@example.com",
        "a@b@example.com",
        "ali k@example.com",
        "ali\x1c@example.com",
        "\u0130ali@example.com",
        "ali@example.com.",
        None,
        "",
    ]
    _assert_same_as_python(cells, "email", clean_email)


def test_document_numbers_found_by_arrow_match_the_document_cleaner() -> None:
    rng = random.Random(5)
    alphabet = "AB01 az-./\t\u00a0\u0130\u0131\u017f\ufb00#"
    cells: list[str | None] = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(5_000)
    ]
    cells += ["ab 123-456", "AB.12/34", "X1", "A" * 21, "\u0131d1234", "1234\x0b5", None, "", "  "]
    _assert_same_as_python(cells, "identifier", clean_document_number)


def _international_numbers(rng: random.Random) -> list[str | None]:
    """Numbers after "+": every calling code with national numbers of many lengths, written as
    people write them, and the shapes the fast path leaves to phonenumbers."""
    cells: list[str | None] = []
    for code in sorted(calling_codes()):
        for _ in range(3):
            national = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 15)))
            spaced = " ".join(national[i : i + 3] for i in range(0, len(national), 3))
            cells += [f"+{code}{national}", f"+{code} {spaced}", f"(+{code}) {spaced}"]
    cells += ["+44 (0)7700 900123", "+33 (0)6 12 34 56 78", "+964 750 570 5411", "+1 202-555-0100"]
    cells += ["+0044 7700 900123", "+12", "+", "+ 44 7700 900123", " +44 7700 900123", "+44\t7700"]
    return cells


def test_international_phone_numbers_found_by_arrow_match_the_phone_cleaner() -> None:
    cells = _international_numbers(random.Random(11))
    for region in (None, "GB", "IQ", "US"):
        _assert_same_as_python(cells, "phone", partial(clean_phone, region=region), region)


def test_international_phone_numbers_are_cleaned_by_arrow() -> None:
    cells = pa.array(
        ["+964 750 570 5411", "+44 7700 900123", "(+33) 6 12 34 56 78", "+1 202-555-0100"]
    )
    cleaned = arrow_cleaned(cells, partial(clean_phone, region=None))
    assert cleaned is not None and cleaned.done.to_pylist() == [True] * 4
    assert cleaned.texts.to_pylist()[0] == "+9647505705411"


def test_national_phone_numbers_found_by_arrow_match_the_phone_cleaner() -> None:
    rng = random.Random(7)
    cells: list[str | None] = [
        "".join(rng.choice("0123456789" * 3 + " ()-./+") for _ in range(rng.randint(0, 16)))
        for _ in range(3_000)
    ]
    cells += [
        f"0{rng.randint(1, 9)}{rng.randint(0, 10 ** rng.randint(3, 11))}" for _ in range(2_000)
    ]
    cells += [
        "07700 900123",
        "(0)20 7946 0958",
        "1800201234567",
        "0044 7700 900123",
        "447700900123",
    ]
    cells += [
        "06 12 34 56 78",
        "0470 14 71 41",
        "0151 27985567",
        "069 266 3325",
        "\t0612",
        None,
        "",
    ]
    # numbers that fit the general pattern only with their national prefix, which phonenumbers keeps
    cells += ["1800209083", "1800 207022", "8378579801", "8 811 415693", "06011327", "000439"]
    regions = (
        "GB",
        "FR",
        "DE",
        "BE",
        "NL",
        "AL",
        "IT",
        "US",
        "IQ",
        "KZ",
        "RU",
        "RW",
        "UY",
        "uk",
        "XX",
    )
    for region in regions:
        _assert_same_as_python(cells, "phone", partial(clean_phone, region=region), region)
