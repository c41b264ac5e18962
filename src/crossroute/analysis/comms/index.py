"""Full-text search over the corpora: a tantivy index in WS/comms-index (chosen over SQLite FTS5 by
measurement, docs/comms.md), one document per message keyed by its workspace number (`seq`).

Indexed: the folded text (fold.py: the same folding at query time, then tantivy's simple tokenizer
at both ends), both handles (exact), the message's time and number (fast fields, so date ranges and
a corpus's number range are filters, not scans). Each corpus is indexed in one tantivy commit and then
marked in `indexed.json` beside it; a corpus that is not marked (its indexing was killed, before or
after the commit) has its number range deleted from the index and is indexed again by the next load
or search (the messages in DuckDB are the truth; the index can always be rebuilt from them)."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import os
import queue
import re
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pyarrow as pa
import pyarrow.ipc
import tantivy

from crossroute.analysis.comms.fold import fold
from crossroute.store import Workspace

INDEX_DIR = "comms-index"
MARKS = "indexed.json"
BATCH = 100_000
HEAP = 400_000_000  # the writer's memory before it writes a segment
_EPOCH = dt.datetime(1970, 1, 1)

# Per message: the index's document (JSON) and what a hit shows (the display file's columns).
_ROWS = (
    "SELECT {seq} AS seq, epoch(ts)::BIGINT AS t, msg_id, from_handle, to_handle, text, "
    "to_json({{seq: {seq}, norm: norm, handle: [from_handle, to_handle], "
    "t: epoch(ts)::BIGINT}})::VARCHAR AS doc FROM {source}"
)
_SHOWN = ("seq", "t", "msg_id", "from_handle", "to_handle", "text")


@functools.cache
def _schema() -> tantivy.Schema:
    """Indexed: the folded text and the handles (exact); the number and the time as fast fields
    (filters and order). Nothing stored: a hit is shown from the corpus's display file."""
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("seq", fast=True)
    builder.add_integer_field("t", fast=True)
    builder.add_text_field("norm", tokenizer_name="folded", index_option="position")
    builder.add_text_field("handle", tokenizer_name="raw", index_option="basic")
    return builder.build()


def _display(workspace: Workspace, corpus_id: str) -> Path:
    """A corpus's display file: its messages' number, time, id, handles and text in number order,
    Arrow IPC (memory-mapped at search time: a hit is read in place, nothing decompressed)."""
    return Path(workspace.path) / INDEX_DIR / f"{corpus_id}.arrow"


@functools.cache
def _analyzer() -> tantivy.TextAnalyzer:
    """Words of folded text: runs of letters and digits (already lower-cased and folded)."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(60))
        .build()
    )


_OPEN: dict[str, tantivy.Index] = {}


def _open(workspace: Workspace) -> tantivy.Index:
    """The workspace's index (opened once per process, reloaded to see the latest commit)."""
    folder = Path(workspace.path) / INDEX_DIR
    key = str(folder.resolve())
    if key in _OPEN and folder.is_dir():
        _OPEN[key].reload()
        return _OPEN[key]
    folder.mkdir(exist_ok=True)
    index = tantivy.Index(_schema(), str(folder), reuse=True)
    _OPEN[key] = index
    index.register_tokenizer("folded", _analyzer())
    return index


def _marks(workspace: Workspace) -> dict[str, list[int]]:
    """Indexed corpora: corpus id -> [first, last] message number."""
    path = Path(workspace.path) / INDEX_DIR / MARKS
    try:
        found = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return {str(k): [int(v[0]), int(v[1])] for k, v in found.items()}


def _write_marks(workspace: Workspace, marks: dict[str, list[int]]) -> None:
    path = Path(workspace.path) / INDEX_DIR / MARKS
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(marks))
    os.replace(temporary, path)


def high_water(workspace: Workspace) -> int:
    """The highest message number the index ever held (numbers are never given out twice, so an
    index entry can never be taken for a later corpus's message)."""
    return max((last for _, last in _marks(workspace).values()), default=0)


def _todo(workspace: Workspace) -> list[tuple[str, int, int, int]]:
    marks = _marks(workspace)
    waiting = [
        str(c)
        for (c,) in workspace.rows("SELECT corpus_id FROM comms.corpora ORDER BY loaded_at")
        if c not in marks
    ]
    todo = []
    for corpus_id in waiting:
        first, last, n = workspace.rows(
            "SELECT coalesce(min(seq), 0), coalesce(max(seq), -1), count(*) FROM comms.messages "
            "WHERE corpus_id = ?",
            [corpus_id],
        )[0]
        todo.append((corpus_id, int(first), int(last), int(n)))
    return todo


