"""Turn one block of rows into records, person features and quarantined rows, column by column."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from crossroute.ingest.cleaning import (
    CellRules,
    CleanedColumn,
    clean_cells,
    clean_cells_by_region,
    cleaner,
)
from crossroute.ingest.mapping import EntitySpec, MappingSpec, ValueSpec
from crossroute.ingest.provenance import ProvenanceColumns, resolve_provenance
from crossroute.ingest.tables import RowBlock, RowProblem
from crossroute.model.agencies import agency
from crossroute.model.values.errors import InvalidValue

Problems = dict[int, list[tuple[str, str]]]
Existing = Callable[[str, list[tuple[str, str]]], set[tuple[str, str]]]


@dataclass
class EntityRows:
    """What one entity spec made from a block, for every row; `keep` names the rows to write."""

    spec: EntitySpec
    record_ids: list[str | None]
    sources: list[str | None]
    provenance: ProvenanceColumns
    properties: dict[str, CleanedColumn]
    keep: list[int] = field(default_factory=list)


@dataclass
class BlockResult:
    """A block's records (per entity spec), its raw cells, and its quarantined rows."""

    entities: list[EntityRows] = field(default_factory=list)
    cells: dict[str, Sequence[str]] = field(default_factory=dict)
    row_numbers: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    loaded_rows: int = 0


@dataclass
class BlockContext:
    """What stays the same across the blocks of one file."""

    mapping: MappingSpec
    header: list[str]
    region: str | None
    defaults: Sequence[Mapping[str, Any]]
    seen: dict[str, set[tuple[str, str]]] = field(default_factory=dict)


def transform(block: RowBlock, ctx: BlockContext, existing: Existing) -> BlockResult:
    """Records from a block; `existing(schema, keys)` names the (source, id) keys already stored."""
    n = len(block.rows)
    result = BlockResult(problems=list(block.problems), row_numbers=block.row_numbers)
    if n == 0:
        return result
    result.cells = dict(zip(ctx.header, zip(*block.rows, strict=True), strict=True))  # type: ignore[arg-type]
    problems: Problems = {}
    ids = {e.key: _ids(e, result.cells, n, problems) for e in ctx.mapping.entities}
    made = [_entity(e, result.cells, n, ids, ctx, problems) for e in ctx.mapping.entities]
    _check_duplicates(made[0], ctx, existing, problems, primary=True)
    skipped = {
        e.spec.key: _check_duplicates(e, ctx, existing, problems, primary=False) for e in made[1:]
    }
    for row, issues in sorted(problems.items()):
        reason = "; ".join(f"{f}: {r}" if f else r for f, r in issues)
        result.problems.append(
            RowProblem(block.row_numbers[row], issues[0][0], reason, _raw(block.rows[row]))
        )
    good = [i for i in range(n) if i not in problems] if problems else list(range(n))
    for entity in made:
        drop = skipped.get(entity.spec.key) or set()
        entity.keep = [i for i in good if entity.record_ids[i] is not None and i not in drop]
        result.entities.append(entity)
    result.loaded_rows = len(good)
    return result


def _ids(
    entity: EntitySpec, cells: Mapping[str, Sequence[str]], n: int, problems: Problems
) -> list[str | None]:
    out = [v.strip() or None if v else None for v in entity.id.raw_cells(cells, n, {})]
    if entity.id.required:
        for row, value in enumerate(out):
            if value is None:
                problems.setdefault(row, []).append(
                    (_field(entity.id, "record_id"), "the record id is empty")
                )
    return out


def _entity(
    entity: EntitySpec,
    cells: Mapping[str, Sequence[str]],
    n: int,
    ids: Mapping[str, list[str | None]],
    ctx: BlockContext,
    problems: Problems,
) -> EntityRows:
    given = {
        name: _coded(spec, spec.raw_cells(cells, n, ids))
        for name, spec in entity.provenance.items()
    }
    provenance = resolve_provenance(given, ctx.defaults, n)
    for row, (name, reason) in provenance.errors.items():
        spec = entity.provenance.get(name)
        problems.setdefault(row, []).append((_field(spec, name), reason))
    sources = provenance.column("source")
    properties: dict[str, CleanedColumn] = {}
    for prop, spec in entity.properties.items():
        type_name = entity.schema.type_of(prop)
        raw = spec.raw_cells(cells, n, ids)
        if type_name == "phone":
            regions = [ctx.region] * n if ctx.region else [region_of(s) for s in sources]
            column = clean_cells_by_region(
                raw, regions, lambda region, s=spec: _rules(s, "phone", region)
            )
        else:
            column = clean_cells(raw, _rules(spec, type_name, None, past_only=prop == "birthDate"))
        for row, reason in column.errors.items():
            problems.setdefault(row, []).append((_field(spec, prop), reason))
        if spec.required:
            for row, text in enumerate(column.texts):
                if not text:
                    problems.setdefault(row, []).append(
                        (_field(spec, prop), "a required value is empty")
                    )
        properties[prop] = column
    return EntityRows(entity, ids[entity.key], sources, provenance, properties)


def _coded(spec: ValueSpec, raw: Sequence[str | None]) -> Sequence[str | None]:
    """Provenance cells with the spec's code map applied (e.g. 'mis en cause' -> suspect)."""
    codes = spec.values
    if codes is None:
        return raw
    lookup = {v: codes.get(v.strip().casefold(), v) if v else v for v in set(raw)}
    return [lookup[v] for v in raw]


def _rules(
    spec: ValueSpec, type_name: str, region: str | None, *, past_only: bool = False
) -> CellRules:
    clean = cleaner(type_name, region=region, formats=spec.formats, past_only=past_only)
    return CellRules(clean, spec.values, spec.split)


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


def _check_duplicates(
    entity: EntityRows, ctx: BlockContext, existing: Existing, problems: Problems, *, primary: bool
) -> set[int]:
    """Repeated primary ids are quarantined; repeated secondary ids (mentions of a thing) are skipped."""
    seen = ctx.seen.setdefault(entity.spec.key, set())
    ids, sources = entity.record_ids, entity.sources
    candidates = [(r, (sources[r], ids[r])) for r in range(len(ids)) if ids[r] and sources[r]]
    known = existing(entity.spec.schema.name, [key for _, key in candidates])
    skipped: set[int] = set()
    for row, key in candidates:
        if row in problems:
            continue
        if key in seen or key in known:
            if primary:
                where = "earlier in this file" if key in seen else "already in the workspace"
                reason = f"duplicate record id {key[1]!r} ({where})"
                problems.setdefault(row, []).append((_field(entity.spec.id, "record_id"), reason))
            else:
                skipped.add(row)
            continue
        seen.add(key)  # type: ignore[arg-type]
    return skipped


def _raw(cells: list[str]) -> str:
    return json.dumps(cells, ensure_ascii=False)
