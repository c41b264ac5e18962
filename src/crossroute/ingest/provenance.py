"""Provenance for each row: the row's own columns, else the command's flags, else the mapping's defaults,
else the agency's defaults. Codes are parsed in the agency's schemes and kept as given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from crossroute.model.agencies import agency
from crossroute.model.provenance import (
    Nature,
    parse_grading,
    parse_handling,
    parse_nature,
    parse_subject_category,
)
from crossroute.model.values.dates import clean_date
from crossroute.model.values.errors import InvalidValue

DEFAULT_REVIEW_YEARS = 3
OUTPUT_FIELDS = (
    "source",
    "dataset",
    "source_ref",
    "collected_on",
    "handling_scheme",
    "handling_code",
    "handling_note",
    "grading_scheme",
    "grading_source",
    "grading_info",
    "subject_category",
    "nature",
    "review_date",
)


@dataclass(slots=True)
class ProvenanceColumns:
    """Distinct provenance profiles (tuples of OUTPUT_FIELDS), each row's profile, and failed rows.

    Profile 0 is empty: rows whose provenance is invalid point to it and are listed in `errors`."""

    profiles: list[tuple[Any, ...]]
    row_profile: pa.Array
    errors: dict[int, tuple[str, str]] = field(default_factory=dict)

    def column(self, name: str) -> pa.Array:
        """One output field for every row."""
        position = OUTPUT_FIELDS.index(name)
        values = pa.array([profile[position] for profile in self.profiles])
        return values.take(self.row_profile)


_NO_PROFILE: tuple[Any, ...] = (None,) * len(OUTPUT_FIELDS)
_SEP = "\x1f"


def resolve_provenance(
    given: Mapping[str, pa.Array], defaults: Sequence[Mapping[str, Any]], n: int
) -> ProvenanceColumns:
    """Provenance for n rows. `given` holds the rows' own values per field; `defaults` in priority order.

    Each distinct combination of the rows' values is resolved once."""
    fallback: dict[str, Any] = {}
    for layer in reversed(defaults):
        fallback.update({k: v for k, v in layer.items() if v not in (None, "")})
    review_years = int(fallback.get("review_years", DEFAULT_REVIEW_YEARS))
    varying = [f for f in _INPUT_FIELDS if f in given]
    if varying:
        cleaned = [pc.fill_null(_blank_to_null(given[f]), "") for f in varying]
        keys = pc.binary_join_element_wise(*cleaned, _SEP) if len(cleaned) > 1 else cleaned[0]
    else:
        keys = pa.array([""] * n, pa.string())
    encoded = keys.dictionary_encode()
    distinct = encoded.dictionary
    out = ProvenanceColumns([_NO_PROFILE], pa.array([], pa.int32()))
    per_key: list[int] = []
    failures: dict[int, _Failure] = {}
    for position, key in enumerate(distinct.to_pylist()):
        values = dict(fallback)
        if varying:
            parts = key.split(_SEP)
            values.update({f: v for f, v in zip(varying, parts, strict=True) if v})
        result = _resolve_one(values, review_years)
        if isinstance(result, _Failure):
            failures[position] = result
            per_key.append(0)
        else:
            per_key.append(len(out.profiles))
            out.profiles.append(result)
    index = encoded.indices
    out.row_profile = pa.array(per_key, pa.int32()).take(index)
    if failures:
        for row in pc.indices_nonzero(pc.equal(out.row_profile, 0)).to_pylist():
            failure = failures[index[row].as_py()]
            out.errors[row] = (failure.field, failure.reason)
    return out


def _blank_to_null(column: pa.Array) -> pa.Array:
    trimmed = pc.utf8_trim_whitespace(column)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


@dataclass(frozen=True, slots=True)
class _Failure:
    field: str
    reason: str


_INPUT_FIELDS = (
    "source",
    "dataset",
    "source_ref",
    "collected_on",
    "handling",
    "handling_scheme",
    "handling_code",
    "handling_note",
    "grading",
    "grading_scheme",
    "grading_source",
    "grading_info",
    "subject_category",
    "fact_or_assessment",
    "review_date",
)


def _resolve_one(values: dict[str, Any], review_years: int) -> tuple[Any, ...] | _Failure:
    current = "source"
    try:
        source = agency(str(values["source"])) if values.get("source") else None
        if source is None:
            return _Failure("source", "no source agency: give a source column or --agency")
        current = "handling"
        handling = _handling(values, source.handling_scheme)
        current = "grading"
        grading = _grading(values, source.grading_scheme)
        current = "subject_category"
        category = (
            parse_subject_category(str(values["subject_category"]))
            if values.get("subject_category")
            else None
        )
        current = "fact_or_assessment"
        nature = (
            parse_nature(str(values["fact_or_assessment"]))
            if values.get("fact_or_assessment")
            else Nature.FACT
        )
        current = "collected_on"
        collected = _date(values.get("collected_on"))
        current = "review_date"
        review = _date(values.get("review_date")) or _add_years(
            collected or dt.date.today(), review_years
        )
    except InvalidValue as error:
        return _Failure(current, str(error))
    return (
        source.code,
        values.get("dataset"),
        values.get("source_ref"),
        collected,
        handling.scheme if handling else None,
        handling.code if handling else None,
        handling.note if handling else None,
        grading.scheme if grading else None,
        grading.source if grading else None,
        grading.info if grading else None,
        category.value if category else None,
        nature.value,
        review,
    )


def _handling(values: Mapping[str, Any], agency_scheme: str | None) -> Any:
    code = values.get("handling") or values.get("handling_code")
    if not code:
        return None
    note = values.get("handling_note")
    given = values.get("handling_scheme")
    return _in_scheme(partial(parse_handling, note=note), str(code), given, agency_scheme)


def _grading(values: Mapping[str, Any], agency_scheme: str | None) -> Any:
    code = values.get("grading")
    if not code and values.get("grading_source") and values.get("grading_info"):
        code = f"{values['grading_source']}{values['grading_info']}"
    if not code:
        return None
    return _in_scheme(parse_grading, str(code), values.get("grading_scheme"), agency_scheme)


def _in_scheme(
    parse: Callable[[str, str | None], Any], code: str, given: str | None, usual: str | None
) -> Any:
    """A code read in the scheme the row or mapping gives; else in the agency's usual scheme (which
    settles 'B2', Europol or Admiralty), and failing that in whichever scheme it fits: an agency's
    habit is a hint, not a rule that rejects a well-formed code of another scheme."""
    if given or not usual:
        return parse(code, given)
    try:
        return parse(code, usual)
    except InvalidValue:
        return parse(code, None)


def _date(raw: Any) -> dt.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.date):
        return raw
    parsed = clean_date(str(raw))
    if parsed is None:
        return None
    parts = [int(p) for p in parsed.text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
