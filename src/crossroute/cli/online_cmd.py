"""`crossroute online ...`: triage of social-media posts for smuggling adverts (language, score, phones,
prices, places), without a workspace; with one, the posts are also loaded and linked."""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer

from crossroute.analysis.online.posts import Post, PostsError, Rejected, read_posts
from crossroute.analysis.online.triage import BATCH, COLUMNS, triage_batch
from crossroute.cli.console import count_progress, errors, fail

online_app = typer.Typer(help="Online adverts: triage posts, keep evidence, refer to platforms.")


def register(app: typer.Typer) -> None:
    app.add_typer(online_app, name="online")


def _rows(posts: list[Post]) -> list[tuple[str, ...]]:
    return [result.row() for result in triage_batch(posts)]


def _batches(posts: Iterator[Post]) -> Iterator[list[Post]]:
    while batch := list(islice(posts, BATCH)):
        yield batch


def triage_file(source: Path, out: Path, workers: int = 1, progress: bool = True) -> int:
    """Triage every post of `source` into `out` (CSV, one row per post, input order); rejected rows go to
    `out` with `.rejected.csv` in place of its suffix, with their row number and reason. Returns rows written."""
    rejected: list[Rejected] = []

    def accepted() -> Iterator[Post]:
        for item in read_posts(source):
            if isinstance(item, Rejected):
                rejected.append(item)
            else:
                yield item

    written = 0
    bar = count_progress()
    with out.open("w", encoding="utf-8", newline="") as handle, bar if progress else _NoBar():
        task = bar.add_task("triage", total=_line_count(source)) if progress else None
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for rows in _results(_batches(accepted()), workers):
            writer.writerows(rows)
            written += len(rows)
            if task is not None:
                bar.update(task, completed=written)
    if rejected:
        _write_rejected(rejected, out.with_suffix(".rejected.csv"))
    return written


def _results(batches: Iterator[list[Post]], workers: int) -> Iterator[list[tuple[str, ...]]]:
    """Rows of each batch in order; with several workers, a few batches in flight at once."""
    if workers <= 1:
        for batch in batches:
            yield _rows(batch)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[list[tuple[str, ...]]]] = deque()
        for batch in batches:
            pending.append(pool.submit(_rows, batch))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _write_rejected(rejected: list[Rejected], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("row", "reason"))
        writer.writerows((r.row, r.reason) for r in rejected)
    errors.print(f"{len(rejected)} rows rejected (kept with their reason in {path})")


def _line_count(path: Path) -> int:
    """About how many posts a file holds (its lines; a cell over two lines counts twice)."""
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 24):
            count += block.count(b"\n")
    return max(count - (0 if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else 1), 0)


class _NoBar:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


@online_app.command(name="triage")
def triage_command(
    posts: Annotated[
        Path,
        typer.Argument(
            help="Posts CSV or JSONL: post_id,platform,text (+ url, author_handle, ...)."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Where to write post_id,is_ad,score,... (CSV).")
    ],
    workers: Annotated[int, typer.Option(help="Processes scoring in parallel.", min=1, max=64)] = 1,
) -> None:
    """Score each post as a smuggling advert and pull out its language, phones (E.164), prices and places."""
    if not posts.is_file():
        fail(f"{posts}: no such file")
    try:
        written = triage_file(posts, out, workers=workers)
    except PostsError as error:
        fail(str(error))
    except UnicodeDecodeError as error:
        fail(f"{posts}: not UTF-8 text ({error.reason} at byte {error.start})")
    errors.print(f"{written} posts triaged into {out}")


FolderOpt = Annotated[
    Path,
    typer.Option("--folder", help="The queue folder (queue.json, decisions.jsonl, evidence/)."),
]


@online_app.command(name="queue")
def queue_command(
    posts: Annotated[Path, typer.Argument(help="Posts CSV or JSONL.")],
    folder: FolderOpt,
) -> None:
    """Rank the adverts among the posts for referral, near-duplicates folded into one item with its
    reposts; writes FOLDER/queue.json and prints one line per item."""
    from crossroute.analysis.online.queue import build_queue, write_queue
    from crossroute.analysis.online.triage import triage

    if not posts.is_file():
        fail(f"{posts}: no such file")
    try:
        accepted = [p for p in read_posts(posts) if isinstance(p, Post)]
    except PostsError as error:
        fail(str(error))
        raise
    items = build_queue(list(triage(accepted)))
    path = write_queue(items, folder)
    for item in items:
        ad = item.advert
        print(
            f"{ad.score:.2f}  {ad.post.post_id}  +{len(item.reposts)} reposts  "
            f"{';'.join(ad.extraction.phones)}  {';'.join(ad.extraction.prices)}"
        )
    errors.print(f"{len(items)} adverts in the queue ({path})")


@online_app.command(name="decide")
def decide_command(
    folder: FolderOpt,
    post_id: Annotated[str, typer.Argument(help="The queue item's post id.")],
    decision: Annotated[
        str, typer.Argument(help="accept (refer to the platform), reject, removed or still-online.")
    ],
    user: Annotated[str, typer.Option("--user", help="Who decides (logged).")],
    note: Annotated[str, typer.Option(help="Why (logged).")] = "",
) -> None:
    """Record a decision on a queue item; accepting writes its evidence package (JSON, with the text's
    SHA-256) under FOLDER/evidence/."""
    from crossroute.analysis.online.queue import Decisions, Status, read_queue, refer

    items = (
        {str(i["post_id"]): i for i in read_queue(folder)}
        if (folder / "queue.json").exists()
        else {}
    )
    if post_id not in items:
        fail(f"{post_id} is not in {folder / 'queue.json'}")
    statuses = {
        "reject": Status.REJECTED,
        "removed": Status.REMOVED,
        "still-online": Status.STILL_ONLINE,
    }
    try:
        if decision == "accept":
            path = refer(items[post_id], folder, user)
            errors.print(f"referred; evidence in {path}")
        elif decision in statuses:
            Decisions(folder).record(post_id, statuses[decision], user, note)
            errors.print(f"{post_id}: {statuses[decision]}")
        else:
            fail(f"unknown decision {decision!r} (accept, reject, removed, still-online)")
    except (ValueError, FileExistsError) as error:
        fail(str(error))


@online_app.command(name="verify")
def verify_command(
    package: Annotated[Path, typer.Argument(help="An evidence package (JSON).")],
) -> None:
    """Check that an evidence package's text still hashes to its recorded SHA-256."""
    from crossroute.analysis.online.evidence import verify

    if not verify(package):
        fail(f"{package}: the text does not match its SHA-256", code=1)
    errors.print(f"{package}: SHA-256 verified")
