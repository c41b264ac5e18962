import datetime

import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values.dates import PartialDate, clean_date

TODAY = datetime.date(2025, 6, 1)


def day(text: str) -> PartialDate:
    return PartialDate(text, "day", text.endswith("-01-01"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1990-04-03", day("1990-04-03")),
        ("1990-04", PartialDate("1990-04", "month", False)),
        ("1990", PartialDate("1990", "year", False)),
        ("19900403", day("1990-04-03")),
        ("03041990", day("1990-04-03")),  # DDMMYYYY when YYYYMMDD is impossible
        ("1990-04-03T10:15:00Z", day("1990-04-03")),
        ("2024-10-05 10:15:00+02:00", day("2024-10-05")),
        ("1990/04/03", day("1990-04-03")),
        ("03/04/1990", day("1990-04-03")),
        ("3.4.1990", day("1990-04-03")),
        ("03.04.1990.", day("1990-04-03")),
        ("03-04-1990", day("1990-04-03")),
        ("01.01.1990 00:00:00", day("1990-01-01")),
        ("04/13/1990", day("1990-04-13")),  # only month-first makes sense
        ("13/04/1990", day("1990-04-13")),
        ("04/1990", PartialDate("1990-04", "month", False)),
        ("3 avril 1990", day("1990-04-03")),
        ("1er février 1990", day("1990-02-01")),
        ("3. April 1990", day("1990-04-03")),
        ("3. März 1990", day("1990-03-03")),
        ("3 Jänner 1990", day("1990-01-03")),
        ("3 maart 1990", day("1990-03-03")),
        ("5 mei 1999", day("1999-05-05")),
        ("3 prill 1990", day("1990-04-03")),
        ("12 nëntor 1988", day("1988-11-12")),
        ("3 Apr 1990", day("1990-04-03")),
        ("3rd April 1990", day("1990-04-03")),
        ("April 3, 1990", day("1990-04-03")),
        ("avril 1990", PartialDate("1990-04", "month", False)),
        ("dhjetor 2001", PartialDate("2001-12", "month", False)),
    ],
)
def test_clean_date(raw: str, expected: PartialDate) -> None:
    assert clean_date(raw, not_after=TODAY) == expected


def test_first_of_january_is_flagged_as_a_default_birth_date() -> None:
    assert clean_date("01/01/1998") == PartialDate("1998-01-01", "day", True)
    assert clean_date("1 janvier 1998") == PartialDate("1998-01-01", "day", True)
    first_of_february = clean_date("01/02/1998")
    assert first_of_february is not None and not first_of_february.default_jan1
    year_only = clean_date("1998")
    assert year_only is not None and not year_only.default_jan1


def test_month_first_order() -> None:
    assert clean_date("04/03/1990") == day("1990-03-04")
    assert clean_date("04/03/1990", order="mdy") == day("1990-04-03")
    assert clean_date("13/04/1990", order="mdy") == day("1990-04-13")  # only day-first works


def test_explicit_formats_come_first() -> None:
    assert clean_date("03-1990-04", ["%d-%Y-%m"]) == day("1990-04-03")
    assert clean_date("04/03/1990", ["%m/%d/%Y"]) == day("1990-04-03")
    assert clean_date("1990 Q2", ["%Y Q2"]) == PartialDate("1990", "year", False)
    assert clean_date("Apr 1990", ["%b %Y"]) == PartialDate("1990-04", "month", False)
    assert clean_date("03/04/1990", ["%Y%m%d"]) == day("1990-04-03")  # no match: usual rules


def test_a_declared_format_fixes_the_day_month_order() -> None:
    assert clean_date("4.3.1990", ["%d/%m/%Y"]) == day("1990-03-04")  # other separators
    assert clean_date("1990-03-04", ["%d/%m/%Y"]) == day("1990-03-04")  # ISO still understood
    assert clean_date("3 avril 1990", ["%d/%m/%Y"]) == day("1990-04-03")
    with pytest.raises(InvalidValue, match="month 13 does not exist"):
        clean_date("04/13/1990", ["%d/%m/%Y"])  # would pass as month-first without the format
    with pytest.raises(InvalidValue, match="month 13 does not exist"):
        clean_date("13.04.1990", ["%m/%d/%Y"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("03/04/90", "1990-04-03"),
        ("31.12.99", "1999-12-31"),
        ("01/05/25", "2025-05-01"),  # on or before "today"
        ("30/06/25", "1925-06-30"),  # would be in the future: previous century
        ("03/04/05", "2005-04-03"),
        ("3 juillet 24", "2024-07-03"),
    ],
)
def test_two_digit_years_are_never_in_the_future(raw: str, expected: str) -> None:
    cleaned = clean_date(raw, not_after=TODAY)
    assert cleaned is not None and cleaned.text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1990-13-05", "1990-05-13"), ("19902101", "1990-01-21"), ("1990/31/12", "1990-12-31")],
)
def test_year_first_dates_with_day_and_month_swapped(raw: str, expected: str) -> None:
    cleaned = clean_date(raw, not_after=TODAY)
    assert cleaned is not None and cleaned.text == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("31/02/1990", "February 1990 has no day 31"),
        ("29/02/2023", "February 2023 has no day 29"),
        ("1990-13-14", "month 13 does not exist"),
        ("13/13/1990", "neither 13 nor 13 can be a month"),
        ("3 foo 1990", "'foo' is not a month name"),
        ("yesterday", "not in a known format"),
        ("1850-01-01", "before 1900-01-01"),
        ("2030-01-01", "after 2025-06-01"),
    ],
)
def test_invalid_dates(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_date(raw, not_after=TODAY)


def test_bounds_apply_to_the_whole_period() -> None:
    assert clean_date("2025", not_after=TODAY) == PartialDate("2025", "year", False)
    assert clean_date("1899-12", not_before=datetime.date(1899, 12, 31)) is not None
    assert clean_date("1850", not_before=None) == PartialDate("1850", "year", False)
    with pytest.raises(InvalidValue, match="after"):
        clean_date("2025-07", not_after=TODAY)


def test_leap_day() -> None:
    assert clean_date("29/02/2024") == day("2024-02-29")


@pytest.mark.parametrize("blank", ["", "  ", "\t"])
def test_blank_is_none(blank: str) -> None:
    assert clean_date(blank) is None