class Writer:
    """Indexing one corpus while it loads: chunks are added as they are stored (a feeding thread
    hands their documents to tantivy, which indexes on its own thread, while the loading thread reads,
    folds and stores the next chunk; the display file is written beside it), rows found repeated are
    forgotten, and the corpus is committed and marked only after its DuckDB transaction committed."""

    def __init__(self, workspace: Workspace, corpus_id: str) -> None:
        self.workspace, self.corpus_id = workspace, corpus_id
        self.writer = _open(workspace).writer(heap_size=HEAP, num_threads=1)
        self.partial = _display(workspace, corpus_id).with_suffix(".partial")
        self.shown: pa.ipc.RecordBatchFileWriter | None = None
        self.docs: queue.Queue[pa.ChunkedArray | None] = queue.Queue(maxsize=2)
        self.failed: BaseException | None = None
        self.feeder: threading.Thread | None = None

    def _feed(self) -> None:
        add = self.writer.add_json
        while (docs := self.docs.get()) is not None:
            if self.failed is None:
                try:
                    for doc in docs.to_pylist():
                        add(doc)
                except BaseException as error:  # handed to the loading thread
                    self.failed = error

    def _finish_feeding(self) -> None:
        if self.feeder is not None:
            self.docs.put(None)
            self.feeder.join()
            self.feeder = None
        if self.failed is not None:
            raise self.failed

    def add_rows(self, rows: pa.Table) -> None:
        """Rows of `_ROWS`: their documents to tantivy, their display columns to the file."""
        if self.failed is not None:
            raise self.failed
        shown = rows.select(list(_SHOWN))
        if self.shown is None:
            self.shown = pa.ipc.new_file(str(self.partial), shown.schema)
        self.shown.write_table(shown)
        if self.feeder is None:
            self.feeder = threading.Thread(target=self._feed, name="comms-index", daemon=True)
            self.feeder.start()
        self.docs.put(rows.column("doc"))

    def add(self, chunk: str, base: int) -> None:
        """Index a staged chunk (a registered Arrow table with rn, norm, the handles and ts)."""
        sql = _ROWS.format(seq="$1 + rn", source=chunk)
        self.add_rows(self.workspace.db.sql(sql, params=[base]).to_arrow_table())

    def forget_range(self, first: int, last: int) -> None:
        self._finish_feeding()
        self.writer.delete_documents_by_query(_range("seq", first, last))

    def forget(self, numbers: Sequence[int]) -> None:
        self._finish_feeding()  # deletes apply to the documents added before them
        for n in numbers:
            self.writer.delete_documents_by_query(_range("seq", n, n))

    def commit(self, first: int, last: int) -> None:
        self._finish_feeding()
        if self.shown is not None:
            self.shown.close()
            os.replace(self.partial, _display(self.workspace, self.corpus_id))
        self.writer.commit()
        self.writer.wait_merging_threads()
        marks = _marks(self.workspace)
        marks[self.corpus_id] = [first, last]
        _write_marks(self.workspace, marks)

    def rollback(self) -> None:
        self.failed = self.failed or KeyboardInterrupt()  # the feeder skips what is still queued
        if self.feeder is not None:
            self.docs.put(None)
            self.feeder.join()
            self.feeder = None
        self.writer.rollback()
        if self.shown is not None:
            self.shown.close()
        self.partial.unlink(missing_ok=True)


def refresh(workspace: Workspace, progress: Callable[[int, int], None] | None = None) -> int:
    """Index every corpus not yet indexed (its indexing was killed, or the index was removed);
    returns the number of messages indexed."""
    todo = _todo(workspace)
    count, total = 0, sum(n for *_, n in todo)
    for corpus_id, first, last, _ in todo:
        writer = Writer(workspace, corpus_id)
        try:
            writer.forget_range(first, last)  # a killed earlier try
            sql = _ROWS.format(seq="seq", source="comms.messages") + (
                " WHERE seq BETWEEN ? AND ? ORDER BY seq"
            )
            for batch in workspace.db.sql(sql, params=[first, last]).to_arrow_reader(BATCH):
                writer.add_rows(pa.Table.from_batches([batch]))
                count += batch.num_rows
                if progress:
                    progress(count, total)
        except BaseException:
            writer.rollback()
            raise
        writer.commit(first, last)
    return count


