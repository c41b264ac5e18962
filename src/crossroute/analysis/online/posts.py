"""Posts in: the canonical posts CSV or JSONL (`post_id,platform,text`, optional `url,author_handle,
posted_at,captured_at,image_sha256`). The text is kept exactly as captured, with its SHA-256."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REQUIRED = ("post_id", "platform", "text")
OPTIONAL = ("url", "author_handle", "posted_at", "captured_at", "image_sha256")


@dataclass(frozen=True)
class Post:
    post_id: str
    platform: str
    text: str
    url: str = ""
    author_handle: str = ""
    posted_at: str = ""
    captured_at: str = ""
    image_sha256: str = ""

    @property
    def sha256(self) -> str:
        """SHA-256 of the captured text (UTF-8), as kept in evidence."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Rejected:
    row: int
    reason: str
    raw: dict[str, str] = field(default_factory=dict)


class PostsError(ValueError):
    """A posts file that cannot be read at all (its header, its encoding)."""


def read_posts(path: Path) -> Iterator[Post | Rejected]:
    """Posts of a CSV or JSONL file (by suffix: .jsonl/.ndjson/.json are JSON lines), in file order; a row
    without a post id comes back as Rejected with the row number and reason (an empty text is a post)."""
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        yield from _jsonl(path)
    else:
        yield from _csv(path)


def _csv(path: Path) -> Iterator[Post | Rejected]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or ())]
        if missing:
            raise PostsError(
                f"{path}: header lacks {', '.join(missing)} (needs {', '.join(REQUIRED)})"
            )
        for number, row in enumerate(reader, start=2):
            yield _post({k: v for k, v in row.items() if k is not None}, number, path)


def _jsonl(path: Path) -> Iterator[Post | Rejected]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                yield Rejected(
                    number, f"{path} line {number}: not JSON ({error.msg})", {"line": line}
                )
                continue
            if not isinstance(row, dict):
                yield Rejected(number, f"{path} line {number}: not a JSON object", {"line": line})
                continue
            yield _post({str(k): "" if v is None else str(v) for k, v in row.items()}, number, path)


def _post(row: dict[str, str | None], number: int, path: Path) -> Post | Rejected:
    values = {k: (v or "") for k, v in row.items()}
    if not values.get("post_id", "").strip():
        return Rejected(number, f"{path} row {number}: field post_id is empty", values)
    return Post(
        post_id=values["post_id"].strip(),
        platform=values.get("platform", "").strip(),
        text=values["text"],
        **{name: values.get(name, "").strip() for name in OPTIONAL},
    )
