"""Turn one block of rows into records and quarantined rows, column by column on Arrow arrays."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from crossroute.ingest.cleaning import (
    CellRules,
    CleanedColumn,
    PendingColumn,
    Submit,
    cleaner,
    distinct_cells,
    inline,
    start_cleaning,
    start_cleaning_by_region,
)
from crossroute.ingest.duplicates import RepeatsInFile
from crossroute.ingest.mapping import EntitySpec, MappingSpec, ValueSpec
from crossroute.ingest.persons import full_names
from crossroute.ingest.provenance import ProvenanceColumns, resolve_provenance
from crossroute.ingest.tables import RowBlock, RowProblem
from crossroute.model.agencies import agency
from crossroute.model.values.countries import country_alpha2
from crossroute.model.values.errors import InvalidValue

Problems = dict[int, list[tuple[str, str]]]
# (schema, sources, record ids) -> {row: where a stored record with the same key is}
Duplicates = Callable[[str, pa.Array, pa.Array], dict[int, str]]


@dataclass(frozen=True, slots=True)
class ValueIssue:
    """A value of a loaded row that could not be cleaned: kept as written, not used as a cleaned value."""

    row: int  # position in the block
    field: str  # the column (or columns) as named in the file
    prop: str  # the record's property
    raw: str  # the value as written
    reason: str


@dataclass
class EntityRows:
    """What one entity spec made from a block, for every row; `keep` names the rows to write."""

    spec: EntitySpec
    record_ids: pa.Array
    sources: pa.Array
    provenance: ProvenanceColumns
    properties: dict[str, CleanedColumn]
    repeats: dict[int, str]  # rows whose record id an earlier row of the file has
    full_names: pa.Array | None = None  # a person's name as given, else given and family names
    keep: list[int] = field(default_factory=list)
    # values not understood, of every row (only the kept rows' are written)
    issues: list[ValueIssue] = field(default_factory=list)


@dataclass
class BlockResult:
    """A block's records (per entity spec), its raw cells, and its quarantined rows."""

    entities: list[EntityRows] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    loaded_rows: int = 0
    block: RowBlock = field(default_factory=RowBlock)
    pending: Problems = field(default_factory=dict)  # row -> (field, reason), before `settle`


@dataclass
class BlockContext:
    """What stays the same across the blocks of one file."""

    mapping: MappingSpec
    header: list[str]
    region: str | None
    defaults: Sequence[Mapping[str, Any]]
    # where phone numbers, the dearest values to clean, are cleaned (a helper process for big files)
    submit_phones: Submit = inline
    # the record ids the file has given so far (shared by the tables of one file)
    seen: RepeatsInFile = field(default_factory=RepeatsInFile)
    # national phone numbers' country where neither the row's agency nor its own country says
    fallback_region: str | None = None
    # the one agency whose records this file may hold (an upload: the uploader's); rows naming
    # another source are quarantined
    owner: str | None = None


def transform(block: RowBlock, ctx: BlockContext) -> BlockResult:
    """Records from a block, cleaned and checked; duplicates are settled later (see `settle`)."""
    n = block.size
    result = BlockResult(problems=list(block.problems), row_numbers=block.row_numbers, block=block)
    if n == 0:
        return result
    cells = _Cells(ctx.header, block)
    ids = {e.key: _ids(e, cells, n, result.pending) for e in ctx.mapping.entities}
    result.entities = [_entity(e, cells, n, ids, ctx, result.pending) for e in ctx.mapping.entities]
    return result


def settle(result: BlockResult, stored: Duplicates) -> BlockResult:
    """Quarantine rows whose id was seen before (in this file or the workspace) and every row with a
    problem; choose the rows each entity writes. Needs the store, so it runs where the writes run."""
    if not result.entities:
        return result
    problems, made = result.pending, result.entities
    skipped: dict[str, set[int]] = {}
    for position, entity in enumerate(made):
        found = entity.repeats | stored(entity.spec.schema.name, entity.sources, entity.record_ids)
        if position == 0:
            for row, where in found.items():
                reason = f"duplicate record id {entity.record_ids[row].as_py()!r} ({where})"
                problems.setdefault(row, []).append((_field(entity.spec.id, "record_id"), reason))
        else:
            skipped[entity.spec.key] = set(found)
    for row, issues in sorted(problems.items()):
        reason = "; ".join(f"{f}: {r}" if f else r for f, r in issues)
        number = result.row_numbers[row]
        result.problems.append(
            RowProblem(number, issues[0][0], reason, _raw(result.block.row(row)))
        )
    n = len(result.row_numbers)
    good = [i for i in range(n) if i not in problems] if problems else list(range(n))
    for entity in made:
        drop = skipped.get(entity.spec.key) or set()
        missing = set(pc.indices_nonzero(pc.is_null(entity.record_ids)).to_pylist())
        entity.keep = (
            [i for i in good if i not in missing and i not in drop] if missing or drop else good
        )
    result.loaded_rows = len(good)
    return result


