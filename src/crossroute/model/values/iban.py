"""International bank account numbers (IBAN), cleaned to the compact upper-case form."""

import re

from crossroute.model.values._cache import memo_cleaner
from crossroute.model.values.errors import InvalidValue

_LABEL = re.compile(r"^\s*IBAN\s*:?\s*", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")  # Norway's 15 to Russia's 33


def _check_digits(compact: str) -> str:
    """The two check digits ISO 13616 gives the IBAN `compact` (its own digits ignored)."""
    rearranged = compact[4:] + compact[:2] + "00"
    number = int("".join(str(int(char, 36)) for char in rearranged))
    return f"{98 - number % 97:02d}"


@memo_cleaner(maxsize=50_000)
def clean_iban(raw: str) -> str | None:
    """Return the IBAN compact and upper-case ("GB82WEST12345698765432").

    Accepts spaces, dashes and dots between groups and an "IBAN" label. The country's length and
    BBAN structure and the check digits are validated with `schwifty`; the national BBAN checksum
    is not (schwifty's default).
    """
    if not raw or raw.isspace():
        return None
    compact = _NOT_ALNUM.sub("", _LABEL.sub("", raw)).upper()
    if not compact:
        raise InvalidValue(f"IBAN {raw.strip()!r} has no letters or digits")
    if not _IBAN_SHAPE.fullmatch(compact):
        raise InvalidValue(
            f"IBAN {compact}: expected a country code, 2 check digits, 11 to 30 letters or digits"
        )
    from schwifty import IBAN
    from schwifty.exceptions import (
        InvalidChecksumDigits,
        InvalidCountryCode,
        InvalidLength,
        SchwiftyException,
    )

    try:
        return str(IBAN(compact).compact)
    except InvalidChecksumDigits:
        expected = _check_digits(compact)
        raise InvalidValue(f"IBAN {compact}: check digits should be {expected}") from None
    except InvalidCountryCode:
        raise InvalidValue(f"IBAN {compact}: unknown country code {compact[:2]!r}") from None
    except InvalidLength:
        raise InvalidValue(f"IBAN {compact}: wrong length for {compact[:2]}") from None
    except SchwiftyException as error:
        raise InvalidValue(f"IBAN {compact}: {error}") from None
