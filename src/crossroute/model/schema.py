"""Record schemata as data: `schemata.yaml` loaded into `Schema` objects (after FollowTheMoney's model)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Schema:
    """One record schema with its inherited properties (property name to value-type name)."""

    name: str
    kind: str
    ftm: str | None
    abstract: bool
    caption: tuple[str, ...]
    properties: Mapping[str, str] = field(default_factory=dict)

    def type_of(self, prop: str) -> str:
        """The value type of a property, or a KeyError naming the schema's properties."""
        try:
            return self.properties[prop]
        except KeyError:
            known = ", ".join(sorted(self.properties))
            raise KeyError(f"{self.name} has no property {prop!r} (it has: {known})") from None


@cache
def schemata() -> Mapping[str, Schema]:
    """All schemata by name, parents' properties merged in."""
    text = resources.files("crossroute.model").joinpath("schemata.yaml").read_text("utf-8")
    raw: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return {name: _build(name, raw) for name in raw}


def _build(name: str, raw: Mapping[str, Mapping[str, Any]]) -> Schema:
    spec = raw[name]
    parent = _build(spec["extends"], raw) if "extends" in spec else None
    properties = dict(parent.properties) if parent else {}
    properties.update(spec.get("properties") or {})
    caption = tuple(spec.get("caption") or (parent.caption if parent else ("name",)))
    return Schema(
        name=name,
        kind=spec.get("kind", parent.kind if parent else "node"),
        ftm=spec.get("ftm"),
        abstract=bool(spec.get("abstract", False)),
        caption=caption,
        properties=properties,
    )


def get_schema(name: str) -> Schema:
    """A concrete schema by name (case-insensitive), or a KeyError listing the known ones."""
    table = schemata()
    found = table.get(name) or {k.lower(): v for k, v in table.items()}.get(name.lower())
    if found is None or found.abstract:
        known = ", ".join(sorted(k for k, v in table.items() if not v.abstract))
        raise KeyError(f"unknown schema {name!r} (known: {known})")
    return found


def schema_for_ftm(ftm_name: str) -> Schema | None:
    """Our schema for a FollowTheMoney schema name (LegalEntity and Company map to Organization)."""
    aliases = {
        "Company": "Organization",
        "LegalEntity": "Organization",
        "PublicBody": "Organization",
    }
    for schema in schemata().values():
        if schema.ftm == ftm_name and not schema.abstract:
            return schema
    alias = aliases.get(ftm_name)
    return schemata()[alias] if alias else None
