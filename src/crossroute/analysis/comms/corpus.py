"""Loading a canonical messages corpus (CSV or JSONL) into `comms.*`: read by DuckDB (parallel,
columnar), checked in SQL, one transaction per file, bad rows quarantined with their row, field and
reason. The file's SHA-256 is the corpus id, so loading it again changes nothing.

Canonical columns: msg_id, timestamp, from_handle, to_handle, text; optional device_id, group_id,
attachment_sha256, lat, lon (docs/formats.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from crossroute.analysis.comms import index
from crossroute.analysis.comms.fold import fold_array
from crossroute.analysis.comms.mapping import CorpusMapping
from crossroute.sharing.clock import utc_now
from crossroute.store import Workspace

REQUIRED = ("msg_id", "timestamp", "from_handle", "to_handle", "text")
OPTIONAL = ("device_id", "group_id", "attachment_sha256", "lat", "lon")
COLUMNS = REQUIRED + OPTIONAL


class CorpusError(Exception):
    """A file that cannot be loaded as a corpus at all (named, with why)."""


@dataclass
class CorpusReport:
    path: str
    corpus_id: str
    rows_read: int = 0
    loaded: int = 0
    quarantined: int = 0
    already_loaded: bool = False
    reasons: dict[str, int] = field(default_factory=dict)
    examples: list[tuple[int, str, str]] = field(default_factory=list)  # row, field, reason


@dataclass(frozen=True)
class Scope:
    """The legal scope of a corpus: the case it is authorised for, the authorisation, its dates."""

    case_ref: str | None = None
    authorisation_ref: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def header_of(path: Path) -> list[str]:
    """The column names of a CSV's first line or a JSONL's first object ([] if neither)."""
    try:
        with path.open("r", encoding="utf-8-sig", errors="replace") as f:
            first = f.readline().strip()
    except OSError:
        return []
    if first.startswith("{"):
        try:
            return list(json.loads(first))
        except ValueError:
            return []
    return [c.strip().strip('"').lower() for c in first.split(",")]


def is_corpus(path: Path) -> bool:
    """Whether a file is a canonical messages corpus (its header has the five required columns)."""
    return path.is_file() and set(REQUIRED) <= set(header_of(path))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def _is_jsonl(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _reader(path: Path, present: list[str]) -> str:
    """The DuckDB table function reading the file (one bound parameter, the path), all as text;
    `present`: the file's own names of the columns read (JSONL)."""
    if _is_jsonl(path):
        columns = (
            "{"
            + ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for c in present)
            + "}"
        )
        return f"read_json(?, format = 'newline_delimited', columns = {columns})"
    return (
        "read_csv(?, all_varchar = true, header = true, store_rejects = true, "
        "rejects_table = 'comms_rejects', rejects_scan = 'comms_rejects_scan')"
    )


_CHECKS = (
    ("msg_id", "coalesce(trim(msg_id), '') = ''", "empty"),
    ("timestamp", "ts IS NULL", "not a date and time (ISO 8601 or Unix seconds)"),
    ("from_handle", "coalesce(trim(from_handle), '') = ''", "empty"),
    ("to_handle", "coalesce(trim(to_handle), '') = ''", "empty"),
    ("text", "text IS NULL AND attachment_sha256 IS NULL", "empty (and no attachment)"),
    (
        "attachment_sha256",
        "attachment_sha256 IS NOT NULL AND NOT regexp_full_match(lower(attachment_sha256), "
        "'[0-9a-f]{64}')",
        "not a SHA-256 (64 hex digits)",
    ),
    ("lat", "lat IS NOT NULL AND (try_cast(lat AS DOUBLE) IS NULL OR abs(try_cast(lat AS DOUBLE)) > 90)",
     "not a latitude"),
    ("lon", "lon IS NOT NULL AND (try_cast(lon AS DOUBLE) IS NULL OR abs(try_cast(lon AS DOUBLE)) > 180)",
     "not a longitude"),
)  # fmt: skip

