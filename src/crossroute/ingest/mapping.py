"""Declarative mappings (YAML) from an agency's file layout to records. See docs/formats.md.

A mapping is evaluated column by column over a block of rows: each value spec turns the block's cells into
one list of values (or of value lists, where a cell holds several), which is what makes a million rows fast.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crossroute.model.schema import Schema, get_schema

PROVENANCE_FIELDS = (
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
_SPEC_KEYS = {
    "column",
    "columns",
    "join",
    "literal",
    "template",
    "entity",
    "values",
    "split",
    "format",
    "required",
}
_TEMPLATE_FIELD = re.compile(r"\{([^{}]*)\}")


class MappingError(Exception):
    """A mapping file that is not valid; the message names the file and the place in it."""


@dataclass(frozen=True)
class ValueSpec:
    """How one value is made from the cells of a row."""

    column: str | None = None
    columns: tuple[str, ...] = ()
    join: str = " "
    literal: str | None = None
    template: str | None = None
    entity: str | None = None
    values: Mapping[str, str] | None = None
    split: str | None = None
    formats: tuple[str, ...] = ()
    required: bool = False

    def columns_used(self) -> set[str]:
        used = set(self.columns)
        if self.column:
            used.add(self.column)
        if self.template:
            used.update(name for name in _TEMPLATE_FIELD.findall(self.template) if name)
        return used

    def raw_cells(
        self, cells: Mapping[str, Sequence[str]], n: int, ids: Mapping[str, Sequence[str | None]]
    ) -> Sequence[str | None]:
        """The raw text of this spec for each of n rows, before codes, splitting and cleaning.

        A plain column is returned as it is, without a copy: the common case, and the fast one."""
        if self.entity is not None:
            return ids[self.entity]
        if self.literal is not None:
            return [self.literal] * n
        if self.columns:
            parts = [cells[c] for c in self.columns]
            return [
                self.join.join(p.strip() for p in row if p.strip()) or None
                for row in zip(*parts, strict=True)
            ]
        if self.template is not None:
            column = cells[self.column] if self.column else [""] * n
            return _fill_template(self.template, cells, column, n)
        return cells[self.column] if self.column else [None] * n


def _fill_template(
    template: str, cells: Mapping[str, Sequence[str]], column: Sequence[str], n: int
) -> list[str | None]:
    names = _TEMPLATE_FIELD.findall(template)
    sources = [column if not name else cells[name] for name in names]
    pattern = _TEMPLATE_FIELD.sub("{}", template)
    out: list[str | None] = []
    for i in range(n):
        parts = [(src[i] or "").strip() for src in sources]
        out.append(pattern.format(*parts) if all(parts) else None)
    return out


@dataclass(frozen=True)
class EntitySpec:
    """One record made from each row: its schema, id, properties and provenance."""

    key: str
    schema: Schema
    id: ValueSpec
    properties: Mapping[str, ValueSpec]
    provenance: Mapping[str, ValueSpec] = field(default_factory=dict)


@dataclass(frozen=True)
class MappingSpec:
    """A whole mapping: agency defaults, how to read the file, and the entities made from each row."""

    entities: tuple[EntitySpec, ...]
    agency: str | None = None
    region: str | None = None
    dataset: str | None = None
    read: Mapping[str, Any] = field(default_factory=dict)
    defaults: Mapping[str, Any] = field(default_factory=dict)
    sha256: str | None = None
    name: str = "mapping"

    def columns_used(self) -> set[str]:
        used: set[str] = set()
        for entity in self.entities:
            specs = [entity.id, *entity.properties.values(), *entity.provenance.values()]
            for spec in specs:
                used |= spec.columns_used()
        return used


def load_mapping(path: Path) -> MappingSpec:
    """Read and check a mapping file; errors name the file and the entity/property at fault."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise MappingError(f"{path}: cannot read the mapping: {error.strerror}") from error
    raw = read_yaml(path, data, "mapping")
    if not isinstance(raw, dict) or not raw.get("entities"):
        raise MappingError(f"{path}: a mapping needs an 'entities' list")
    try:
        mapping = parse_mapping(raw, where=str(path))
    except (AttributeError, TypeError, ValueError) as error:  # e.g. a string where a list belongs
        raise MappingError(
            f"{path}: a value of the wrong kind (a list or mapping expected?): {error}"
        ) from None
    for name in ("read", "defaults"):
        if not isinstance(getattr(mapping, name), dict):
            raise MappingError(f"{path}: {name!r} must be a mapping of names to values")
    return MappingSpec(
        entities=mapping.entities,
        agency=mapping.agency,
        region=mapping.region,
        dataset=mapping.dataset,
        read=mapping.read,
        defaults=mapping.defaults,
        sha256=hashlib.sha256(data).hexdigest(),
        name=path.name,
    )


