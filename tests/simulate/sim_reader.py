"""A small, independent reader of the simulator's output for the tests: it follows docs/formats.md (canonical
person CSV, canonical records JSONL, mapped CSV/XLSX/JSON) without using the ingest package, so the tests
check the files and the mappings against the format, not against one implementation of it."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from python_calamine import CalamineWorkbook

from crossroute.ingest.finance import finance_kind

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
CANONICAL_PROPERTIES = {
    "full_name": "name",
    "given_name": "firstName",
    "family_name": "lastName",
    "date_of_birth": "birthDate",
    "sex": "gender",
    "nationality": "nationality",
    "place_of_birth": "birthPlace",
    "document_number": "passportNumber",
    "phone": "phone",
    "email": "email",
    "address": "address",
    "city": "city",
    "country": "country",
}
PROVENANCE = (
    "handling",
    "grading",
    "subject_category",
    "handling_note",
    "collected_on",
    "source_ref",
)
_FIELD = re.compile(r"\{([^{}]*)\}")


@dataclass
class Record:
    """One record as a loader would make it, with its values still as text."""

    source: str
    record_id: str
    schema: str
    path: str
    properties: dict[str, list[str]] = field(default_factory=dict)
    formats: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # property -> date formats given
    provenance: dict[str, str] = field(default_factory=dict)
    region: str | None = None


def manifest(out: Path) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = yaml.safe_load((out / "manifest.yaml").read_text("utf-8"))[
        "files"
    ]
    return files


def read_all(out: Path) -> list[Record]:
    return [r for entry in manifest(out) for r in read_file(out, entry)]


def read_file(out: Path, entry: Mapping[str, Any]) -> Iterator[Record]:
    path = out / entry["path"]
    if entry["mapping"] is None and finance_kind(path) is not None:
        return  # the bank return: money tables, not records (truth/money.csv is its truth)
    if entry["mapping"] is None:
        yield from (
            _canonical_csv(path, entry) if path.suffix == ".csv" else _canonical_jsonl(path, entry)
        )
        return
    mapping = yaml.safe_load((out / entry["mapping"]).read_text("utf-8"))
    header, rows = table(path, mapping.get("read") or {})
    used = {c for e in mapping["entities"] for spec in _specs(e) for c in _columns(spec)}
    missing = used - set(header)
    assert not missing, f"{entry['path']}: columns {missing} named by the mapping are missing"
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        yield from _mapped(cells, mapping, entry)


def _specs(entity: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [
        entity["id"],
        *(entity.get("properties") or {}).values(),
        *(entity.get("provenance") or {}).values(),
    ]


def _columns(spec: Mapping[str, Any]) -> set[str]:
    used = set(spec.get("columns") or ())
    if spec.get("column"):
        used.add(spec["column"])
    if spec.get("template"):
        used |= {n for n in _FIELD.findall(spec["template"]) if n}
    return used


def table(path: Path, read: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV, XLSX or JSON file, every cell as text."""
    fmt = read.get("format") or path.suffix.lstrip(".")
    if fmt == "csv":
        with path.open(encoding=read.get("encoding", "utf-8"), newline="") as handle:
            rows = list(csv.reader(handle, delimiter=read.get("delimiter", ",")))
        for row in rows:
            assert len(row) == len(rows[0]), (
                f"{path}: a row has {len(row)} cells, the header {len(rows[0])}"
            )
        return rows[0], rows[1:]
    if fmt == "xlsx":
        book = CalamineWorkbook.from_path(str(path))
        values = book.get_sheet_by_name(read.get("sheet") or book.sheet_names[0]).to_python()
        return [str(v) for v in values[0]], [[str(v) for v in row] for row in values[1:]]
    data: Any = json.loads(path.read_text("utf-8"))
    for key in read["path"].split("."):
        data = data[key]
    flat = [_flatten(obj) for obj in data]
    header = list(dict.fromkeys(k for row in flat for k in row))
    return header, [[row.get(k, "") for k in header] for row in flat]


def _flatten(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}{key}."))
        return out
    if isinstance(value, list):
        return {prefix[:-1]: "|".join(str(v) for v in value)}
    return {prefix[:-1]: "" if value is None else str(value)}


def evaluate(
    spec: Mapping[str, Any], cells: Mapping[str, str], ids: Mapping[str, str | None]
) -> list[str]:
    """A value spec's values for one row (after `values` and `split`)."""
    if "entity" in spec:
        value: str | None = ids.get(spec["entity"])
    elif "literal" in spec:
        value = str(spec["literal"])
    elif "columns" in spec:
        value = spec.get("join", " ").join(
            cells[c].strip() for c in spec["columns"] if cells[c].strip()
        )
    else:
        value = cells[spec["column"]].strip() if spec.get("column") else None
        if spec.get("template"):
            value = _template(spec["template"], cells, value)
    if not value:
        return []
    codes = {str(k).strip().casefold(): str(v) for k, v in (spec.get("values") or {}).items()}
    value = codes.get(value.strip().casefold(), value)
    if spec.get("split"):
        return [p.strip() for p in value.split(spec["split"]) if p.strip()]
    return [value]


def _template(template: str, cells: Mapping[str, str], own: str | None) -> str | None:
    parts = [(own or "") if not name else cells[name].strip() for name in _FIELD.findall(template)]
    return _FIELD.sub("{}", template).format(*parts) if all(parts) else None


def _mapped(
    cells: Mapping[str, str], mapping: Mapping[str, Any], entry: Mapping[str, Any]
) -> Iterator[Record]:
    ids: dict[str, str | None] = {}
    for entity in mapping["entities"]:
        found = evaluate(entity["id"], cells, ids)
        ids[entity["key"]] = found[0] if found else None
    for entity in mapping["entities"]:
        record_id = ids[entity["key"]]
        if not record_id:
            continue
        record = Record(
            mapping["agency"],
            record_id,
            entity["schema"],
            entry["path"],
            region=mapping.get("region"),
        )
        for prop, spec in (entity.get("properties") or {}).items():
            values = evaluate(spec, cells, ids)
            if values:
                record.properties[prop] = values
                if spec.get("format"):
                    record.formats[prop] = _formats(spec["format"])
        for name, value in (mapping.get("defaults") or {}).items():
            record.provenance[name] = str(value)
        for name, spec in (entity.get("provenance") or {}).items():
            values = evaluate(spec, cells, ids)
            if values:
                record.provenance[name] = values[0]
                if spec.get("format"):
                    record.formats[f"provenance:{name}"] = _formats(spec["format"])
        yield record


def _formats(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _canonical_csv(path: Path, entry: Mapping[str, Any]) -> Iterator[Record]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            record = Record(row["source"], row["record_id"], "Person", entry["path"])
            for column, prop in CANONICAL_PROPERTIES.items():
                if row[column]:
                    record.properties[prop] = [row[column]]
            record.provenance = {k: row[k] for k in PROVENANCE if row.get(k)}
            yield record


def _canonical_jsonl(path: Path, entry: Mapping[str, Any]) -> Iterator[Record]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            obj = json.loads(line)
            record = Record(obj["source"], obj["record_id"], obj["schema"], entry["path"])
            record.properties = {k: list(v) for k, v in obj["properties"].items()}
            record.provenance = {k: str(obj[k]) for k in PROVENANCE if k in obj}
            yield record
