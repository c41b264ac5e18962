"""Triage: each post's advert score, language, phones, prices and places; batches scored at once."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TextIO

from crossroute.analysis.online.classifier import THRESHOLD, AdvertModel, default_model
from crossroute.analysis.online.extract import Extraction, extract
from crossroute.analysis.online.posts import Post

COLUMNS = ("post_id", "is_ad", "score", "language", "phones", "prices", "places")
BATCH = 5000


@dataclass(frozen=True)
class Triaged:
    post: Post
    score: float
    extraction: Extraction

    @property
    def is_ad(self) -> bool:
        return self.score >= THRESHOLD

    def row(self) -> tuple[str, ...]:
        e = self.extraction
        return (
            self.post.post_id,
            "1" if self.is_ad else "0",
            f"{self.score:.4f}",
            e.language,
            ";".join(e.phones),
            ";".join(e.prices),
            ";".join(e.places),
        )


def triage_batch(posts: Sequence[Post], model: AdvertModel | None = None) -> list[Triaged]:
    """Extraction per post, then one vectorised scoring of the batch."""
    extractions = [extract(p.text) for p in posts]
    scores = (model or default_model()).scores([e.masked for e in extractions])
    return [Triaged(p, float(s), e) for p, s, e in zip(posts, scores, extractions, strict=True)]


def triage(posts: Iterable[Post], model: AdvertModel | None = None) -> Iterator[Triaged]:
    """Triaged posts in input order, scored a batch at a time."""
    iterator = iter(posts)
    while batch := list(islice(iterator, BATCH)):
        yield from triage_batch(batch, model)


def write_rows(results: Iterable[Triaged], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for result in results:
        writer.writerow(result.row())
        count += 1
    return count


def write_csv(results: Iterable[Triaged], path: Path) -> int:
    with path.open("w", encoding="utf-8", newline="") as out:
        return write_rows(results, out)
