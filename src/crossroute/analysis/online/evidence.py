"""The evidence package of a referral: what was captured (platform, URL, handle, capture time in UTC, the
text exactly as captured and its SHA-256) and what triage found, written as JSON and verifiable."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FORMAT = "crossroute.online.evidence/1"


def utc(value: str) -> str | None:
    """An ISO 8601 time in UTC ('Z'); a time without zone is taken as UTC; None when empty."""
    if not value.strip():
        return None
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat().replace("+00:00", "Z")


def package(item: dict[str, Any], decided_by: str, now: datetime) -> dict[str, Any]:
    """The evidence package of one queue item (`QueueItem.as_dict`, reposts included)."""
    return {
        "format": FORMAT,
        **{key: item.get(key) for key in _CAPTURE},
        "posted_at": utc(str(item.get("posted_at") or "")),
        "captured_at": utc(str(item.get("captured_at") or "")),
        "text_sha256": hashlib.sha256(str(item["text"]).encode("utf-8")).hexdigest(),
        "extraction": {key: item.get(key) for key in _EXTRACTION},
        "reposts": item.get("reposts", []),
        "referred_by": decided_by,
        "referred_at": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    }


_CAPTURE = ("post_id", "platform", "url", "author_handle", "text", "image_sha256", "score")
_EXTRACTION = ("language", "phones", "prices", "places", "handles", "links")


def write(evidence: dict[str, Any], folder: Path) -> Path:
    """The package as `<post_id>.json` in the folder (kept; never overwritten)."""
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in str(evidence["post_id"]))
    path = folder / f"{safe}.json"
    with path.open("x", encoding="utf-8") as handle:
        json.dump(evidence, handle, ensure_ascii=False, indent=2)
    return path


def verify(path: Path) -> bool:
    """Whether a package's text still hashes to its recorded SHA-256."""
    evidence = json.loads(path.read_text("utf-8"))
    digest = hashlib.sha256(str(evidence["text"]).encode("utf-8")).hexdigest()
    return bool(digest == evidence["text_sha256"])
