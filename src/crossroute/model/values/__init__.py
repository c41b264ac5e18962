"""Value types: one cleaner per type, used by ingest, resolution and search alike.

Every cleaner takes the raw text as given and returns the cleaned value (None for a blank one), or
raises `InvalidValue` with a reason an analyst can read. `cleaner_for()` maps the type names used in
`schemata.yaml` and in mappings to their cleaners.
"""

from crossroute.model.values.containers import clean_container_number, container_check_digit
from crossroute.model.values.countries import clean_country, country_alpha2
from crossroute.model.values.dates import PartialDate, clean_date
from crossroute.model.values.documents import clean_document_number, ocr_key
from crossroute.model.values.emails import clean_email
from crossroute.model.values.errors import InvalidValue
from crossroute.model.values.genders import clean_gender
from crossroute.model.values.iban import clean_iban
from crossroute.model.values.names import clean_name, fold_name, name_tokens
from crossroute.model.values.phones import clean_phone
from crossroute.model.values.plates import clean_plate
from crossroute.model.values.registry import cleaner_for, value_types
from crossroute.model.values.text import clean_handle, clean_number, clean_string, clean_url
from crossroute.model.values.vessels import clean_imo, clean_mmsi

__all__ = [
    "InvalidValue",
    "PartialDate",
    "clean_container_number",
    "clean_country",
    "clean_date",
    "clean_document_number",
    "clean_email",
    "clean_gender",
    "clean_handle",
    "clean_iban",
    "clean_imo",
    "clean_mmsi",
    "clean_name",
    "clean_number",
    "clean_phone",
    "clean_plate",
    "clean_string",
    "clean_url",
    "cleaner_for",
    "container_check_digit",
    "country_alpha2",
    "fold_name",
    "name_tokens",
    "ocr_key",
    "value_types",
]