_TS = (
    "CASE WHEN regexp_full_match(trim(timestamp), '[0-9]{9,11}') "
    "THEN to_timestamp(CAST(trim(timestamp) AS BIGINT)) AT TIME ZONE 'UTC' "
    "WHEN regexp_matches(trim(timestamp), '(Z|[+-][0-9]{2}:?[0-9]{2})$') "
    "THEN try_cast(trim(timestamp) AS TIMESTAMPTZ) AT TIME ZONE 'UTC' "
    "ELSE try_cast(trim(timestamp) AS TIMESTAMP) END"
)


CHUNK = 250_000  # rows per Arrow chunk: folded in Python, inserted into DuckDB in one statement


def load_corpus(
    workspace: Workspace,
    path: Path,
    agency: str,
    scope: Scope | None = None,
    progress: Callable[[int, int], None] | None = None,
    mapping: CorpusMapping | None = None,
) -> CorpusReport:
    """Load one file as a corpus of `agency` in one transaction (all or nothing): DuckDB reads and
    checks it in parallel and streams it in Arrow chunks, each folded (fold.py) and inserted with
    one statement; `progress(bytes_read, file_size)` after each chunk."""
    header = header_of(path)
    mapped = mapping or CorpusMapping()
    named = {h.lower(): h for h in header}  # the file's own spelling of each column
    missing = [mapped.source(c) for c in REQUIRED if mapped.source(c).lower() not in named]
    if missing:
        via = f" (mapping {mapped.name})" if mapping else ""
        raise CorpusError(
            f"{path}: not a messages corpus{via}, missing column(s) {', '.join(missing)}"
        )
    corpus_id = file_sha256(path)
    report = CorpusReport(str(path), corpus_id)
    if workspace.scalar("SELECT count(*) FROM comms.corpora WHERE corpus_id = ?", [corpus_id]):
        report.already_loaded = True
        return report
    found = {
        c: named[mapped.source(c).lower()] for c in COLUMNS if mapped.source(c).lower() in named
    }
    reader = _reader(path, list(dict.fromkeys(found.values())))
    select = ", ".join(
        (c if found[c] == c else f'"{found[c]}" AS {c}') if c in found else f"NULL::VARCHAR AS {c}"
        for c in COLUMNS
    )
    db = workspace.db
    source = db.cursor()  # reads the file; the workspace's connection writes, in its transaction
    writer = index.Writer(workspace, corpus_id)
    try:
        with workspace.transaction():
            stored = int(workspace.scalar("SELECT coalesce(max(seq), 0) FROM comms.messages"))
            base = max(stored, index.high_water(workspace))
            try:
                chunks = source.sql(
                    _read_sql(select, reader, mapped.timestamp_format), params=[str(path)]
                )
                batches = chunks.to_arrow_reader(CHUNK)
            except Exception as error:  # duckdb raises many kinds; all mean the file is unreadable
                raise CorpusError(f"{path}: cannot be read as a corpus: {error}") from None
            size, done, per_row = max(1, path.stat().st_size), 0, _bytes_per_row(path)
            try:
                for batch in batches:
                    _store(workspace, writer, corpus_id, path.name, base, batch)
                    done += batch.num_rows
                    if progress:
                        progress(min(size, int(done * per_row)), size)
            except duckdb.Error as error:
                raise CorpusError(f"{path}: cannot be read as a corpus: {error}") from None
            writer.forget(_quarantine_repeats(workspace, corpus_id, path.name, base))
            _quarantine_rejects(workspace, corpus_id, path, reader, source)
            loaded, first, last = workspace.rows(
                "SELECT count(*), coalesce(min(seq), 0), coalesce(max(seq), -1) "
                "FROM comms.messages WHERE seq > ?",
                [base],
            )[0]
            rejected = int(
                workspace.scalar(
                    "SELECT count(*) FROM comms.quarantine WHERE corpus_id = ?", [corpus_id]
                )
            )
            scope = scope or Scope()
            db.execute(
                "INSERT INTO comms.corpora VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [corpus_id, agency, path.name, utc_now(), loaded, rejected, scope.case_ref,
                 scope.authorisation_ref, scope.date_from, scope.date_to],
            )  # fmt: skip
    except BaseException:
        writer.rollback()
        raise
    finally:
        source.close()
    writer.commit(int(first), int(last))  # killed before this: the next refresh indexes it
    report.loaded, report.quarantined = int(loaded), rejected
    report.rows_read = report.loaded + rejected
    for name, why, n in workspace.rows(
        "SELECT field, reason, count(*) FROM comms.quarantine WHERE corpus_id = ? "
        "GROUP BY ALL ORDER BY 3 DESC",
        [corpus_id],
    ):
        report.reasons[f"{name}: {why}"] = int(n)
    report.examples = [
        (int(r), str(f), str(w))
        for r, f, w in workspace.rows(
            "SELECT row_number, field, reason FROM comms.quarantine WHERE corpus_id = ? "
            "ORDER BY row_number LIMIT 5",
            [corpus_id],
        )
    ]
    return report


