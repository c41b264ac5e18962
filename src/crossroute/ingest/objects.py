"""JSON and JSONL files: the objects in them, and what kind of file they make."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crossroute.ingest.canonical import MULTI
from crossroute.ingest.errors import FileRejected
from crossroute.ingest.tables import RowProblem

TOO_DEEP = (
    "JSON nested too deeply to read (arrays or objects within each other thousands of levels deep)"
)


@dataclass
class JsonObjects:
    """The objects of a JSON/JSONL file with their row numbers, and lines that were not JSON."""

    objects: list[tuple[int, Any]]
    problems: list[RowProblem]
    kind: str  # "records" (canonical), "ftm" (FollowTheMoney entities) or "rows" (needs a mapping)


def read_json_objects(path: Path, data: bytes, list_path: str | None = None) -> JsonObjects:
    """Objects from a JSON document (a list, or a list found at `list_path`) or from JSON lines."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRejected(str(path), f"JSON must be UTF-8: {error}") from error
    objects, problems = _parse(path, text, list_path)
    if not objects and not problems:
        raise FileRejected(str(path), "no objects in the file")
    return JsonObjects(objects, problems, _kind(objects))


def _parse(
    path: Path, text: str, list_path: str | None
) -> tuple[list[tuple[int, Any]], list[RowProblem]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return _parse_lines(text)
    except RecursionError:
        raise FileRejected(str(path), TOO_DEEP) from None
    if isinstance(document, dict) and not list_path and ("schema" in document and "id" in document):
        return [(1, document)], []
    rows = _find_list(document, list_path)
    if rows is None and isinstance(document, dict) and not list_path and _one_line(text):
        return [(1, document)], []  # JSON lines with one line: one object
    if rows is None:
        where = f" at {list_path!r}" if list_path else ""
        raise FileRejected(str(path), f"no list of objects{where} in the JSON document")
    return list(enumerate(rows, start=1)), []


def _parse_lines(text: str) -> tuple[list[tuple[int, Any]], list[RowProblem]]:
    objects, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            objects.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            problems.append(RowProblem(number, None, f"not valid JSON: {error.msg}", line[:500]))
        except RecursionError:
            problems.append(RowProblem(number, None, TOO_DEEP, line[:500]))
    return objects, problems


def _one_line(text: str) -> bool:
    return len([line for line in text.splitlines() if line.strip()]) == 1


def _find_list(document: Any, list_path: str | None) -> list[Any] | None:
    if list_path:
        for part in list_path.split("."):
            document = document.get(part) if isinstance(document, dict) else None
        return document if isinstance(document, list) else None
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for value in document.values():
            found = _find_list(value, None)
            if found is not None and (not found or isinstance(found[0], dict)):
                return found
    return None


def _kind(objects: list[tuple[int, Any]]) -> str:
    sample = [obj for _, obj in objects[:50] if isinstance(obj, dict)]
    if sample and all("record_id" in o and "schema" in o for o in sample):
        return "records"
    if sample and all({"id", "schema", "properties"} <= set(o) for o in sample):
        return "ftm"
    return "rows"


def flatten_record(obj: dict[str, Any]) -> dict[str, str]:
    """A canonical record or FtM entity as flat columns; several values of a property joined by MULTI."""
    flat: dict[str, str] = {}
    for key, value in obj.items():
        if key == "properties" and isinstance(value, dict):
            for prop, values in value.items():
                items = values if isinstance(values, list) else [values]
                flat[f"properties.{prop}"] = MULTI.join(
                    str(v) for v in items if v not in (None, "")
                )
        elif not isinstance(value, dict | list):
            flat[key] = "" if value is None else str(value)
    return flat


def group_by_schema(
    objects: list[tuple[int, Any]],
) -> Iterator[tuple[str, list[tuple[int, dict[str, str]]]]]:
    """Canonical records or FtM entities grouped by schema, flattened, in order of first appearance."""
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, obj in objects:
        schema = str(obj.get("schema", "")) if isinstance(obj, dict) else ""
        groups.setdefault(schema, []).append(
            (number, flatten_record(obj) if isinstance(obj, dict) else {})
        )
    yield from groups.items()
