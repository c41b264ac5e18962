"""Column-wise cleaning: each distinct raw cell goes through its type's cleaner once per block, and rows
only look their cell up. This is what keeps a million rows fast: Python work grows with distinct values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc

from crossroute.ingest.arrow_cleaning import ArrowCleaned, arrow_cleaned
from crossroute.model.values.dates import PartialDate, clean_date
from crossroute.model.values.errors import InvalidValue
from crossroute.model.values.phones import clean_phone
from crossroute.model.values.registry import cleaner_for
from crossroute.model.values.text import clean_string

Cleaner = Callable[[str], Any]
# What of a cell could not be cleaned: (the value as written, why), one pair per failing value (a cell
# split into several values may keep the good ones and fail on others).
Failure = tuple[tuple[str, str], ...]
Outcome = tuple[Any, Failure]  # (text, or list of texts, of the values understood; those not)
# The outcomes of distinct cells: each cell's text (or list of texts), and the failures of the cells
# with a value not understood, by position. Compact for the trip back from a helper process; most
# cells have none.
Cleaned = tuple[list[Any] | pa.Array, dict[int, Failure]]
_PARTIAL_DATE = re.compile(r"\d{4}|\d{4}-\d{1,2}|\d{1,2}\s*[./-]\s*\d{4}")
_EMPTY: Outcome = (None, ())


@dataclass(slots=True)
class CleanedColumn:
    """Cleaned texts as an Arrow array (list<string> where the spec splits cells) and, for the rows with
    a value that could not be cleaned, row -> (value as written, reason) pairs.

    Given either as every row's text, or (when cleaned in one part) as the distinct texts and each
    row's position among them, which the writer stages as a dictionary array; every row's text is
    then only made if something asks for it."""

    multi: bool
    errors: dict[int, Failure] = field(default_factory=dict)
    distinct: pa.Array | None = None
    index: pa.Array | None = None
    row_texts: pa.Array | None = None

    @property
    def texts(self) -> pa.Array:
        """Every row's cleaned text (null where the row has none)."""
        if self.row_texts is None:
            if self.distinct is None or self.index is None:
                raise ValueError("a cleaned column needs its row texts or its distinct texts")
            self.row_texts = self.distinct.take(self.index)
        return self.row_texts


@dataclass(frozen=True, slots=True)
class CellRules:
    """How the cells of one column become values: code map, split, then the type's cleaner."""

    clean: Cleaner
    codes: Mapping[str, str] | None = None
    split: str | None = None


def cleaner(
    type_name: str, *, region: str | None, formats: Sequence[str], past_only: bool
) -> Cleaner:
    """The cleaner for a value type with the context it needs (phone region, date formats)."""
    if type_name == "phone":
        return partial(clean_phone, region=region)
    if type_name == "date":
        not_after = dt.date.today() if past_only else None
        if formats:
            return partial(_date_in_formats, formats=tuple(formats), not_after=not_after)
        return partial(clean_date, not_after=not_after)
    if type_name == "entity":
        return clean_string
    return cleaner_for(type_name)


class Outcomes(Protocol):
    """Outcomes being computed, here or in a helper process (a Future fits)."""

    def result(self) -> Cleaned: ...


Submit = Callable[[list[str], CellRules], Outcomes]


@dataclass(frozen=True, slots=True)
class _Done:
    outcomes: Cleaned

    def result(self) -> Cleaned:
        return self.outcomes


def inline(values: list[str], rules: CellRules) -> Outcomes:
    """Compute outcomes here and now."""
    return _Done(outcomes_of(values, rules))


