import random

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from crossroute.model.values import InvalidValue, phones
from crossroute.model.values.phones import clean_phone

REGIONS = ["GB", "FR", "DE", "BE", "NL", "AL", "IT", "IQ", "IR", "TR"]


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("+44 (0)7700 900123", None, "+447700900123"),
        ("+44 7700 900123", "FR", "+447700900123"),
        ("0044 7700 900123", "GB", "+447700900123"),
        ("0044 7700 900123", None, "+447700900123"),  # "00" without a region: international
        ("07700 900123", "GB", "+447700900123"),
        ("00 33 6 12 34 56 78", "FR", "+33612345678"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("06.12.34.56.78", "FR", "+33612345678"),
        ("+33 (0)6 12 34 56 78", None, "+33612345678"),
        ("0151 23456789", "DE", "+4915123456789"),
        ("030/1234567", "DE", "+49301234567"),
        ("0470 12 34 56", "BE", "+32470123456"),
        ("+32 470 12 34 56", None, "+32470123456"),
        ("06-12345678", "NL", "+31612345678"),
        ("+355 69 123 4567", None, "+355691234567"),
        ("069 123 4567", "AL", "+355691234567"),
        ("06 1234 5678", "IT", "+390612345678"),  # Italian numbers keep their leading 0
        ("0750 123 4567", "IQ", "+9647501234567"),
        ("0912 345 6789", "IR", "+989123456789"),
        ("0532 123 45 67", "TR", "+905321234567"),
        ("07700 900123", "gb", "+447700900123"),
        ("07700 900123", "UK", "+447700900123"),
        ("07700 900123", "GBR", "+447700900123"),  # alpha-3, as clean_country returns
        ("tel:+44-7700-900123", None, "+447700900123"),  # full parse
        ("+44 7700 900123 ext. 12", None, "+447700900123"),  # extension dropped
    ],
)
def test_clean_phone(raw: str, region: str | None, e164: str) -> None:
    assert clean_phone(raw, region) == e164


@pytest.mark.parametrize("blank", ["", "  ", "\t"])
def test_blank_is_none(blank: str) -> None:
    assert clean_phone(blank, "GB") is None


@pytest.mark.parametrize(
    ("raw", "region", "reason"),
    [
        ("07700 900123", None, "no default region"),
        ("+44 77", None, "too short"),
        ("+44 7700 900123 456 789", None, "too long"),
        ("call me", "GB", "not a phone number"),
        ("+999 1234 5678", None, "country calling code"),
        ("07700 900123", "XX", "unknown default region 'XX'"),
        ("07700 900123", "ZZZ", "phone region 'ZZZ' is not a country code"),
    ],
)
def test_invalid_phone(raw: str, region: str | None, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_phone(raw, region)


def _full(text: str, region: str | None) -> str | None:
    try:
        return phones._full_e164(text, region)
    except InvalidValue:
        return None


def _realistic_numbers(region: str, rng: random.Random) -> list[str]:
    """Example numbers of every type with random subscriber digits, written the usual ways."""
    texts = []
    for kind in PhoneNumberType.values():
        example = phonenumbers.example_number_for_type(region, kind)
        if example is None:
            continue
        for _ in range(25):
            national = str(example.national_number)
            digits = "".join(rng.choice("0123456789") for _ in range(4))
            number = phonenumbers.parse(f"+{example.country_code}{national[:-4]}{digits}")
            international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
            texts += [
                phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL),
                international,
                phonenumbers.format_number(number, PhoneNumberFormat.E164),
                "00" + international[1:],
            ]
    return texts


def _odd_numbers(region: str, rng: random.Random) -> list[str]:
    """Digit strings of random lengths behind every prefix, most of them not possible numbers."""
    code = phonenumbers.country_code_for_region(region)
    texts = []
    for _ in range(60):
        body = "".join(rng.choice("0123456789") for _ in range(rng.randint(2, 15)))
        texts += [f"+{code} {body}", f"00{code}{body}", f"0{body}", f"+{code} (0){body}"]
        texts += [f"00{body}", f"+{body}", body, f"({body[:3]}) {body[3:]}"]
    return texts


@pytest.mark.parametrize("region", REGIONS)
def test_fast_path_equals_phonenumbers(region: str) -> None:
    rng = random.Random(region)
    calling_code = str(phonenumbers.country_code_for_region(region))
    realistic = _realistic_numbers(region, rng)
    fast_hits = 0
    accepted = 0
    for text in realistic + _odd_numbers(region, rng):
        text = " ".join(text.split())
        for default in (region, "GB", None):
            fast = phones._fast_e164(text, default)
            full = _full(text, default)
            assert fast is None or fast == full, (text, default)
            if (
                text in realistic
                and default == region
                and full is not None
                and not (text[0].isdigit() and text.startswith(calling_code))
            ):
                accepted += 1
                fast_hits += fast is not None
    assert accepted > 100
    # Every usual way of writing a real number takes the fast path, except national numbers that
    # begin with the digits of the calling code (IR "9868"), which phonenumbers weighs both ways.
    assert fast_hits == accepted


def test_common_forms_never_reach_the_full_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(text: str, region: str | None) -> str:
        raise AssertionError(f"full parse for {text!r}")

    monkeypatch.setattr(phones, "_full_e164", fail)
    clean = clean_phone.__wrapped__  # type: ignore[attr-defined]  # not the memo
    assert clean("+44 7700 900123", None) == "+447700900123"
    assert clean("0044 7700 900123", "GB") == "+447700900123"
    assert clean("06 12 34 56 78", "FR") == "+33612345678"
    assert clean("+355 69 123 4567", "AL") == "+355691234567"


def test_invalid_value_is_raised_again_from_the_memo() -> None:
    for _ in range(3):
        with pytest.raises(InvalidValue, match="too short"):
            clean_phone("+44 77")
