"""Full-text search over the corpora: SQLite FTS5 (chosen over tantivy by measurement, docs/comms.md),
a contentless index in WS/comms-search.sqlite keyed by each message's workspace number.

Indexed: the folded text (fold.py: the same folding at query time), and a column of filter tokens
(the corpus, both handles, the conversation) so filters are index lookups, not scans. Each corpus is
indexed in one SQLite transaction together with its 'indexed' mark, so a killed indexing leaves the
corpus unindexed and the next search or load indexes it again (the messages in DuckDB are the truth;
the index can always be rebuilt from them)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from crossroute.analysis.comms.fold import fold
from crossroute.store import Workspace

INDEX_FILE = "comms-search.sqlite"
BATCH = 200_000
_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS msg USING fts5(norm, meta, content='', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TABLE IF NOT EXISTS indexed (corpus_id TEXT PRIMARY KEY)",
)


def token(kind: str, value: str) -> str:
    """A filter token: a letter and a digest (handles hold characters the tokenizer splits on)."""
    return kind + hashlib.sha256(value.encode()).hexdigest()[:16]


def conversation_token(a: str, b: str) -> str:
    return token("v", "|".join(sorted((a, b))))


def _connect(workspace: Workspace) -> sqlite3.Connection:
    connection = sqlite3.connect(Path(workspace.path) / INDEX_FILE)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    for statement in _SCHEMA:
        connection.execute(statement)
    return connection


_META_SQL = (
    "SELECT seq, norm, 'c' || left(sha256(corpus_id), 16) || ' h' || left(sha256(from_handle), 16) "
    "|| ' h' || left(sha256(to_handle), 16) || ' v' || left(sha256(least(from_handle, to_handle) "
    "|| '|' || greatest(from_handle, to_handle)), 16) FROM comms.messages WHERE corpus_id = ?"
)


def refresh(workspace: Workspace, progress: Callable[[int, int], None] | None = None) -> int:
    """Index every corpus not yet indexed; returns the number of messages indexed."""
    connection = _connect(workspace)
    try:
        done = {row[0] for row in connection.execute("SELECT corpus_id FROM indexed")}
        todo = [
            (str(c), int(n))
            for c, n in workspace.rows("SELECT corpus_id, rows_loaded FROM comms.corpora")
            if c not in done
        ]
        total = sum(n for _, n in todo)
        count = 0
        for corpus_id, _ in todo:
            reader = workspace.db.sql(_META_SQL, params=[corpus_id]).to_arrow_reader(BATCH)
            with connection:
                for batch in reader:
                    columns = batch.to_pydict()
                    values = list(zip(*columns.values(), strict=True))
                    connection.executemany(
                        "INSERT INTO msg(rowid, norm, meta) VALUES (?, ?, ?)", values
                    )
                    count += len(values)
                    if progress:
                        progress(count, total)
                connection.execute("INSERT INTO indexed VALUES (?)", [corpus_id])
        return count
    finally:
        connection.close()


@dataclass(frozen=True)
class Query:
    """A parsed search: the FTS5 text expression, filter tokens and a date range."""

    text: str  # FTS5 expression over folded words ('' for none)
    filters: tuple[str, ...]  # tokens that must all be present (handles, conversation)
    after: dt.date | None = None
    before: dt.date | None = None


_PART = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')
_OPERATORS = {"AND", "OR", "NOT"}


class QueryError(ValueError):
    """A query that cannot be parsed (said why)."""


def parse(text: str) -> Query:
    """Words (all must occur), "a phrase", OR, NOT, parentheses; filters from:H, to:H, handle:H,
    conv:H1,H2, after:YYYY-MM-DD, before:YYYY-MM-DD. Words are folded as messages are."""
    parts, filters = [], []
    after = before = None
    for piece in _PART.findall(text):
        key, _, value = piece.partition(":")
        if value and key in ("from", "to", "handle"):
            filters.append(token("h", value))
        elif value and key == "conv":
            a, _, b = value.partition(",")
            filters.append(conversation_token(a, b))
        elif value and key in ("after", "before"):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                raise QueryError(f"{piece}: not a date (YYYY-MM-DD)") from None
            after, before = (day, before) if key == "after" else (after, day)
        elif piece in _OPERATORS or piece in "()":
            parts.append(piece)
        else:
            words = fold(piece.strip('"')).replace('"', " ").split()
            if words:
                parts.append('"' + " ".join(words) + '"')
    return Query(_expression(parts), tuple(filters), after, before)


def _expression(parts: list[str]) -> str:
    """Implicit AND between terms; a dangling operator is dropped."""
    out: list[str] = []
    for part in parts:
        if part in _OPERATORS and (not out or out[-1] in _OPERATORS or out[-1] == "("):
            if part != "NOT" or not out or out[-1] == "(":
                continue
            out.append("AND")
        elif (
            part not in _OPERATORS
            and part != ")"
            and out
            and out[-1] not in _OPERATORS
            and out[-1] != "("
        ):
            out.append("AND")
        out.append(part)
    while out and out[-1] in _OPERATORS:
        out.pop()
    if out.count("(") != out.count(")"):
        raise QueryError("unbalanced parentheses")
    return " ".join(out)


def match(
    workspace: Workspace, query: Query, corpora: list[str], limit: int
) -> list[tuple[int, float]]:
    """(message number, bm25 rank) of the best matches within the given corpora. The corpus clause
    is left out when the corpora are every indexed one (the caller re-checks access on each hit
    anyway, in DuckDB): it matches every message, and intersecting with it costs a full scan."""
    if not corpora:
        return []
    connection = _connect(workspace)
    try:
        indexed = {row[0] for row in connection.execute("SELECT corpus_id FROM indexed")}
        clauses = []
        if not indexed <= set(corpora):
            scope = " OR ".join(f'"{token("c", c)}"' for c in corpora)
            clauses.append(f"meta : ({scope})")
        if query.text:
            clauses.append(f"norm : ({query.text})")
        clauses += [f'meta : "{f}"' for f in query.filters]
        if not clauses:
            return []
        return [
            (int(r), float(s))
            for r, s in connection.execute(
                "SELECT rowid, rank FROM msg WHERE msg MATCH ? ORDER BY rank LIMIT ?",
                [" AND ".join(clauses), limit],
            )
        ]
    except sqlite3.OperationalError as error:
        raise QueryError(f"cannot search for that: {error}") from None
    finally:
        connection.close()
