"""Validation problems and upload errors as a person reads them: the field and what to type; the file's
name, never where the server keeps it."""

from __future__ import annotations

from pathlib import Path

from crossroute.api.jobs import without_paths
from crossroute.api.plain import plain


def test_a_bad_date_says_which_field_and_what_to_type() -> None:
    problem = {"type": "date_from_datetime_parsing", "loc": ("query", "since"), "msg": "Input…"}
    assert plain(problem) == ("since", "use a date, YYYY-MM-DD")


def test_limits_name_their_bounds_and_unknown_types_keep_the_message() -> None:
    assert plain({"type": "greater_than_equal", "loc": ("query", "limit"), "ctx": {"ge": 1}}) == (
        "limit",
        "must be at least 1",
    )
    assert plain({"type": "missing", "loc": ("body", "decision")}) == ("decision", "is required")
    odd = {"type": "value_error", "loc": ("body",), "msg": "Value error, dates run backwards"}
    assert plain(odd) == ("request", "dates run backwards")


def test_an_upload_error_names_the_file_not_the_server_path() -> None:
    saved = Path("/srv/cases/ws/uploads/upload-x1y2/people_2024.csv")
    message = f"{saved}: row 3: wrong cell count; also /srv/cases/ws/mappings/people.yaml"
    said = without_paths(message, saved, "people 2024.csv")
    assert said.startswith("people 2024.csv: row 3")
    assert "/srv" not in said and "people.yaml" in said
