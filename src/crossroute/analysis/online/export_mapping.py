"""Platform exports into canonical posts: a small YAML mapping names, for each canonical field, the
export's column (CSV) or key (JSON; dotted for nested objects, `from.username`), the platform when the
export has no column for it, and for a single JSON document the key of its list of posts. Built-in
mappings (`data/mappings/*.yaml`) are named by their stem (`telegram`: Telegram Desktop's JSON export)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

FIELDS = (
    "post_id", "platform", "text", "url", "author_handle", "posted_at", "captured_at",
    "image_sha256",
)  # fmt: skip


class MappingError(ValueError):
    """A posts mapping that cannot be used (named in the message with what is wrong)."""


@dataclass(frozen=True)
class PostsMapping:
    fields: dict[str, str]  # canonical field -> the export's column or (dotted) key
    platform: str = ""  # the platform when no field gives it
    records: str = ""  # a single JSON document: the key of its list of posts

    def canonical(self, raw: Mapping[str, Any]) -> dict[str, str]:
        """One export row or object as canonical post fields (strings; a missing value is empty)."""
        row = {name: _text(_get(raw, key)) for name, key in self.fields.items()}
        if not row.get("platform"):
            row["platform"] = self.platform
        return row

    def missing(self, header: list[str]) -> list[str]:
        """The columns the mapping names that a CSV header lacks."""
        return [key for key in self.fields.values() if key not in header]


def builtin() -> list[str]:
    """The names of the mappings that ship with Crossroute."""
    folder = resources.files("crossroute.analysis.online") / "data" / "mappings"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def load(name_or_path: str) -> PostsMapping:
    """A built-in mapping by name, else a YAML file."""
    path = Path(name_or_path)
    if name_or_path in builtin():
        folder = resources.files("crossroute.analysis.online") / "data" / "mappings"
        text, where = (folder / f"{name_or_path}.yaml").read_text("utf-8"), name_or_path
    elif path.is_file():
        text, where = path.read_text("utf-8"), str(path)
    else:
        raise MappingError(
            f"{name_or_path}: no such mapping file (built-in: {', '.join(builtin())})"
        )
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise MappingError(f"{where}: not YAML ({error})") from None
    return parse(raw, where)


def parse(raw: Any, where: str) -> PostsMapping:
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), dict):
        raise MappingError(
            f"{where}: needs `fields:` (canonical field: the export's column or key)"
        )
    fields = {str(k): str(v) for k, v in raw["fields"].items()}
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise MappingError(
            f"{where}: unknown field {', '.join(unknown)} (known: {', '.join(FIELDS)})"
        )
    platform = str(raw.get("platform") or "")
    for needed in ("post_id", "text"):
        if needed not in fields:
            raise MappingError(f"{where}: fields lack {needed}")
    if "platform" not in fields and not platform:
        raise MappingError(f"{where}: give `platform:` or a platform field")
    return PostsMapping(fields, platform, str(raw.get("records") or ""))


def _get(raw: Mapping[str, Any], key: str) -> Any:
    if key in raw:
        return raw[key]
    value: Any = raw
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _text(value: Any) -> str:
    """A value as text: a list of strings and formatted pieces (`{"text": ...}`) joined as shown."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "".join(
            str(v.get("text", "")) if isinstance(v, Mapping) else _text(v) for v in value
        )
    return str(value)
