"""Every value the simulator writes is valid for a strict cleaner, except the few invalid values real
files have too: about 1.5% of people's phone numbers mistyped (a wrong length) and a few impossible birth
dates. Ingest keeps those people (with the value as written, not understood)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

import phonenumbers
import pycountry
import pytest
from schwifty import IBAN

from crossroute.model.agencies import agency
from crossroute.model.provenance import parse_grading, parse_handling, parse_subject_category
from crossroute.model.schema import get_schema
from tests.simulate.sim_reader import Record

ISO6346 = {
    c: v
    for c, v in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [v for v in range(10, 39) if v % 11], strict=True)
}
HANDLE = re.compile(r"(@|https://www\.tiktok\.com/@|https://www\.facebook\.com/)?[a-z0-9_.-]+")
EMAIL = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$")


def _values(records: list[Record], kind: str) -> list[tuple[Record, str, str]]:
    out = []
    for record in records:
        schema = get_schema(record.schema)
        for prop, values in record.properties.items():
            if schema.type_of(prop) == kind:
                out.extend((record, prop, v) for v in values)
    return out


def test_phones_are_valid_numbers_of_the_region_they_are_written_for(records: list[Record]) -> None:
    phones = _values(records, "phone")
    assert len(phones) > 1000
    national = mistyped = persons = 0
    for record, _, text in phones:
        region = record.region or agency(record.source).country
        assert text.startswith("+") or region, (
            f"{record.record_id}: national number without a region: {text}"
        )
        number = phonenumbers.parse(text, region)
        national += not text.startswith("+")
        persons += record.schema == "Person"
        if record.schema == "Person" and not phonenumbers.is_possible_number(number):
            mistyped += 1  # a person's number mistyped: a wrong length, never a wrong range
            continue
        assert phonenumbers.is_valid_number(number), f"{record.record_id}: {text} ({region})"
    assert national > 200
    assert 0.005 < mistyped / persons < 0.03, (mistyped, persons)


def test_dates_are_real_dates_in_the_format_given(records: list[Record]) -> None:
    dates = _values(records, "date")
    assert len(dates) > 1000
    impossible = 0
    for record, prop, text in dates:
        formats = record.formats.get(prop) or ("%Y-%m-%d", "%d/%m/%Y")
        if prop == "birthDate" and not any(_parses(text, f) for f in formats):
            impossible += 1  # written in the format, with a day its month does not have
            text = re.sub(r"\b(29|30|31|32)\b", "01", text)
        assert any(_parses(text, f) for f in formats), (
            f"{record.record_id}.{prop}: {text!r} not in {formats}"
        )
    assert 0 < impossible < len(dates) * 0.01


def _parses(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def test_countries_are_iso_codes_or_names_after_the_mapping(records: list[Record]) -> None:
    countries = _values(records, "country")
    assert len(countries) > 1000
    for record, prop, text in countries:
        if record.region is not None:  # mapped: the mapping's values map must give an ISO code
            assert pycountry.countries.get(alpha_2=text), f"{record.record_id}.{prop}: {text!r}"
        else:
            assert pycountry.countries.lookup(text), f"{record.record_id}.{prop}: {text!r}"


def test_container_numbers_have_a_correct_iso_6346_check_digit(records: list[Record]) -> None:
    numbers = _values(records, "container")
    assert numbers
    for record, _, text in numbers:
        code = text.replace(" ", "")
        assert re.fullmatch(r"[A-Z]{3}U\d{7}", code), text
        total = sum((ISO6346[c] if c.isalpha() else int(c)) * 2**i for i, c in enumerate(code[:10]))
        assert total % 11 % 10 == int(code[10]), f"{record.record_id}: {text}"


def test_imo_numbers_have_a_correct_check_digit(records: list[Record]) -> None:
    numbers = _values(records, "imo")
    assert numbers
    for _, _, text in numbers:
        digits = text.removeprefix("IMO").strip()
        assert re.fullmatch(r"\d{7}", digits), text
        assert sum(
            int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)
        ) % 10 == int(digits[6])


def test_ibans_are_valid_with_national_check_digits(records: list[Record]) -> None:
    ibans = _values(records, "iban")
    assert ibans
    for _, _, text in ibans:
        IBAN(text, validate_bban=True)


def test_genders_emails_numbers_are_clean(records: list[Record]) -> None:
    assert {v for _, _, v in _values(records, "gender")} == {"male", "female"}
    assert all(EMAIL.match(v) for _, _, v in _values(records, "email"))
    for _, _, text in _values(records, "number"):
        assert re.fullmatch(r"\d+(\.\d+)?|\d{1,3}(\.\d{3})*,\d{2}", text), text
    handles = [v for _, _, v in _values(records, "handle")]
    assert handles
    for text in handles:
        assert HANDLE.fullmatch(text), text


def test_provenance_is_valid_in_its_scheme(records: list[Record]) -> None:
    schemes: Counter[str] = Counter()
    for record in records:
        p = record.provenance
        if "handling" in p:
            schemes[parse_handling(p["handling"]).scheme] += 1
        if "grading" in p:
            schemes[parse_grading(p["grading"]).scheme] += 1
        if "subject_category" in p:
            parse_subject_category(p["subject_category"])
        for name in ("collected_on",):
            if name in p:
                assert any(_parses(p[name], f) for f in record.formats[f"provenance:{name}"])
    assert {"SIENA", "UK-3X5X2", "EUROPOL", "ADMIRALTY"} <= schemes.keys()


@pytest.mark.parametrize(
    "schema",
    [
        "Person",
        "Crossing",
        "Vessel",
        "Payment",
        "BankAccount",
        "Call",
        "Arrest",
        "Shipment",
        "Container",
        "Seizure",
        "Organization",
        "Membership",
        "Vehicle",
        "Post",
    ],
)
def test_each_schema_is_present(records: list[Record], schema: str) -> None:
    assert any(r.schema == schema for r in records)