def read_yaml(path: Path, data: bytes | str, kind: str) -> Any:
    """A YAML file's content; a syntax error names the file, the line and column, and the problem."""
    try:
        return yaml.safe_load(data)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        context = getattr(error, "context", None)
        detail = f"{problem} ({context})" if context else problem
        raise MappingError(f"{path}{where}: the {kind} is not valid YAML: {detail}") from None


def parse_mapping(raw: Mapping[str, Any], where: str) -> MappingSpec:
    entities = raw["entities"]
    if isinstance(entities, dict):  # also accept FtM's style: {key: {schema: ...}}
        entities = [{"key": key, **spec} for key, spec in entities.items()]
    specs = tuple(_entity(e, f"{where}: entity {i + 1}") for i, e in enumerate(entities))
    keys = [e.key for e in specs]
    for entity in specs:
        for prop, spec in entity.properties.items():
            if spec.entity is not None and spec.entity not in keys:
                raise MappingError(
                    f"{where}: {entity.key}.{prop} refers to unknown entity {spec.entity!r}"
                )
    return MappingSpec(
        entities=specs,
        agency=raw.get("agency"),
        region=raw.get("region"),
        dataset=raw.get("dataset"),
        read=raw.get("read") or {},
        defaults=raw.get("defaults") or {},
    )


def _entity(raw: Any, where: str) -> EntitySpec:
    if not isinstance(raw, dict) or "schema" not in raw or "id" not in raw:
        raise MappingError(f"{where}: needs 'schema' and 'id'")
    try:
        schema = get_schema(str(raw["schema"]))
    except KeyError as error:
        raise MappingError(f"{where}: {error.args[0]}") from None
    key = str(raw.get("key") or schema.name.lower())
    properties = {}
    for prop, spec in (raw.get("properties") or {}).items():
        try:
            schema.type_of(prop)
        except KeyError as error:
            raise MappingError(f"{where} ({key}): {error.args[0]}") from None
        properties[prop] = value_spec(spec, f"{where} ({key}.{prop})")
    provenance = {}
    for name, spec in (raw.get("provenance") or {}).items():
        if name not in PROVENANCE_FIELDS:
            raise MappingError(f"{where} ({key}): unknown provenance field {name!r}")
        provenance[name] = value_spec(spec, f"{where} ({key}.provenance.{name})")
    return EntitySpec(
        key, schema, value_spec(raw["id"], f"{where} ({key}.id)"), properties, provenance
    )


def value_spec(raw: Any, where: str) -> ValueSpec:
    """A value spec from YAML: a mapping, or a bare string meaning {column: ...}."""
    if isinstance(raw, str):
        return ValueSpec(column=raw)
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: a value spec is a column name or a mapping")
    unknown = set(raw) - _SPEC_KEYS
    if unknown:
        raise MappingError(
            f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(_SPEC_KEYS)})"
        )
    sources = [k for k in ("column", "columns", "literal", "entity") if k in raw]
    if len(sources) > 1 or (not sources and "template" not in raw):
        raise MappingError(
            f"{where}: give exactly one of column, columns, literal, entity (or a template)"
        )
    formats = raw.get("format") or ()
    codes = raw.get("values")
    return ValueSpec(
        column=raw.get("column"),
        columns=tuple(raw.get("columns") or ()),
        join=str(raw.get("join", " ")),
        literal=None if raw.get("literal") is None else str(raw["literal"]),
        template=raw.get("template"),
        entity=raw.get("entity"),
        values={str(k).strip().casefold(): str(v) for k, v in codes.items()} if codes else None,
        split=raw.get("split"),
        formats=(formats,) if isinstance(formats, str) else tuple(formats),
        required=bool(raw.get("required", False)),
    )


def missing_columns(mapping: MappingSpec, header: Sequence[str]) -> list[str]:
    """Columns the mapping names that the file does not have."""
    return sorted(mapping.columns_used() - set(header))