def drop(workspace: Workspace) -> None:
    """Remove the index (the next search rebuilds it from the messages)."""
    folder = Path(workspace.path) / INDEX_DIR
    _OPEN.pop(str(folder.resolve()), None)
    shutil.rmtree(folder, ignore_errors=True)


# ----------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Query:
    """A parsed search: the words' tree, handle filters and a date range."""

    text: tuple[object, ...] | None  # ('and'|'or', [(negated, node)...]) or ('words', [..]) or None
    handles: tuple[str, ...]  # handles that must all be in the message (from, to, conversation)
    after: dt.date | None = None
    before: dt.date | None = None


_PART = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')
_OPERATORS = {"AND", "OR", "NOT"}


class QueryError(ValueError):
    """A query that cannot be parsed (said why)."""


def words_of(text: str) -> list[str]:
    """The index's words of a text: folded, then split by the index's tokenizer."""
    return [t for t in _analyzer().analyze(fold(text)) if t]


def parse(text: str) -> Query:
    """Words (all must occur), "a phrase", OR, NOT, parentheses; filters from:H, to:H, handle:H,
    conv:H1,H2, after:YYYY-MM-DD, before:YYYY-MM-DD. Words are folded as messages are."""
    parts: list[object] = []
    handles: list[str] = []
    after = before = None
    for piece in _PART.findall(text):
        key, _, value = piece.partition(":")
        if value and key in ("from", "to", "handle"):
            handles.append(value)
        elif value and key == "conv":
            a, _, b = value.partition(",")
            handles += [h for h in (a, b) if h]
        elif value and key in ("after", "before"):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                raise QueryError(f"{piece}: not a date (YYYY-MM-DD)") from None
            after, before = (day, before) if key == "after" else (after, day)
        elif piece in _OPERATORS or piece in "()":
            parts.append(piece)
        else:
            words = words_of(piece.strip('"'))
            if words:
                parts.append(("words", tuple(words)))
    if parts.count("(") != parts.count(")"):
        raise QueryError("unbalanced parentheses")
    tree = _Parser(parts).expression()
    return Query(tree, tuple(handles), after, before)


class _Parser:
    """OR of ANDs (NOT binds to the next term, then AND, then OR, as in FTS5); a dangling AND or OR
    is ignored, a NOT with nothing before it to exclude from is an error."""

    def __init__(self, parts: list[object]) -> None:
        self.parts, self.at = parts, 0

    def _peek(self) -> object:
        return self.parts[self.at] if self.at < len(self.parts) else None

    def expression(self) -> tuple[object, ...] | None:
        options = []
        while self._peek() is not None and self._peek() != ")":
            if self._peek() == "OR":
                self.at += 1
                continue
            found = self._all()
            if found is not None:
                options.append(found)
        if not options:
            return None
        return options[0] if len(options) == 1 else ("or", tuple((False, o) for o in options))

    def _all(self) -> tuple[object, ...] | None:
        terms: list[tuple[bool, object]] = []
        negate = False
        while (part := self._peek()) is not None and part not in (")", "OR"):
            self.at += 1
            if part == "NOT":
                if not terms:
                    raise QueryError(
                        "NOT needs words before it (what to find, then what to leave out)"
                    )
                negate = True
            elif part == "AND":
                continue
            else:
                node = part
                if part == "(":
                    node = self.expression()
                    self.at += 1  # the ')'
                if node is not None:
                    terms.append((negate, node))
                negate = False
        if not terms:
            return None
        if all(neg for neg, _ in terms):
            raise QueryError("a query needs words to find, not only words to leave out")
        if len(terms) == 1:
            return terms[0][1]  # type: ignore[return-value]
        return ("and", tuple(terms))


def _range(field: str, low: int | None, high: int | None) -> tantivy.Query:
    return tantivy.Query.range_query(_schema(), field, tantivy.FieldType.Integer, low, high)


def _seconds(day: dt.date) -> int:
    return int((dt.datetime.combine(day, dt.time()) - _EPOCH).total_seconds())


def _text_query(schema: tantivy.Schema, node: object) -> tantivy.Query:
    kind, items = cast(tuple[str, tuple[Any, ...]], node)
    if kind == "words":
        words = list(items)
        if len(words) == 1:
            return tantivy.Query.term_query(schema, "norm", words[0])
        return tantivy.Query.phrase_query(schema, "norm", words)
    occur = tantivy.Occur.Should if kind == "or" else tantivy.Occur.Must
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.MustNot if negated else occur, _text_query(schema, child))
            for negated, child in items
        ]
    )