@dataclass
class PendingColumn:
    """A column whose distinct cells are being cleaned; `finish` assembles it."""

    parts: list[tuple[pa.Array | None, pa.DictionaryArray, Outcomes]]
    length: int
    multi: bool

    def finish(self) -> CleanedColumn:
        kind = pa.list_(pa.string()) if self.multi else pa.string()
        if len(self.parts) == 1 and self.parts[0][0] is None:
            _, encoded, outcomes = self.parts[0]
            return _assemble(outcomes.result(), encoded.indices, self.multi)
        texts = pa.nulls(self.length, kind)
        errors: dict[int, Failure] = {}
        for mask, encoded, outcomes in self.parts:
            part = _assemble(outcomes.result(), encoded.indices, self.multi)
            texts = pc.replace_with_mask(texts, mask, part.texts.cast(kind))
            if part.errors:
                rows = pc.indices_nonzero(mask).to_pylist()
                errors.update({rows[local]: reason for local, reason in part.errors.items()})
        return CleanedColumn(self.multi, errors, row_texts=texts)


def clean_cells(column: pa.Array, rules: CellRules) -> CleanedColumn:
    """Clean a column of raw cells: each distinct cell once, then every row looks its cell up."""
    return start_cleaning(column, rules, inline).finish()


def start_cleaning(column: pa.Array, rules: CellRules, submit: Submit) -> PendingColumn:
    """Start cleaning a column's distinct cells through `submit`."""
    encoded = distinct_cells(column)
    outcomes = _submit_distinct(encoded.dictionary, rules, submit)
    return PendingColumn([(None, encoded, outcomes)], len(column), rules.split is not None)


def _submit_distinct(values: pa.Array, rules: CellRules, submit: Submit) -> Outcomes:
    """Distinct cells cleaned by Arrow where it can, the others through `submit`."""
    fast = arrow_cleaned(values, rules.clean, plain=rules.codes is None and rules.split is None)
    if fast is None:
        return submit(values.to_pylist(), rules)
    rest = values.filter(pc.invert(fast.done)).to_pylist()
    return _Merged(fast, submit(rest, rules))


@dataclass(frozen=True, slots=True)
class _Merged:
    """Outcomes of cells Arrow cleaned merged with the others' outcomes from the Python cleaner."""

    fast: ArrowCleaned
    rest: Outcomes

    def result(self) -> Cleaned:
        texts, reasons = self.rest.result()
        left = pc.invert(self.fast.done)
        merged = pc.replace_with_mask(self.fast.texts, left, pa.array(texts, pa.string()))
        if reasons:
            positions = pc.indices_nonzero(left).to_pylist()
            reasons = {positions[local]: reason for local, reason in reasons.items()}
        return merged, reasons


def distinct_cells(column: pa.Array) -> pa.DictionaryArray:
    """The column's distinct values (`dictionary`) and each row's position among them (`indices`)."""
    encoded = column.dictionary_encode()
    return encoded.combine_chunks() if isinstance(encoded, pa.ChunkedArray) else encoded


def start_cleaning_by_region(
    column: pa.Array,
    regions: pa.Array,
    rules_for: Callable[[str | None], CellRules],
    submit: Submit,
) -> PendingColumn:
    """Start cleaning phone numbers, each with its own row's default region (the agency's country)."""
    distinct_regions = pc.unique(regions).to_pylist()
    if len(distinct_regions) == 1:
        return start_cleaning(column, rules_for(distinct_regions[0]), submit)
    rules = {region: rules_for(region) for region in distinct_regions}
    pending = PendingColumn([], len(column), any(r.split is not None for r in rules.values()))
    for region, region_rules in rules.items():
        mask = (
            pc.is_null(regions)
            if region is None
            else pc.fill_null(pc.equal(regions, region), False)
        )
        encoded = distinct_cells(column.filter(mask))
        outcomes = _submit_distinct(encoded.dictionary, region_rules, submit)
        pending.parts.append((mask, encoded, outcomes))
    return pending


def _assemble(outcomes: Cleaned, index: pa.Array, multi: bool) -> CleanedColumn:
    cells, reasons = outcomes
    kind = pa.list_(pa.string()) if multi else pa.string()
    distinct = cells if isinstance(cells, pa.Array) else pa.array(cells, kind)
    column = CleanedColumn(multi, distinct=distinct, index=index)
    if reasons:
        failed = pc.is_in(index, value_set=pa.array(list(reasons), index.type))
        rows = pc.indices_nonzero(failed)
        positions = index.take(rows).to_pylist()
        column.errors = {
            row: reasons[at] for row, at in zip(rows.to_pylist(), positions, strict=True)
        }
    return column


