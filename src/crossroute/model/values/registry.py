"""The cleaner for each value type named in `schemata.yaml` and in mappings.

`cleaner_for("phone")` returns the bare cleaner; callers pass the keywords some cleaners take
(`region=` for phone, `formats=`, `order=`, `not_after=`, `not_before=` for date) themselves:
`cleaner_for("phone")(raw, region="FR")`.
"""

import functools
from collections.abc import Callable, Mapping

from crossroute.model.values.containers import clean_container_number
from crossroute.model.values.countries import clean_country
from crossroute.model.values.dates import clean_date
from crossroute.model.values.documents import clean_document_number
from crossroute.model.values.emails import clean_email
from crossroute.model.values.errors import InvalidValue
from crossroute.model.values.genders import clean_gender
from crossroute.model.values.iban import clean_iban
from crossroute.model.values.names import clean_name
from crossroute.model.values.phones import clean_phone
from crossroute.model.values.plates import clean_plate
from crossroute.model.values.text import (
    clean_handle,
    clean_number,
    clean_string,
    clean_url,
)
from crossroute.model.values.vessels import clean_imo, clean_mmsi


@functools.lru_cache(maxsize=1)
def _cleaners() -> Mapping[str, Callable[..., object]]:
    return {
        "container": clean_container_number,
        "country": clean_country,
        "date": clean_date,
        "email": clean_email,
        "entity": clean_string,  # a reference to another record: kept as written
        "gender": clean_gender,
        "handle": clean_handle,
        "iban": clean_iban,
        "identifier": clean_document_number,
        "imo": clean_imo,
        "mmsi": clean_mmsi,
        "name": clean_name,
        "number": clean_number,
        "phone": clean_phone,
        "plate": clean_plate,
        "string": clean_string,
        "text": clean_string,
        "url": clean_url,
    }


def value_types() -> tuple[str, ...]:
    """The value type names there is a cleaner for, sorted."""
    return tuple(sorted(_cleaners()))


def cleaner_for(type_name: str) -> Callable[..., object]:
    """Return the cleaner for a value type ("phone" -> `clean_phone`).

    Raises InvalidValue for a type name that has no cleaner (a typo in a schema or mapping).
    """
    try:
        return _cleaners()[type_name]
    except KeyError:
        known = ", ".join(value_types())
        raise InvalidValue(f"no value type {type_name!r}; known types: {known}") from None
