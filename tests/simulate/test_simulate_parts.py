"""The simulator's parts: identifiers with check digits, phone numbers, transliteration, noise."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from schwifty import IBAN

from crossroute.simulate.identifiers import (
    container_number,
    iban,
    imo_number,
    iso6346_check_digit,
    passport,
)
from crossroute.simulate.noise import ocr_slip, typo
from crossroute.simulate.phones import MOBILE_PREFIXES, PhoneFactory
from crossroute.simulate.scales import scale_config
from crossroute.simulate.translit import Transliterator
from crossroute.simulate.world import load_world


def test_iso6346_check_digit_of_known_numbers() -> None:
    assert iso6346_check_digit("CSQU305438") == 3
    assert iso6346_check_digit("MSKU907032") == 3


def test_generated_container_and_imo_numbers_check() -> None:
    rng = random.Random(1)
    for _ in range(200):
        number = container_number(rng, "MSCU")
        assert iso6346_check_digit(number) == int(number[-1])
        imo = imo_number(rng)
        assert sum(int(d) * w for d, w in zip(imo[:6], range(7, 1, -1), strict=True)) % 10 == int(
            imo[6]
        )


@pytest.mark.parametrize("country", ["BE", "GB", "NL", "DE"])
def test_ibans_are_valid_at_real_banks(country: str) -> None:
    rng = random.Random(2)
    for _ in range(5):
        number, bank = iban(rng, country)
        assert IBAN(number, validate_bban=True).country_code == country
        assert bank


@pytest.mark.parametrize("region", sorted(MOBILE_PREFIXES))
def test_phone_numbers_are_valid_and_formatted_as_phonenumbers_does(region: str) -> None:
    factory = PhoneFactory(random.Random(3))
    for _ in range(30):
        phone = factory.new(region)
        number = phonenumbers.parse(phone.e164)
        assert phonenumbers.is_valid_number_for_region(number, region)
        assert phone.national == phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.NATIONAL
        )
        assert phone.international == phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone.national, region))


def test_phone_numbers_do_not_repeat() -> None:
    factory = PhoneFactory(random.Random(4))
    numbers = [factory.new("FR").e164 for _ in range(500)]
    assert len(set(numbers)) == 500


def test_transliteration_follows_each_language() -> None:
    variants = load_world().variants
    rng = random.Random(5)

    def forms(lang: str, name: str, family: bool = False) -> set[str]:
        t = Transliterator(lang, variants)
        render = t.family if family else t.given
        return {render(name, "arabic", rng) for _ in range(200)}

    assert {"Mohammed", "Mohamed"} <= forms("en", "Muhammad") | forms("de", "Muhammad")
    assert "Mehmet" in forms("sq", "Muhammad")
    assert "Chirin" in forms("fr", "Shirin") or "Chirine" in forms("fr", "Shirin")
    assert any("sch" in f.lower() for f in forms("de", "Shirin"))
    assert any(f.startswith("El") for f in forms("fr", "Al-Jaburi", family=True))
    assert any("ou" in f for f in forms("fr", "Al-Jaburi", family=True))
    assert any(" " in f for f in forms("en", "Abdulrahman"))
    assert {"Yusuf", "Jusuf"} & forms("de", "Youssef")


def test_albanian_and_vietnamese_diacritics() -> None:
    variants = load_world().variants
    rng = random.Random(6)
    albanian = {Transliterator("sq", variants).given("Gëzim", "albanian", rng) for _ in range(100)}
    french = {Transliterator("fr", variants).given("Gëzim", "albanian", rng) for _ in range(100)}
    assert "Gëzim" in albanian and "Gezim" in french
    assert {
        Transliterator("fr", variants).family("Nguyễn", "vietnamese", rng) for _ in range(50)
    } >= {"Nguyen"}


def test_ocr_slips_and_typos_change_little() -> None:
    rng = random.Random(7)
    assert (
        ocr_slip("BA1234567", rng)
        in {"8A1234567", "BA I234567".replace(" ", ""), "BA1234S67"} | {"BA12345G7"}
        or sum(a != b for a, b in zip("BA1234567", ocr_slip("BA1234567", rng), strict=True)) == 1
    )
    for _ in range(100):
        out = typo("Abdulrahman", rng)
        assert 9 <= len(out) <= 13 and out != ""


def test_passport_layouts() -> None:
    rng = random.Random(8)
    assert passport(rng, "BA9999999")[0] == "B"
    assert len(passport(rng, "A99999999")) == 9


def test_unknown_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown scale"):
        scale_config("huge")
