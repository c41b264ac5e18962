"""ISO 6346 container numbers: owner code, category, serial and the check digit that guards them."""

from __future__ import annotations

import re

_SHAPE = re.compile(r"^[A-Z]{3}[UJZR][0-9]{6}[0-9]$")
_LETTER_VALUES = {
    letter: value
    for letter, value in zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            10,
            12,
            13,
            14,
            15,
            16,
            17,
            18,
            19,
            20,
            21,
            23,
            24,
            25,
            26,
            27,
            28,
            29,
            30,
            31,
            32,
            34,
            35,
            36,
            37,
            38,
        ),
        strict=True,
    )
}


def clean_container(text: str) -> str:
    """Upper case without spaces, dashes or slashes ('MSCU 123456-5' -> 'MSCU1234565')."""
    return re.sub(r"[\s\-/.]", "", text).upper()


def check_digit(first_ten: str) -> int:
    """The check digit of owner code, category and serial (ISO 6346 annex A; 10 counts as 0)."""
    total = 0
    for position, char in enumerate(first_ten):
        value = _LETTER_VALUES[char] if char.isalpha() else int(char)
        total += value * 2**position
    return total % 11 % 10


def container_problem(text: str) -> str | None:
    """Why a container number is not a valid ISO 6346 number, or None when it is."""
    number = clean_container(text)
    if not _SHAPE.match(number):
        return (
            f"container number {text!r} is not ISO 6346 (3 letters owner code, U/J/Z/R, "
            "6 digits, check digit)"
        )
    expected = check_digit(number[:10])
    if int(number[10]) != expected:
        return f"container number {text!r} fails its ISO 6346 check digit (expected {expected})"
    return None
