"""The stored adverts as a queue: near-duplicates folded (the same MinHash clusters as `queue.build_queue`,
on the masked text re-extracted from the text as captured), each item its best-scored post first."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from crossroute.analysis.online.duplicates import clusters
from crossroute.analysis.online.extract import Extraction, extract
from crossroute.analysis.online.stored import StoredPost


@dataclass(frozen=True)
class KeptItem:
    advert: StoredPost
    extraction: Extraction  # re-extracted from the captured text (handles, links as well)
    reposts: tuple[StoredPost, ...]

    @property
    def post_ids(self) -> list[str]:
        return [self.advert.post_id, *(r.post_id for r in self.reposts)]


def fold(posts: Sequence[StoredPost]) -> list[KeptItem]:
    """One item per cluster of near-duplicate adverts, ranked by score, then by reposts, then by id."""
    found = [extract(p.text, p.language or None) for p in posts]
    roots = clusters([e.masked for e in found])
    groups: dict[int, list[int]] = defaultdict(list)
    for i, root in enumerate(roots):
        groups[root].append(i)
    items = []
    for members in groups.values():
        ranked = sorted(members, key=lambda i: (-posts[i].score, posts[i].post_id))
        first = ranked[0]
        items.append(KeptItem(posts[first], found[first], tuple(posts[i] for i in ranked[1:])))
    return sorted(items, key=lambda i: (-i.advert.score, -len(i.reposts), i.advert.post_id))
