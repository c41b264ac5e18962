"""Valid mobile numbers from each country's real ranges, checked with phonenumbers, in the ways people write them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache

import phonenumbers
from phonenumbers import PhoneNumberFormat

# Leading digits of mobile ranges (national significant number) per region.
MOBILE_PREFIXES: dict[str, tuple[str, ...]] = {
    "GB": ("74", "75", "77", "78", "79"),
    "FR": ("6", "6", "7"),
    "DE": ("151", "152", "157", "160", "162", "170", "171", "172", "176", "177", "178", "179"),
    "BE": ("46", "47", "48", "49"),
    "NL": ("6",),
    "AL": ("66", "67", "68", "69"),
    "IQ": ("750", "770", "780", "790", "751", "771"),
    "IR": ("91", "93", "99"),
    "AF": ("70", "72", "77", "78", "79"),
    "SY": ("93", "94", "95", "98", "99"),
    "ER": ("7",),
    "SD": ("91", "92", "99"),
    "VN": ("9", "3", "8", "7"),
    "TR": ("53", "54", "55"),
    "EC": ("9",),
    "CO": ("3",),
    "MA": ("6", "7"),
    "ES": ("6",),
}
_ATTEMPTS = 200


@dataclass(frozen=True, slots=True)
class Phone:
    """One mobile number, with the forms people write it in."""

    region: str
    e164: str
    national: str  # as written at home: "06 12 34 56 78"
    international: str  # E.123 with spaces: "+33 6 12 34 56 78"


@dataclass
class PhoneFactory:
    """Draws valid, distinct mobile numbers; formats are derived once per number block and reused."""

    rng: random.Random
    _issued: set[str] = field(default_factory=set)
    _templates: dict[tuple[str, str, int], tuple[str, str]] = field(default_factory=dict)

    def new(self, region: str) -> Phone:
        """A fresh valid mobile number of `region`."""
        code, length = _plan(region)
        for _ in range(_ATTEMPTS):
            prefix = self.rng.choice(MOBILE_PREFIXES[region])
            size = length if self.rng.random() < 0.8 or region != "DE" else length - 1
            nsn = prefix + "".join(self.rng.choices("0123456789", k=size - len(prefix)))
            number = phonenumbers.PhoneNumber(country_code=code, national_number=int(nsn))
            if f"+{code}{nsn}" in self._issued or not phonenumbers.is_valid_number_for_region(
                number, region
            ):
                continue
            self._issued.add(f"+{code}{nsn}")
            national, international = self._formats(region, number, nsn)
            return Phone(region, f"+{code}{nsn}", national, international)
        raise RuntimeError(f"no valid mobile number found for {region}")

    def _formats(self, region: str, number: phonenumbers.PhoneNumber, nsn: str) -> tuple[str, str]:
        key = (region, nsn[:4], len(nsn))
        template = self._templates.get(key)
        if template is None:
            template = (
                _template(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL), nsn),
                _template(phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL), nsn),
            )
            self._templates[key] = template
        return _fill(template[0], nsn), _fill(template[1], nsn)


@cache
def _plan(region: str) -> tuple[int, int]:
    """The country calling code and the length of a mobile number (its national significant number)."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if example is None:
        raise ValueError(f"no mobile numbering plan for {region}")
    return phonenumbers.country_code_for_region(region), len(
        phonenumbers.national_significant_number(example)
    )


def _template(formatted: str, nsn: str) -> str:
    """The formatted number with the national significant number's digits replaced by '#'."""
    chars = list(formatted)
    remaining = len(nsn)
    for i in range(len(chars) - 1, -1, -1):
        if remaining and chars[i].isdigit():
            chars[i] = "#"
            remaining -= 1
    return "".join(chars)


def _fill(template: str, nsn: str) -> str:
    digits = iter(nsn)
    return "".join(next(digits) if c == "#" else c for c in template)
