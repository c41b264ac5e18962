"""Posts in: the canonical posts CSV or JSONL (`post_id,platform,text`, optional `url,author_handle,
posted_at,captured_at,image_sha256`), or a platform's export through a mapping (`export_mapping`). The
text is kept exactly as captured, with its SHA-256."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from crossroute.analysis.online.export_mapping import PostsMapping

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


def read_posts(path: Path, mapping: PostsMapping | None = None) -> Iterator[Post | Rejected]:
    """Posts of a CSV or JSONL file (by suffix: .jsonl/.ndjson/.json are JSON lines), in file order; a row
    without a post id comes back as Rejected with the row number and reason (an empty text is a post).
    With a mapping, the rows are a platform's export (a mapping with `records` reads one JSON document)."""
    if mapping is not None:
        yield from _mapped(path, mapping)
    elif path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        yield from _jsonl(path)
    else:
        yield from _csv(path)


def _mapped(path: Path, mapping: PostsMapping) -> Iterator[Post | Rejected]:
    if mapping.records:
        try:
            document = json.loads(path.read_text("utf-8-sig"))
        except json.JSONDecodeError as error:
            raise PostsError(
                f"{path}: not a JSON document ({error.msg}, line {error.lineno})"
            ) from None
        found = document.get(mapping.records) if isinstance(document, dict) else None
        if not isinstance(found, list):
            raise PostsError(f"{path}: no list of posts under {mapping.records!r}")
        for number, item in enumerate(found, start=1):
            if not isinstance(item, dict):
                yield Rejected(number, f"{path} {mapping.records}[{number}]: not a JSON object")
                continue
            yield _mapped_post(
                mapping.canonical(item), f"{path} {mapping.records}[{number}]", number
            )
        return
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as error:
                    yield Rejected(number, f"{path} line {number}: not JSON ({error.msg})")
                    continue
                if not isinstance(item, dict):
                    yield Rejected(number, f"{path} line {number}: not a JSON object")
                    continue
                yield _mapped_post(mapping.canonical(item), f"{path} line {number}", number)
        return
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = mapping.missing(list(reader.fieldnames or ()))
        if missing:
            raise PostsError(f"{path}: header lacks {', '.join(missing)} (the mapping names them)")
        for number, row in enumerate(reader, start=2):
            yield _mapped_post(mapping.canonical(row), f"{path} row {number}", number)


def _mapped_post(row: dict[str, str], where: str, number: int) -> Post | Rejected:
    if not row.get("post_id", "").strip():
        return Rejected(number, f"{where}: field post_id is empty", row)
    if not row.get("text"):
        return Rejected(number, f"{where}: no text (a service message?)", row)
    return Post(
        post_id=row["post_id"].strip(),
        platform=row.get("platform", "").strip(),
        text=row["text"],
        **{name: row.get(name, "").strip() for name in OPTIONAL},
    )


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
