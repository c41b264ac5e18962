"""The referral queue: adverts ranked for the officer, near-duplicates folded into one item with its
reposts; decisions (accept = refer to the platform, reject) and referral status kept in an append-only log
beside the evidence packages."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from crossroute.analysis.online import evidence
from crossroute.analysis.online.duplicates import clusters
from crossroute.analysis.online.triage import Triaged


class Status(StrEnum):
    PENDING = "pending"
    REJECTED = "rejected"
    REFERRED = "referred"
    REMOVED = "removed"
    STILL_ONLINE = "still online"


@dataclass(frozen=True)
class QueueItem:
    advert: Triaged
    reposts: tuple[Triaged, ...]

    def as_dict(self) -> dict[str, Any]:
        post, e = self.advert.post, self.advert.extraction
        return {
            "post_id": post.post_id,
            "platform": post.platform,
            "url": post.url or None,
            "author_handle": post.author_handle or None,
            "posted_at": post.posted_at or None,
            "captured_at": post.captured_at or None,
            "image_sha256": post.image_sha256 or None,
            "score": round(self.advert.score, 4),
            "language": e.language,
            "direction": "rtl" if e.language in RTL else "ltr",
            "text": post.text,
            "text_sha256": post.sha256,
            "phones": list(e.phones),
            "prices": list(e.prices),
            "places": list(e.places),
            "handles": list(e.handles),
            "links": list(e.links),
            "reposts": [
                {
                    "post_id": r.post.post_id,
                    "platform": r.post.platform,
                    "url": r.post.url or None,
                    "author_handle": r.post.author_handle or None,
                    "text_sha256": r.post.sha256,
                    "phones": list(r.extraction.phones),
                }
                for r in self.reposts
            ],
        }


RTL = frozenset({"ar", "fa", "ps", "ckb", "ur"})


def build_queue(results: Sequence[Triaged]) -> list[QueueItem]:
    """Adverts, one item per near-duplicate cluster (its highest-scoring post first), ranked by score
    and then by how often it was reposted."""
    adverts = [r for r in results if r.is_ad]
    roots = clusters([r.extraction.masked for r in adverts])
    groups: dict[int, list[Triaged]] = defaultdict(list)
    for root, result in zip(roots, adverts, strict=True):
        groups[root].append(result)
    items = []
    for members in groups.values():
        ranked = sorted(members, key=lambda r: -r.score)
        items.append(QueueItem(ranked[0], tuple(ranked[1:])))
    return sorted(items, key=lambda i: (-i.advert.score, -len(i.reposts), i.advert.post.post_id))


@dataclass(frozen=True)
class Decisions:
    """The decision log of a queue folder (`decisions.jsonl`): one JSON object a line, never rewritten."""

    folder: Path

    @property
    def log(self) -> Path:
        return self.folder / "decisions.jsonl"

    def statuses(self) -> dict[str, Status]:
        found: dict[str, Status] = {}
        if self.log.exists():
            for line in self.log.read_text("utf-8").splitlines():
                entry = json.loads(line)
                found[str(entry["post_id"])] = Status(entry["status"])
        return found

    def record(self, post_id: str, status: Status, user: str, note: str = "") -> dict[str, Any]:
        current = self.statuses().get(post_id, Status.PENDING)
        allowed = _NEXT[current]
        if status not in allowed:
            raise ValueError(
                f"{post_id} is {current}; it can become {', '.join(allowed) or 'nothing'}"
            )
        entry = {
            "post_id": post_id,
            "status": status.value,
            "by": user,
            "at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "note": note,
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return entry


_NEXT: dict[Status, tuple[Status, ...]] = {
    Status.PENDING: (Status.REFERRED, Status.REJECTED),
    Status.REJECTED: (Status.REFERRED,),
    Status.REFERRED: (Status.REMOVED, Status.STILL_ONLINE),
    Status.STILL_ONLINE: (Status.REMOVED, Status.STILL_ONLINE),
    Status.REMOVED: (),
}


def write_queue(items: Sequence[QueueItem], folder: Path) -> Path:
    """The ranked queue as `queue.json` in the folder (the officer's worklist)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "queue.json"
    path.write_text(json.dumps([i.as_dict() for i in items], ensure_ascii=False, indent=1), "utf-8")
    return path


def read_queue(folder: Path) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads((folder / "queue.json").read_text("utf-8"))
    return items


def refer(item: dict[str, Any], folder: Path, user: str) -> Path:
    """Accept a queue item: the referral logged and its evidence package written."""
    Decisions(folder).record(str(item["post_id"]), Status.REFERRED, user)
    package = evidence.package(item, user, datetime.now(UTC))
    return evidence.write(package, folder / "evidence")