@dataclass(frozen=True)
class Window:
    """What a caller may search: a corpus's message numbers and its authorised days."""

    first: int
    last: int
    date_from: dt.date | None
    date_to: dt.date | None


Visible = Sequence[tuple[str, dt.date | None, dt.date | None]]  # corpus id, authorised days


@dataclass
class Snapshot:
    """One search's view of the index: the committed index, the visible corpora's windows (their
    message numbers and authorised days), and whether they are the whole index (no filter)."""

    workspace: Workspace
    searcher: tantivy.Searcher
    schema: tantivy.Schema
    ranges: list[tuple[int, int, str, dt.date | None, dt.date | None]]
    shown: list[Window]
    whole: bool
    files: dict[str, _Shown | None] = field(default_factory=dict)
    conversations: dict[tuple[str, ...], list[tuple[int, int, Any]] | None] = field(
        default_factory=dict
    )

    def display(self, corpus_id: str) -> _Shown | None:
        if corpus_id not in self.files:
            self.files[corpus_id] = _shown(self.workspace, corpus_id)
        return self.files[corpus_id]


def snapshot(workspace: Workspace, visible: Visible) -> Snapshot:
    marks = _marks(workspace)
    ranges = [(marks[c][0], marks[c][1], c, a, b) for c, a, b in visible if c in marks]
    shown = [Window(first, last, a, b) for first, last, _, a, b in ranges]
    whole = set(marks) <= {c for c, _, _ in visible} and all(
        a is None and b is None for _, a, b in visible
    )
    index = _open(workspace)
    return Snapshot(workspace, index.searcher(), index.schema, ranges, shown, whole)


def _filter(
    schema: tantivy.Schema, query: Query, shown: list[Window], whole: bool
) -> list[tantivy.Query]:
    filters: list[tantivy.Query] = [
        tantivy.Query.term_query(schema, "handle", h) for h in query.handles
    ]
    if query.after or query.before:
        low = _seconds(query.after) if query.after else None
        high = _seconds(query.before) - 1 if query.before else None
        filters.append(_range("t", low, high))
    if not whole:
        options = []
        for w in shown:
            clause = [_range("seq", w.first, w.last)]
            if w.date_from or w.date_to:
                low = _seconds(w.date_from) if w.date_from else None
                high = _seconds(w.date_to + dt.timedelta(days=1)) - 1 if w.date_to else None
                clause.append(_range("t", low, high))
            options.append(tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in clause]))
        filters.append(tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in options]))
    return [tantivy.Query.const_score_query(f, 0.0) for f in filters]


@dataclass(frozen=True)
class Doc:
    """A message as the index holds it."""

    seq: int
    corpus_id: str
    msg_id: str
    at: dt.datetime
    from_handle: str
    to_handle: str
    text: str
    score: float


@dataclass
class Found:
    """The best matches and how many messages match in all."""

    docs: list[Doc]
    count: int


class _Shown:
    """A corpus's display file, memory-mapped: a message by its number (a binary search in the
    chunk that holds it)."""

    def __init__(self, path: Path) -> None:
        self.file = pa.ipc.open_file(pa.memory_map(str(path)))
        self.batches = [self.file.get_batch(i) for i in range(self.file.num_record_batches)]
        self.batches = [b for b in self.batches if b.num_rows]
        self.starts = [int(b.column(0)[0].as_py()) for b in self.batches]

    def row(self, seq: int) -> dict[str, Any] | None:
        at = bisect.bisect_right(self.starts, seq) - 1
        if at < 0:
            return None
        batch = self.batches[at]
        numbers = batch.column(0).to_numpy()
        i = int(np.searchsorted(numbers, seq))
        if i >= len(numbers) or int(numbers[i]) != seq:
            return None
        row: dict[str, Any] = batch.slice(i, 1).to_pylist()[0]
        return row


_SHOWN_CACHE: dict[tuple[str, float], _Shown] = {}


def _shown(workspace: Workspace, corpus_id: str) -> _Shown | None:
    path = _display(workspace, corpus_id)
    try:
        key = (str(path), path.stat().st_mtime)
    except OSError:
        return None
    if key not in _SHOWN_CACHE:
        _SHOWN_CACHE.clear()  # one corpus set at a time is plenty
        _SHOWN_CACHE[key] = _Shown(path)
    return _SHOWN_CACHE[key]


