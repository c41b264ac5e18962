"""Identifiers with their real structure and check digits: passports, ISO 6346 containers, IMO, MMSI, IBAN,
number plates and company numbers."""

from __future__ import annotations

import random
import string

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

_LETTERS = string.ascii_uppercase
_DE_PASSPORT = "CFGHJKLMNPRTVWXYZ0123456789"
# ISO 6346 letter values skip multiples of 11.
_ISO6346_VALUES = {
    letter: value
    for letter, value in zip(_LETTERS, [v for v in range(10, 39) if v % 11], strict=True)
}
_MID = {
    "LR": "636",
    "PA": "352",
    "MH": "538",
    "MT": "248",
    "SG": "563",
    "PT": "263",
    "DE": "211",
    "GR": "237",
}

# Real bank codes (bank, or bank plus branch) per country, for IBANs with a correct national check.
BANKS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "BE": (
        ("363", "ING België", 7),
        ("001", "BNP Paribas Fortis", 7),
        ("735", "KBC Bank", 7),
        ("068", "Belfius Bank", 7),
        ("063", "Belfius Bank", 7),
        ("143", "Argenta", 7),
    ),
    "GB": (
        ("NWBK601613", "NatWest", 8),
        ("BARC200000", "Barclays", 8),
        ("HBUK400000", "HSBC UK", 8),
        ("LOYD309634", "Lloyds Bank", 8),
        ("MIDL401160", "HSBC", 8),
    ),
    "NL": (("ABNA", "ABN AMRO", 10), ("INGB", "ING Bank", 10), ("RABO", "Rabobank", 10)),
    "DE": (
        ("37040044", "Commerzbank", 10),
        ("10070000", "Deutsche Bank", 10),
        ("36050105", "Sparkasse Essen", 10),
        ("26550105", "Sparkasse Osnabrück", 10),
        ("44050199", "Sparkasse Dortmund", 10),
    ),
}


def passport(rng: random.Random, layout: str) -> str:
    """A passport number after a layout: A letter, 9 digit, X letter-or-digit, anything else literal."""
    out = []
    for c in layout:
        if c == "A":
            out.append(rng.choice(_LETTERS))
        elif c == "9":
            out.append(rng.choice(string.digits))
        elif c == "X":
            out.append(rng.choice(_DE_PASSPORT))
        else:
            out.append(c)
    return "".join(out)


def iso6346_check_digit(code: str) -> int:
    """The check digit of the first ten characters of a container number (owner, category, serial)."""
    total = 0
    for i, c in enumerate(code[:10]):
        value = _ISO6346_VALUES[c] if c.isalpha() else int(c)
        total += value * (1 << i)
    return total % 11 % 10


def container_number(rng: random.Random, owner: str) -> str:
    """An ISO 6346 number such as MSCU1234565; serials whose remainder is 10 are avoided, as the standard advises."""
    while True:
        stem = owner + "".join(rng.choices(string.digits, k=6))
        total = sum(
            (_ISO6346_VALUES[c] if c.isalpha() else int(c)) * (1 << i) for i, c in enumerate(stem)
        )
        if total % 11 != 10:
            return f"{stem}{total % 11}"


def imo_number(rng: random.Random) -> str:
    """A seven-digit IMO ship number (9xxxxxx for modern ships) with its check digit."""
    digits = "9" + "".join(rng.choices(string.digits, k=5))
    check = sum(int(d) * w for d, w in zip(digits, range(7, 1, -1), strict=True)) % 10
    return f"{digits}{check}"


def mmsi(rng: random.Random, flag: str) -> str:
    """A nine-digit ship MMSI starting with its flag's maritime identification digits."""
    return _MID.get(flag, "636") + "".join(rng.choices(string.digits, k=6))


def iban(rng: random.Random, country: str) -> tuple[str, str]:
    """A valid IBAN (national check digits too) at a real bank of `country`, and the bank's name."""
    bank_code, bank_name, size = rng.choice(BANKS[country])
    while True:
        account = "".join(rng.choices(string.digits, k=size))
        try:
            generated = IBAN.generate(country, bank_code=bank_code, account_code=account)
            checked = IBAN(str(generated), validate_bban=True)
        except SchwiftyException:
            continue
        return checked.compact, bank_name


def plate(rng: random.Random, country: str, district: str = "E") -> str:
    """A number plate as written in `country`: DE 'OS-AB 123', FR 'AB-123-CD', GB 'AB12 CDE', BE '1-ABC-234'."""

    def letters(k: int) -> str:
        return "".join(rng.choices(_LETTERS, k=k))

    def digits(k: int) -> str:
        return "".join(rng.choices(string.digits, k=k))

    if country == "DE":
        return f"{district}-{letters(rng.choice((1, 2)))} {rng.randint(1, 9999)}"
    if country == "FR":
        return f"{letters(2)}-{digits(3)}-{letters(2)}"
    if country == "GB":
        return f"{letters(2)}{rng.choice(('19', '20', '69', '70', '21', '71', '22', '72'))} {letters(3)}"
    if country == "NL":
        return f"{letters(1)}-{digits(3)}-{letters(2)}"
    return f"{rng.randint(1, 2)}-{letters(3)}-{digits(3)}"


def company_number(rng: random.Random, country: str) -> str:
    """A company register number: BE enterprise number (mod 97), NL KvK, EC RUC, CO NIT."""
    if country == "BE":
        body = f"0{rng.randint(2000000, 8999999)}"
        check = 97 - int(body) % 97
        number = f"{body}{check:02d}"
        return f"{number[:4]}.{number[4:7]}.{number[7:]}"
    if country in ("NL", "GB"):
        return "".join(rng.choices(string.digits, k=8))
    if country == "EC":
        return "09" + "".join(rng.choices(string.digits, k=8)) + "001"
    return "".join(rng.choices(string.digits, k=9)) + "-" + rng.choice(string.digits)


def engine_serial(rng: random.Random, prefix: str) -> str:
    """An outboard engine's serial number such as 6BG-1093845."""
    return f"{prefix}-{rng.randint(1000000, 1999999)}"
