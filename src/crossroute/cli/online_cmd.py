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

from crossroute.analysis.online.classifier import AdvertModel, default_model
from crossroute.analysis.online.export_mapping import MappingError, PostsMapping
from crossroute.analysis.online.export_mapping import load as load_mapping
from crossroute.analysis.online.posts import Post, PostsError, Rejected, read_posts
from crossroute.analysis.online.triage import BATCH, COLUMNS, triage_batch
from crossroute.cli.console import count_progress, errors, fail
from crossroute.cli.sharing_options import (
    CaseOpt,
    PurposeOpt,
    UserOpt,
    check_token,
    purpose_or_fail,
    refusals,
)
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.sharing import Purpose

online_app = typer.Typer(help="Online adverts: triage posts, keep evidence, refer to platforms.")


def register(app: typer.Typer) -> None:
    app.add_typer(online_app, name="online")


# The model a worker process scores with: trained once in the parent and handed to each worker (training
# takes some CPU-seconds; every worker training its own doubled that on two cores).
_worker_model: list[AdvertModel] = []


def _use_model(model: AdvertModel) -> None:
    _worker_model[:] = [model]


def _rows(posts: list[Post]) -> list[tuple[str, ...]]:
    model = _worker_model[0] if _worker_model else None
    return [result.row() for result in triage_batch(posts, model)]


def _batches(posts: Iterator[Post]) -> Iterator[list[Post]]:
    while batch := list(islice(posts, BATCH)):
        yield batch


MappingOpt = Annotated[
    str | None,
    typer.Option(
        "--mapping",
        help="The posts are a platform's export: a mapping YAML, or a built-in name (telegram).",
    ),
]


def _mapping(name: str | None) -> PostsMapping | None:
    if name is None:
        return None
    try:
        return load_mapping(name)
    except MappingError as error:
        fail(str(error))
        raise


def triage_file(
    source: Path,
    out: Path,
    workers: int = 1,
    progress: bool = True,
    mapping: PostsMapping | None = None,
) -> int:
    """Triage every post of `source` into `out` (CSV, one row per post, input order); rejected rows go to
    `out` with `.rejected.csv` in place of its suffix, with their row number and reason. Returns rows written."""
    rejected: list[Rejected] = []

    def accepted() -> Iterator[Post]:
        for item in read_posts(source, mapping):
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
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_use_model, initargs=(default_model(),)
    )
    with pool:
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
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace", help="Also keep the posts in this workspace (needs --user, --purpose)."
        ),
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="Who loads (with --workspace).")
    ] = None,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
    mapping: MappingOpt = None,
) -> None:
    """Score each post as a smuggling advert and pull out its language, phones (E.164), prices and places.
    With --workspace the posts are also kept there (owned by the user's agency) for `online links`."""
    if not posts.is_file():
        fail(f"{posts}: no such file")
    try:
        if workspace is not None:
            if user is None:
                fail("--workspace needs --user")
            written = _triage_into(
                posts, out, workspace, str(user), purpose_or_fail(purpose, case), _mapping(mapping)
            )
        else:
            written = triage_file(posts, out, workers=workers, mapping=_mapping(mapping))
    except PostsError as error:
        fail(str(error))
    except UnicodeDecodeError as error:
        fail(f"{posts}: not UTF-8 text ({error.reason} at byte {error.start})")
    errors.print(f"{written} posts triaged into {out}")


def _triage_into(
    source: Path,
    out: Path,
    workspace: Path,
    user: str,
    purpose: Purpose,
    mapping: PostsMapping | None = None,
) -> int:
    """Triage (one process) into `out` and keep the posts in the workspace, one transaction."""
    from crossroute.analysis.online import stored
    from crossroute.analysis.online.triage import triage, write_csv

    read = list(read_posts(source, mapping))
    rejected = [r for r in read if isinstance(r, Rejected)]
    results = list(triage(r for r in read if isinstance(r, Post)))
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        new, already = stored.load(ws, user, purpose, results)
    written = write_csv(results, out)
    if rejected:
        _write_rejected(rejected, out.with_suffix(".rejected.csv"))
    errors.print(f"{new} posts kept in {workspace} ({already} already there)")
    return written


@online_app.command(name="links")
def links_command(
    workspace: WorkspaceArg,
    user: UserOpt,
    purpose: PurposeOpt = None,
    case: CaseOpt = None,
) -> None:
    """The adverts kept in the workspace (your agency's) with the persons and groups their phones and
    handles tie to, as far as you may see them (one audit entry)."""
    from crossroute.analysis.online.links import links

    stated = purpose_or_fail(purpose, case)
    with open_workspace(workspace) as ws, refusals():
        check_token(ws, user)
        found = links(ws, user, stated)
    for item in found:
        ad = item.post
        people = "; ".join(
            f"{p.label} via {','.join(p.via)}"
            + (f" (group {p.group})" if p.group is not None else "")
            for p in item.persons
        )
        print(
            f"{ad.score:.2f}  {ad.post_id}  {';'.join(ad.phones) or '-'}  {people or 'no known person'}"
        )
    errors.print(
        f"{len(found)} adverts, {sum(1 for i in found if i.persons)} tied to known persons"
    )


FolderOpt = Annotated[
    Path,
    typer.Option("--folder", help="The queue folder (queue.json, decisions.jsonl, evidence/)."),
]


@online_app.command(name="queue")
def queue_command(
    posts: Annotated[Path, typer.Argument(help="Posts CSV or JSONL.")],
    folder: FolderOpt,
    mapping: MappingOpt = None,
) -> None:
    """Rank the adverts among the posts for referral, near-duplicates folded into one item with its
    reposts; writes FOLDER/queue.json and prints one line per item."""
    from crossroute.analysis.online.queue import build_queue, write_queue
    from crossroute.analysis.online.triage import triage

    if not posts.is_file():
        fail(f"{posts}: no such file")
    try:
        accepted = [p for p in read_posts(posts, _mapping(mapping)) if isinstance(p, Post)]
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
