"""What a query string may mean: a name (matched by skeletons), identifiers in any format (cleaned by the
value types' cleaners), an entity id or a record (SOURCE:RECORD_ID)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from crossroute.model.values import (
    InvalidValue,
    clean_container_number,
    clean_document_number,
    clean_email,
    clean_handle,
    clean_iban,
    clean_imo,
    clean_mmsi,
    clean_phone,
    clean_plate,
)
from crossroute.sharing.index import skeletons

_CLEANERS: tuple[tuple[str, Callable[[str], object]], ...] = (
    ("email", clean_email),
    ("iban", clean_iban),
    ("document", clean_document_number),
    ("plate", clean_plate),
    ("container", clean_container_number),
    ("imo", clean_imo),
    ("mmsi", clean_mmsi),
    ("handle", clean_handle),
)
MAX_QUERY = 200


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    names: frozenset[str]  # skeletons that must all be in one name
    identifiers: frozenset[str]  # "kind:value", cleaned
    reference: tuple[str, str] | None  # (source, record_id) when written SOURCE:RECORD_ID


def parse_query(text: str, region: str | None = None) -> Query:
    """Every reading of the query; `region` is the country assumed for a national phone number."""
    cleaned = " ".join(text.split())[:MAX_QUERY]
    found: set[str] = set()
    for region_tried in dict.fromkeys((region, None)):
        _try(found, "phone", functools.partial(clean_phone, region=region_tried), cleaned)
    for kind, cleaner in _CLEANERS:
        _try(found, kind, cleaner, cleaned)
    source, colon, record = cleaned.partition(":")
    reference = (source.strip().upper(), record.strip()) if colon and source and record else None
    has_letters = any(c.isalpha() for c in cleaned) and "@" not in cleaned
    return Query(
        cleaned, skeletons(cleaned) if has_letters else frozenset(), frozenset(found), reference
    )


def _try(found: set[str], kind: str, cleaner: Callable[[str], object], text: str) -> None:
    try:
        value = cleaner(text)
    except (InvalidValue, ValueError):
        return
    if value:
        found.add(f"{kind}:{value}")
