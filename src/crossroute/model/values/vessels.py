"""Ship identifiers: IMO numbers (the hull's, for life) and MMSI numbers (follow the flag)."""

import re

from crossroute.model.values._cache import memo_cleaner
from crossroute.model.values.errors import InvalidValue

_IMO_LABEL = re.compile(r"^\s*IMO\s*(?:NO\.?|NUMBER|N°|NR\.?)?\s*[:#]?\s*", re.IGNORECASE)
_MMSI_LABEL = re.compile(r"^\s*MMSI\s*[:#]?\s*", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-.]+")


@memo_cleaner(maxsize=50_000)
def clean_imo(raw: str) -> str | None:
    """Return the 7 digits of an IMO number ("IMO 9074729" -> "9074729").

    The last digit is the check digit: the first six weighted 7, 6, 5, 4, 3, 2, summed, modulo 10.
    """
    digits = _SEPARATORS.sub("", _IMO_LABEL.sub("", raw))
    if not digits:
        return None
    if len(digits) != 7 or not digits.isdigit() or not digits.isascii():
        raise InvalidValue(f"IMO number {raw.strip()!r}: expected 7 digits")
    expected = (
        sum(int(digit) * weight for digit, weight in zip(digits[:6], range(7, 1, -1), strict=True))
        % 10
    )
    if int(digits[6]) != expected:
        raise InvalidValue(f"IMO number {digits}: check digit should be {expected}")
    return digits


@memo_cleaner(maxsize=50_000)
def clean_mmsi(raw: str) -> str | None:
    """Return the 9 digits of a ship's MMSI ("MMSI 235 123 456" -> "235123456").

    Ships' MMSIs start with their flag's maritime identification digits (MID), 201 to 775, so the
    first digit is 2 to 7; coast stations (0), handhelds (8) and SAR devices (9, 111) are rejected.
    """
    digits = _SEPARATORS.sub("", _MMSI_LABEL.sub("", raw))
    if not digits:
        return None
    if len(digits) != 9 or not digits.isdigit() or not digits.isascii():
        raise InvalidValue(f"MMSI {raw.strip()!r}: expected 9 digits")
    if digits[0] not in "234567":
        raise InvalidValue(f"MMSI {digits}: a ship's MMSI starts with 2 to 7 (its flag's MID)")
    return digits