def _ts(timestamp_format: str | None) -> str:
    """The time of a row: ISO 8601 or Unix seconds, or the mapping's strptime format (checked to hold
    only format codes and separators by `mapping.py`)."""
    if timestamp_format is None:
        return _TS
    return f"CAST(try_strptime(trim(timestamp), '{timestamp_format}') AS TIMESTAMP)"


def _read_sql(select: str, reader: str, timestamp_format: str | None = None) -> str:
    """The file as rows: numbered, the time parsed, the first problem found (NULL if none), the
    values trimmed; DuckDB runs it in parallel and hands it over in Arrow chunks. A time that does not
    parse is reported against the format the rows were read with (the mapping's, or ISO 8601)."""
    ts = _ts(timestamp_format)
    checks: tuple[tuple[str, str, str], ...] = _CHECKS
    if (
        timestamp_format is not None
    ):  # reasons are SQL literals: no quote (mapping.py's _FORMAT has none)
        wanted = f"not a date and time in the format the mapping gives: {timestamp_format}"
        checks = tuple((n, c, wanted if n == "timestamp" else w) for n, c, w in _CHECKS)
    reasons = " ".join(f"WHEN {check} THEN '{name}|{why}'" for name, check, why in checks)
    return (
        "SELECT trim(msg_id) AS msg_id, timestamp, trim(from_handle) AS from_handle, "
        "trim(to_handle) AS to_handle, coalesce(text, '') AS text, "
        "nullif(trim(device_id), '') AS device_id, nullif(trim(group_id), '') AS group_id, "
        "lower(attachment_sha256) AS attachment_sha256, lat, lon, rn, ts, problem FROM ("
        f"SELECT *, CASE {reasons} ELSE NULL END AS problem FROM (SELECT *, {ts} AS ts FROM ("
        f"SELECT {select}, row_number() OVER () AS rn FROM {reader})))"
    )


def _bytes_per_row(path: Path) -> float:
    """A rough bytes-per-row for the progress bar (from the first 1 MB)."""
    with path.open("rb") as f:
        head = f.read(1 << 20)
    return max(1.0, len(head) / max(1, head.count(b"\n") - 1))


def _store(
    workspace: Workspace,
    writer: index.Writer,
    corpus_id: str,
    name: str,
    base: int,
    batch: pa.RecordBatch,
) -> None:
    """One chunk: its good rows (text folded) into comms.messages and the index, its bad rows into
    quarantine, one INSERT each."""
    problem = batch.column("problem")
    good = pc.is_null(problem)
    chunk = pa.Table.from_batches([batch])
    if problem.null_count < len(problem):
        bad = chunk.filter(pc.invert(good))
        with workspace.staged({"comms_bad": bad}):
            workspace.db.execute(
                "INSERT INTO comms.quarantine SELECT ?, ?, rn, split_part(problem, '|', 1), "
                "split_part(problem, '|', 2), concat_ws(',', msg_id, timestamp, from_handle, "
                "to_handle, text) FROM comms_bad",
                [corpus_id, name],
            )
        chunk = chunk.filter(good)
    chunk = chunk.append_column("norm", fold_array(chunk.column("text")))
    with workspace.staged({"comms_chunk": chunk}):
        workspace.db.execute(
            "INSERT INTO comms.messages SELECT ?, msg_id, ts, from_handle, to_handle, text, "
            "device_id, group_id, attachment_sha256, try_cast(lat AS DOUBLE), "
            "try_cast(lon AS DOUBLE), norm, ? + rn FROM comms_chunk",
            [corpus_id, base],
        )
        writer.add("comms_chunk", base)


