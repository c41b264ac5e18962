"""Identity-document and other reference numbers (passports, ID cards, residence permits, seals).

The stored value is the number as issued, compacted: upper case, no spaces, dashes, dots or
slashes. `ocr_key` is a matching key only, for numbers read by OCR or by eye from a scan.
"""

import re

from crossroute.model.values._cache import memo_cleaner
from crossroute.model.values.errors import InvalidValue

_SEPARATORS = re.compile(r"[\s\-./]+")
_DOCUMENT_NUMBER = re.compile(r"[A-Z0-9]{4,20}")
_OCR_CONFUSIONS = str.maketrans("OILSBZG", "0115826")


@memo_cleaner(maxsize=100_000)
def clean_document_number(raw: str) -> str | None:
    """Return the number upper-case without separators ("ab 123-456" -> "AB123456").

    It must then be 4 to 20 Latin letters and digits.
    """
    compact = _SEPARATORS.sub("", raw).upper()
    if not compact:
        return None
    if not _DOCUMENT_NUMBER.fullmatch(compact):
        if not compact.isascii() or not compact.isalnum():
            raise InvalidValue(f"document number {raw.strip()!r}: only letters A-Z and digits")
        raise InvalidValue(f"document number {compact}: {len(compact)} characters, not 4 to 20")
    return compact


def ocr_key(value: str) -> str:
    """Fold characters OCR confuses with digits (O->0, I and L->1, S->5, B->8, Z->2, G->6).

    For matching in resolution ("AB0I23" and "A80123" share a key); never stored as the value.
    """
    return value.upper().translate(_OCR_CONFUSIONS)
