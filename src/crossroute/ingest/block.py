"""Turn one block of rows into records, person features and quarantined rows, column by column."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from crossroute.ingest.cleaning import as_text, clean_column, clean_column_by_region, cleaner
from crossroute.ingest.mapping import EntitySpec, MappingSpec, ValueSpec
from crossroute.ingest.persons import person_features
from crossroute.ingest.provenance import OUTPUT_FIELDS, resolve_provenance
from crossroute.ingest.tables import RowBlock, RowProblem
from crossroute.model.agencies import agency
from crossroute.model.values.errors import InvalidValue

Problems = dict[int, list[tuple[str, str]]]


@dataclass
class EntityRows:
    """The records one entity spec made from a block: provenance and id columns plus property columns."""

    spec: EntitySpec
    columns: dict[str, list[Any]]
    properties: dict[str, list[list[str] | None]]
    cleaned: dict[str, list[Any]]
    block_rows: list[int]
    row_numbers: list[int] = field(default_factory=list)


@dataclass
class BlockResult:
    entities: list[EntityRows] = field(default_factory=list)
    persons: dict[str, list[Any]] | None = None
    problems: list[RowProblem] = field(default_factory=list)
    loaded_rows: int = 0
    raw_rows: list[list[str]] = field(default_factory=list)


@dataclass
class BlockContext:
    """What stays the same across the blocks of one file."""

    mapping: MappingSpec
    header: list[str]
    region: str | None
    defaults: Sequence[Mapping[str, Any]]
    seen: dict[str, set[tuple[str, str]]] = field(default_factory=dict)


def transform(block: RowBlock, ctx: BlockContext, existing: Any) -> BlockResult:
    """Records from a block; `existing(schema, source_ids)` names the ids already in the workspace."""
    n = len(block.rows)
    result = BlockResult(problems=list(block.problems))
    if n == 0:
        return result
    cells = dict(zip(ctx.header, (list(c) for c in zip(*block.rows, strict=True)), strict=True))
    problems: Problems = {}
    ids = {e.key: _ids(e, cells, n, problems) for e in ctx.mapping.entities}
    made = [_entity(e, cells, n, ids, ctx, problems) for e in ctx.mapping.entities]
    primary = made[0]
    _check_duplicates(primary, ctx, existing, problems, primary=True)
    skipped = {
        e.spec.key: _check_duplicates(e, ctx, existing, problems, primary=False) for e in made[1:]
    }
    for row, issues in sorted(problems.items()):
        field_name = issues[0][0]
        reason = "; ".join(f"{f}: {r}" if f else r for f, r in issues)
        result.problems.append(
            RowProblem(block.row_numbers[row], field_name, reason, _raw(block.rows[row]))
        )
    good = [i for i in range(n) if i not in problems]
    for entity in made:
        drop = skipped.get(entity.spec.key, set())
        keep = [i for i in good if entity.columns["record_id"][i] is not None and i not in drop]
        selected = _select(entity, keep, block.row_numbers)
        result.entities.append(selected)
        if entity.spec.schema.name == "Person":
            result.persons = _merge_persons(result.persons, person_features(selected))
    result.loaded_rows = len(good)
    result.raw_rows = block.rows
    return result


def _ids(
    entity: EntitySpec, cells: Mapping[str, list[str]], n: int, problems: Problems
) -> list[str | None]:
    values = entity.id.evaluate(cells, n, {})
    out: list[str | None] = [v if isinstance(v, str) and v.strip() else None for v in values]
    if entity.id.required:
        for row, value in enumerate(out):
            if value is None:
                problems.setdefault(row, []).append(
                    (_field(entity.id, "record_id"), "the record id is empty")
                )
    return out


def _entity(
    entity: EntitySpec,
    cells: Mapping[str, list[str]],
    n: int,
    ids: Mapping[str, list[str | None]],
    ctx: BlockContext,
    problems: Problems,
) -> EntityRows:
    given = {name: spec.evaluate(cells, n, ids) for name, spec in entity.provenance.items()}
    provenance = resolve_provenance(given, ctx.defaults, n)  # type: ignore[arg-type]
    for row, (name, reason) in provenance.errors.items():
        spec = entity.provenance.get(name)
        problems.setdefault(row, []).append((_field(spec, name) if spec else name, reason))
    regions = [ctx.region or region_of(source) for source in provenance.columns["source"]]
    cleaned: dict[str, list[Any]] = {}
    for prop, spec in entity.properties.items():
        type_name = entity.schema.type_of(prop)
        raw = spec.evaluate(cells, n, ids)
        if type_name == "entity":
            cleaned[prop] = raw
            continue
        if type_name == "phone":
            column = clean_column_by_region(raw, regions, spec.formats)
        else:
            clean = cleaner(
                type_name, region=None, formats=spec.formats, past_only=prop == "birthDate"
            )
            column = clean_column(raw, clean)
        _note(problems, column.errors, _field(spec, prop))
        _note_required(problems, spec, column.values, prop)
        cleaned[prop] = column.values
    columns: dict[str, list[Any]] = dict(provenance.columns)
    columns["record_id"] = list(ids[entity.key])
    properties = {prop: [_texts(v) for v in values] for prop, values in cleaned.items()}
    return EntityRows(entity, columns, properties, cleaned, list(range(n)))


@cache
def region_of(source: str | None) -> str | None:
    """The default phone region of an agency: its country."""
    if not source:
        return None
    try:
        return agency(source).country
    except InvalidValue:
        return None


def _texts(value: Any) -> list[str] | None:
    if value is None or value == []:
        return None
    items = value if isinstance(value, list) else [value]
    texts = [t for t in (as_text(v) for v in items) if t]
    return texts or None


def _note(problems: Problems, errors: Mapping[int, str], field_name: str) -> None:
    for row, reason in errors.items():
        problems.setdefault(row, []).append((field_name, reason))


def _note_required(problems: Problems, spec: ValueSpec, values: list[Any], prop: str) -> None:
    if spec.required:
        for row, value in enumerate(values):
            if value in (None, []):
                problems.setdefault(row, []).append(
                    (_field(spec, prop), "a required value is empty")
                )


def _field(spec: ValueSpec | None, fallback: str) -> str:
    if spec is None:
        return fallback
    return spec.column or (",".join(spec.columns) if spec.columns else fallback)


def _check_duplicates(
    entity: EntityRows, ctx: BlockContext, existing: Any, problems: Problems, *, primary: bool
) -> set[int]:
    """Repeated primary ids are quarantined; repeated secondary ids (mentions) are skipped."""
    seen = ctx.seen.setdefault(entity.spec.key, set())
    ids, sources = entity.columns["record_id"], entity.columns["source"]
    candidates = [(r, (sources[r], ids[r])) for r in range(len(ids)) if ids[r] and sources[r]]
    known = existing(entity.spec.schema.name, [key for _, key in candidates])
    skipped: set[int] = set()
    for row, key in candidates:
        if row in problems:
            continue
        if key in seen or key in known:
            if primary:
                where = "earlier in this file" if key in seen else "already in the workspace"
                problems.setdefault(row, []).append(
                    (
                        _field(entity.spec.id, "record_id"),
                        f"duplicate record id {key[1]!r} ({where})",
                    )
                )
            else:
                skipped.add(row)
            continue
        seen.add(key)
    return skipped


def _select(entity: EntityRows, keep: list[int], row_numbers: list[int]) -> EntityRows:
    return EntityRows(
        entity.spec,
        {name: [col[i] for i in keep] for name, col in entity.columns.items()},
        {name: [col[i] for i in keep] for name, col in entity.properties.items()},
        {name: [col[i] for i in keep] for name, col in entity.cleaned.items()},
        keep,
        [row_numbers[i] for i in keep],
    )


def _merge_persons(
    current: dict[str, list[Any]] | None, new: dict[str, list[Any]]
) -> dict[str, list[Any]]:
    if current is None:
        return new
    return {name: current[name] + new[name] for name in current}


def _raw(cells: list[str]) -> str:
    return json.dumps(cells, ensure_ascii=False)


__all__ = ["OUTPUT_FIELDS", "BlockContext", "BlockResult", "EntityRows", "transform"]