def _quarantine_repeats(workspace: Workspace, corpus_id: str, name: str, base: int) -> list[int]:
    """An id repeated in the file: the first row is kept, the others go to quarantine (a hash
    aggregate over the ids; the repeated ones, usually none, are then moved). Returns the numbers
    of the rows moved."""
    db = workspace.db
    db.execute(
        "CREATE OR REPLACE TEMP TABLE comms_repeats AS SELECT msg_id, min(seq) AS first_seq "
        "FROM comms.messages WHERE corpus_id = ? AND seq > ? GROUP BY msg_id HAVING count(*) > 1",
        [corpus_id, base],
    )
    moved: list[int] = []
    if workspace.scalar("SELECT count(*) FROM comms_repeats"):
        later = (
            "FROM comms.messages m JOIN comms_repeats r USING (msg_id) WHERE m.corpus_id = ? "
            "AND m.seq > ? AND m.seq > r.first_seq"
        )
        db.execute(
            "INSERT INTO comms.quarantine SELECT ?, ?, m.seq - ?, 'msg_id', "
            "'repeated in the file (the first is kept)', concat_ws(',', m.msg_id, "
            f"strftime(m.ts, '%Y-%m-%dT%H:%M:%S'), m.from_handle, m.to_handle, m.text) {later}",
            [corpus_id, name, base, corpus_id, base],
        )
        moved = [int(n) for (n,) in workspace.rows(f"SELECT m.seq {later}", [corpus_id, base])]
        db.execute(
            f"DELETE FROM comms.messages WHERE corpus_id = ? AND seq IN (SELECT m.seq {later})",
            [corpus_id, corpus_id, base],
        )
    db.execute("DROP TABLE comms_repeats")
    return moved


def _quarantine_rejects(
    workspace: Workspace,
    corpus_id: str,
    path: Path,
    reader: str,
    source: duckdb.DuckDBPyConnection,
) -> None:
    """Rows the CSV reader could not split (too many or too few cells) go to quarantine by line
    (the reader kept them in its connection's `comms_rejects`)."""
    if not reader.startswith("read_csv"):
        return
    try:
        rejects = source.sql(
            "SELECT line - 1 AS line, coalesce(column_name, 'row') AS field, "
            "error_type || ': ' || error_message AS reason, csv_line FROM comms_rejects"
        ).to_arrow_table()
        source.execute("DROP TABLE IF EXISTS comms_rejects")
        source.execute("DROP TABLE IF EXISTS comms_rejects_scan")
    except duckdb.Error:
        return
    with workspace.staged({"comms_rejected": rejects}):
        workspace.db.execute(
            "INSERT INTO comms.quarantine SELECT ?, ?, line, field, reason, csv_line "
            "FROM comms_rejected",
            [corpus_id, path.name],
        )


def set_scope(workspace: Workspace, corpus_id: str, scope: Scope) -> None:
    """Record a corpus's legal scope (replacing the one it had)."""
    found = workspace.scalar(
        "SELECT count(*) FROM comms.corpora WHERE corpus_id LIKE ? || '%'", [corpus_id]
    )
    if found != 1:
        raise CorpusError(f"no single corpus with id {corpus_id!r} ({found} match)")
    workspace.rows(
        "UPDATE comms.corpora SET case_ref = ?, authorisation_ref = ?, date_from = ?, date_to = ? "
        "WHERE corpus_id LIKE ? || '%'",
        [scope.case_ref, scope.authorisation_ref, scope.date_from, scope.date_to, corpus_id],
    )


def corpora(workspace: Workspace) -> list[tuple[object, ...]]:
    """Every corpus: id, agency, file, rows, quarantined, case, authorisation, date range (no messages:
    this is the register of what was seized, not its content)."""
    return workspace.rows(
        "SELECT corpus_id, agency, file_name, rows_loaded, rows_quarantined, case_ref, "
        "authorisation_ref, date_from, date_to FROM comms.corpora ORDER BY loaded_at"
    )
