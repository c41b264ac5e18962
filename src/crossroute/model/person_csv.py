"""The canonical person CSV's columns, in order: a contract other tools and agencies write to
(docs/formats.md). The ingest recognises a file by them; the simulator writes them."""

PERSON_COLUMNS = (
    "record_id",
    "source",
    "full_name",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "place_of_birth",
    "document_number",
    "phone",
    "email",
    "address",
    "city",
    "country",
)
