"""Freight container numbers (ISO 6346): owner code, category letter, serial number, check digit.

"CSQU3054383" is CSQ (owner) + U (freight container; J detachable equipment, Z trailer or chassis)
+ 305438 (serial) + 3 (check digit).
"""

import re

from crossroute.model.values._cache import memo_cleaner
from crossroute.model.values.errors import InvalidValue

_SEPARATORS = re.compile(r"[\s\-./]+")
_CONTAINER_NUMBER = re.compile(r"[A-Z]{3}[UJZ][0-9]{7}")
_FIRST_TEN = re.compile(r"[A-Z]{4}[0-9]{6}")


def _letter_value(letter: str) -> int:
    """A=10, B=12, ... Z=38: counting up from 10 and skipping the multiples of 11."""
    value = ord(letter) - ord("A") + 10
    return value + (value - 1) // 10


def container_check_digit(first10: str) -> int:
    """Return the ISO 6346 check digit of the owner code, category and serial ("CSQU305438" -> 3).

    Each character's value (digits as such, letters from `_letter_value`) is weighted by
    2**position; the sum modulo 11, then modulo 10 (a remainder of 10 gives 0).
    """
    if not _FIRST_TEN.fullmatch(first10):
        raise InvalidValue(f"container number {first10!r}: expected 4 letters and 6 digits")
    total = sum(
        (int(char) if char.isdigit() else _letter_value(char)) << position
        for position, char in enumerate(first10)
    )
    return total % 11 % 10


@memo_cleaner(maxsize=100_000)
def clean_container_number(raw: str) -> str | None:
    """Return the container number compact and upper-case ("mscu 123456-5" -> "MSCU1234565").

    The check digit must be present and right: a 10-character number is rejected (with the digit it
    would have) rather than completed, since a dropped serial digit would then pass unnoticed.
    """
    compact = _SEPARATORS.sub("", raw).upper()
    if not compact:
        return None
    if len(compact) == 10 and _FIRST_TEN.fullmatch(compact):
        expected = container_check_digit(compact)
        raise InvalidValue(f"container number {compact}: check digit missing (would be {expected})")
    if not _CONTAINER_NUMBER.fullmatch(compact):
        if _FIRST_TEN.fullmatch(compact[:10]) and compact[3] not in "UJZ":
            reason = f"category letter {compact[3]!r} should be U, J or Z"
        else:
            reason = "expected 4 letters (the 4th U, J or Z), 6 digits and a check digit"
        raise InvalidValue(f"container number {compact}: {reason}")
    expected = container_check_digit(compact[:10])
    if int(compact[10]) != expected:
        raise InvalidValue(f"container number {compact}: check digit should be {expected}")
    return compact