def outcomes_of(values: list[str], rules: CellRules) -> tuple[list[Any], dict[int, Failure]]:
    """Outcomes of distinct cells; the plain case (no codes, no split) in one tight loop."""
    clean = _unwrapped(rules.clean)
    texts: list[Any] = []
    reasons: dict[int, Failure] = {}
    if rules.codes is not None or rules.split is not None:
        for position, raw in enumerate(values):
            text, failure = _outcome(raw, rules, clean)
            texts.append(text)
            if failure:
                reasons[position] = failure
        return texts, reasons
    for raw in values:
        cell = raw.strip()
        if not cell:
            texts.append(None)
            continue
        try:
            value = clean(cell)
        except InvalidValue as error:
            reasons[len(texts)] = ((cell, str(error)),)
            texts.append(None)
            continue
        texts.append(value if type(value) is str else as_text(value))
    return texts, reasons


def _unwrapped(clean: Cleaner) -> Cleaner:
    """The cleaner without its memo: cells are already distinct here, so the memo would only churn."""
    if isinstance(clean, partial):
        inner = getattr(clean.func, "__wrapped__", None)
        return partial(inner, *clean.args, **clean.keywords) if inner else clean
    return getattr(clean, "__wrapped__", clean)


def _outcome(raw: str | None, rules: CellRules, clean: Cleaner) -> Outcome:
    if raw is None:
        return _EMPTY
    cell = raw.strip()
    if not cell:
        return _EMPTY
    coded = rules.codes.get(cell.casefold(), cell) if rules.codes is not None else cell
    parts = [p.strip() for p in coded.split(rules.split)] if rules.split else [coded]
    texts = []
    failures = []
    for part in parts:
        if not part:
            continue
        try:
            text = as_text(clean(part))
        except InvalidValue as error:  # the others of a split cell are kept
            failures.append((part if rules.split else cell, str(error)))
            continue
        if text:
            texts.append(text)
    if rules.split is not None:
        return texts or None, tuple(failures)
    return (texts[0] if texts else None), tuple(failures)


def _date_in_formats(
    raw: str, *, formats: tuple[str, ...], not_after: dt.date | None
) -> PartialDate | None:
    """A date in one of the mapping's formats; only a bare year or month-and-year may differ from them."""
    text = raw.strip()
    # written in the format but not a real day (30/02/1993): the cleaner says why ("impossible date")
    if (
        text
        and not _PARTIAL_DATE.fullmatch(text)
        and not any(_matches(text, f) for f in formats)
        and not any(_shaped(text, f) for f in formats)
    ):
        raise InvalidValue(f"date {raw!r} does not match the format {' or '.join(formats)}")
    return clean_date(text, formats, not_after=not_after)


def _matches(text: str, pattern: str) -> bool:
    try:
        dt.datetime.strptime(text, pattern)
    except ValueError:
        return False
    return True


_SHAPES = {"d": r"\d{1,2}", "m": r"\d{1,2}", "Y": r"\d{4}", "y": r"\d{2}", "b": r"\w+", "B": r"\w+"}


def _shaped(text: str, pattern: str) -> bool:
    """The text is written as the format says (digits where it has numbers), whatever their values."""
    regex = re.sub(
        r"%(.)|([^%]+)",
        lambda m: _SHAPES.get(m.group(1), ".+") if m.group(1) else re.escape(m.group(2)),
        pattern,
    )
    return re.fullmatch(regex, text) is not None


def as_text(value: Any) -> str | None:
    """The stored text of a cleaned value (dates as YYYY[-MM[-DD]], numbers without trailing .0)."""
    if value is None:
        return None
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
