"""A seized export's own layout mapped onto the canonical corpus columns (docs/formats.md):

    columns:                  # canonical column: the export's column
      msg_id: MessageID
      timestamp: SentUTC
      from_handle: Sender
      to_handle: Recipient
      text: Body
      device_id: IMEI         # optional columns likewise
    timestamp_format: "%d/%m/%Y %H:%M:%S"   # optional (strptime); else ISO 8601 or Unix seconds

Columns not named keep their canonical names. Times without a zone are UTC."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

COLUMNS = (
    "msg_id", "timestamp", "from_handle", "to_handle", "text",
    "device_id", "group_id", "attachment_sha256", "lat", "lon",
)  # fmt: skip
_FORMAT = re.compile(r"[%A-Za-z0-9 :/.,_\-]+")  # strptime codes and separators, nothing to escape


class CorpusMappingError(Exception):
    """A corpus mapping that cannot be used (names the file and the fault)."""


@dataclass(frozen=True)
class CorpusMapping:
    columns: dict[str, str] = field(default_factory=dict)  # canonical -> the export's column
    timestamp_format: str | None = None
    name: str = ""

    def source(self, canonical: str) -> str:
        return self.columns.get(canonical, canonical)


def load_corpus_mapping(path: Path) -> CorpusMapping:
    """Read and check a corpus mapping file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CorpusMappingError(f"{path}: cannot read the mapping: {error}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("columns"), dict):
        raise CorpusMappingError(f"{path}: a corpus mapping needs 'columns' (canonical: yours)")
    unknown = sorted(set(raw) - {"columns", "timestamp_format"})
    if unknown:
        raise CorpusMappingError(f"{path}: unknown key(s) {', '.join(unknown)}")
    columns = {str(k): str(v) for k, v in raw["columns"].items()}
    wrong = sorted(set(columns) - set(COLUMNS))
    if wrong:
        raise CorpusMappingError(
            f"{path}: {', '.join(wrong)} not a corpus column (one of {', '.join(COLUMNS)})"
        )
    empty = sorted(k for k, v in columns.items() if not v.strip() or '"' in v)
    if empty:
        raise CorpusMappingError(f"{path}: column name for {', '.join(empty)} empty or quoted")
    fmt = raw.get("timestamp_format")
    if fmt is not None and (
        not isinstance(fmt, str) or not _FORMAT.fullmatch(fmt) or "%" not in fmt
    ):
        raise CorpusMappingError(f"{path}: timestamp_format {fmt!r} is not a strptime format")
    return CorpusMapping(columns, fmt, path.name)