class _Cells:
    """A block's cells by column: as Arrow arrays for cleaning, as Python tuples for templates."""

    def __init__(self, header: list[str], block: RowBlock) -> None:
        self.arrays: dict[str, pa.Array] = dict(block.arrays or {})
        self._rows = block.rows
        self._header = header
        self._columns: dict[str, Sequence[Any]] | None = None

    @property
    def columns(self) -> dict[str, Sequence[Any]]:
        """Python columns, made only when a template or join needs them."""
        if self._columns is None:
            if self._rows:
                self._columns = dict(zip(self._header, zip(*self._rows, strict=True), strict=True))
            else:
                self._columns = {
                    k: [v or "" for v in a.to_pylist()] for k, a in self.arrays.items()
                }
        return self._columns

    def array(self, name: str) -> pa.Array:
        if name not in self.arrays:
            self.arrays[name] = pa.array(self.columns[name], pa.string())
        return self.arrays[name]

    def raw(self, spec: ValueSpec, n: int, ids: Mapping[str, pa.Array]) -> pa.Array:
        """The raw cells of a spec: the column itself, or a computed column (template, join...)."""
        if spec.column and spec.template is None and not spec.columns:
            return self.array(spec.column)
        plain_ids = {key: value.to_pylist() for key, value in ids.items() if key == spec.entity}
        return pa.array(spec.raw_cells(self.columns, n, plain_ids), pa.string())


def _ids(entity: EntitySpec, cells: _Cells, n: int, problems: Problems) -> pa.Array:
    raw = cells.raw(entity.id, n, {})
    trimmed = pc.utf8_trim_whitespace(raw)
    ids = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
    if entity.id.required:
        for row in pc.indices_nonzero(pc.is_null(ids)).to_pylist():
            problems.setdefault(row, []).append(
                (_field(entity.id, "record_id"), "the record id is empty")
            )
    return ids


def _entity(
    entity: EntitySpec,
    cells: _Cells,
    n: int,
    ids: Mapping[str, pa.Array],
    ctx: BlockContext,
    problems: Problems,
) -> EntityRows:
    given = {
        name: _coded(spec, cells.raw(spec, n, ids)) for name, spec in entity.provenance.items()
    }
    provenance = resolve_provenance(given, ctx.defaults, n)
    for row, (name, reason) in provenance.errors.items():
        problems.setdefault(row, []).append((_field(entity.provenance.get(name), name), reason))
    sources = provenance.column("source")
    if ctx.owner is not None:
        _only_owner(entity, sources, ctx.owner, problems)
    pending: dict[str, PendingColumn] = {}
    phones = [p for p in entity.properties if entity.schema.type_of(p) == "phone"]
    for prop in phones:  # started first: they may be cleaned in a helper process meanwhile
        spec = entity.properties[prop]
        countries = _countries(entity, cells, n, ids)
        regions = _regions(ctx.region, sources, countries, ctx.fallback_region)
        raw = cells.raw(spec, n, ids)
        pending[prop] = start_cleaning_by_region(
            raw, regions, _phone_rules(spec), ctx.submit_phones
        )
    for prop, spec in entity.properties.items():
        if prop not in pending:
            rules = _rules(spec, entity.schema.type_of(prop), None, past_only=prop == "birthDate")
            pending[prop] = start_cleaning(cells.raw(spec, n, ids), rules, inline)
    properties: dict[str, CleanedColumn] = {}
    issues: list[ValueIssue] = []
    for prop, spec in entity.properties.items():
        column = pending[prop].finish()
        for row, failure in column.errors.items():
            if spec.required:  # a value the record cannot be without: the row is quarantined
                reason = "; ".join(why for _, why in failure)
                problems.setdefault(row, []).append((_field(spec, prop), reason))
            else:  # a secondary value: the record loads, the value is kept as written
                name = _field(spec, prop)
                issues += [ValueIssue(row, name, prop, raw, why) for raw, why in failure]
        if spec.required:
            for row in pc.indices_nonzero(pc.is_null(column.texts)).to_pylist():
                problems.setdefault(row, []).append(
                    (_field(spec, prop), "a required value is empty")
                )
        properties[prop] = column
    record_ids = ids[entity.key]
    repeats = ctx.seen.repeats(entity.schema.name, sources, record_ids)
    names = full_names(properties, n) if entity.schema.name == "Person" else None
    return EntityRows(
        entity, record_ids, sources, provenance, properties, repeats, names, issues=issues
    )