def _docs(snap: Snapshot, hits: Sequence[tuple[object, tantivy.DocAddress]]) -> list[Doc]:
    """The messages of the hits, each checked again against the visible corpora's windows and days
    (the filters already did; this keeps a wrong filter from ever showing one)."""
    if not hits:
        return []
    numbers = snap.searcher.fast_field_values("seq", [address for _, address in hits])
    out = []
    for (key, _), number in zip(hits, numbers, strict=True):
        if number is None:
            continue
        seq = int(number)
        for first, last, corpus_id, day_from, day_to in snap.ranges:
            if not first <= seq <= last:
                continue
            shown = snap.display(corpus_id)
            row = shown.row(seq) if shown else None
            if row is None:
                break
            at = _EPOCH + dt.timedelta(seconds=int(row["t"]))
            if (day_from is None or at.date() >= day_from) and (
                day_to is None or at.date() <= day_to
            ):
                out.append(
                    Doc(seq, corpus_id, str(row["msg_id"]), at, str(row["from_handle"]),
                        str(row["to_handle"]), str(row["text"]),
                        float(key) if isinstance(key, float) else 0.0)
                )  # fmt: skip
            break
    return out


def match(
    workspace: Workspace, query: Query, visible: Visible, limit: int, snap: Snapshot | None = None
) -> Found:
    """The best matches within the visible corpora (id, authorised first and last day): the corpus
    windows and days are index filters, so the top `limit` are already the caller's."""
    snap = snap or snapshot(workspace, visible)
    if not snap.shown or (query.text is None and not query.handles):
        return Found([], 0)
    clauses = [(tantivy.Occur.Must, q) for q in _filter(snap.schema, query, snap.shown, snap.whole)]
    if query.text is not None:
        clauses.append((tantivy.Occur.Must, _text_query(snap.schema, query.text)))
    try:
        found = snap.searcher.search(tantivy.Query.boolean_query(clauses), limit, count=True)
    except ValueError as error:
        raise QueryError(f"cannot search for that: {error}") from None
    return Found(_docs(snap, found.hits), int(getattr(found, "count", 0) or 0))


CONVERSATION_CAP = 2_000  # a conversation up to this long is read once per search (fast fields)


def neighbours(
    snap: Snapshot, handles: tuple[str, str], at: dt.datetime, before: int, after: int
) -> list[Doc]:
    """The conversation between two handles around a time: the `before` last messages at or before
    it and the `after` first after it, within the visible corpora, in time order. A conversation of
    up to CONVERSATION_CAP messages is read once per search (numbers and times from fast fields, a
    binary search for each hit); a longer one is asked twice with a time range."""
    if not snap.shown:
        return []
    conversation = _filter(snap.schema, Query(None, handles), snap.shown, snap.whole)
    second = int((at - _EPOCH).total_seconds())
    key = tuple(sorted(handles))
    if key not in snap.conversations:
        found = snap.searcher.search(
            tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in conversation]),
            CONVERSATION_CAP, count=True, order_by_field="t", order=tantivy.Order.Asc,
        )  # fmt: skip
        held = None
        if int(getattr(found, "count", 0) or 0) <= CONVERSATION_CAP:
            addresses = [address for _, address in found.hits]
            times = snap.searcher.fast_field_values("t", addresses) if addresses else []
            numbers = snap.searcher.fast_field_values("seq", addresses) if addresses else []
            held = sorted(
                (int(t or 0), int(n or 0), a)
                for t, n, a in zip(times, numbers, addresses, strict=True)
            )
        snap.conversations[key] = held
    held = snap.conversations[key]
    if held is not None:
        i = bisect.bisect_right([t for t, _, _ in held], second)
        chosen = held[max(0, i - before) : i] + held[i : i + after]
        return sorted(_docs(snap, [(0.0, a) for _, _, a in chosen]), key=lambda d: (d.at, d.seq))
    docs: list[Doc] = []
    for low, high, limit, order in (
        (None, second, before, tantivy.Order.Desc),
        (second + 1, None, after, tantivy.Order.Asc),
    ):
        clauses = [(tantivy.Occur.Must, q) for q in [*conversation, _range("t", low, high)]]
        found = snap.searcher.search(
            tantivy.Query.boolean_query(clauses), limit, count=False, order_by_field="t",
            order=order,
        )  # fmt: skip
        docs += _docs(snap, found.hits)
    return sorted(docs, key=lambda d: (d.at, d.seq))