def _only_owner(entity: EntitySpec, sources: pa.Array, owner: str, problems: Problems) -> None:
    """Quarantine rows whose source is another agency than the one supplying the file."""
    others = pc.and_(pc.is_valid(sources), pc.not_equal(sources, pa.scalar(owner, pa.string())))
    for row in pc.indices_nonzero(pc.fill_null(others, False)).to_pylist():
        problems.setdefault(row, []).append(
            (
                _field(entity.provenance.get("source"), "source"),
                f"source {sources[row].as_py()!r} is another agency: this file is {owner}'s "
                f"(an upload holds the uploader's agency's records only)",
            )
        )


def _regions(
    fixed: str | None, sources: pa.Array, countries: pa.Array | None, fallback: str | None
) -> pa.Array:
    """Each row's default region for national phone numbers: the agency's country, else the country
    the record itself gives (an agency whose code names no country), else `fallback`."""
    if fixed:
        return pa.array([fixed] * len(sources), pa.string())
    encoded = distinct_cells(sources)
    regions = pa.array([region_of(s) for s in encoded.dictionary.to_pylist()], pa.string())
    regions = regions.take(encoded.indices)
    others = [c for c in (countries, fallback) if c is not None]
    if not others or regions.null_count == 0:
        return regions
    return pc.coalesce(regions, *others)


def _countries(
    entity: EntitySpec, cells: _Cells, n: int, ids: Mapping[str, pa.Array]
) -> pa.Array | None:
    """The record's own country (alpha-2) per row, where the entity has one."""
    spec = entity.properties.get("country")
    if spec is None or entity.schema.type_of("country") != "country":
        return None
    cleaned = start_cleaning(cells.raw(spec, n, ids), _rules(spec, "country", None), inline)
    encoded = distinct_cells(cleaned.finish().texts)
    alpha2 = pa.array([_alpha2(c) for c in encoded.dictionary.to_pylist()], pa.string())
    return alpha2.take(encoded.indices)


def _alpha2(alpha3: str | None) -> str | None:
    if not alpha3:
        return None
    try:
        return country_alpha2(alpha3)
    except InvalidValue:
        return None


def _coded(spec: ValueSpec, raw: pa.Array) -> pa.Array:
    """Provenance cells with the spec's code map applied (e.g. 'mis en cause' -> suspect)."""
    codes = spec.values
    if codes is None:
        return raw
    encoded = distinct_cells(raw)
    mapped = [
        codes.get(v.strip().casefold(), v) if v else v for v in encoded.dictionary.to_pylist()
    ]
    return pa.array(mapped, pa.string()).take(encoded.indices)


def _rules(
    spec: ValueSpec, type_name: str, region: str | None, *, past_only: bool = False
) -> CellRules:
    clean = cleaner(type_name, region=region, formats=spec.formats, past_only=past_only)
    return CellRules(clean, spec.values, spec.split)


def _phone_rules(spec: ValueSpec) -> Callable[[str | None], CellRules]:
    def rules(region: str | None) -> CellRules:
        return _rules(spec, "phone", region)

    return rules


@cache
def region_of(source: str | None) -> str | None:
    """The default phone region of an agency: its country."""
    if not source:
        return None
    try:
        return agency(source).country
    except InvalidValue:
        return None


def _field(spec: ValueSpec | None, fallback: str) -> str:
    if spec is None:
        return fallback
    return spec.column or (",".join(spec.columns) if spec.columns else fallback)


def _raw(cells: list[str]) -> str:
    return json.dumps(cells, ensure_ascii=False)
