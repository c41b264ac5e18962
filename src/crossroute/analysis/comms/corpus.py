"""Loading a canonical messages corpus (CSV or JSONL) into `comms.*`: read by DuckDB (parallel,
columnar), checked in SQL, one transaction per file, bad rows quarantined with their row, field and
reason. The file's SHA-256 is the corpus id, so loading it again changes nothing.

Canonical columns: msg_id, timestamp, from_handle, to_handle, text; optional device_id, group_id,
attachment_sha256, lat, lon (docs/formats.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from crossroute.analysis.comms.fold import fold_params, fold_sql
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


def _reader(path: Path, header: list[str]) -> str:
    """The DuckDB table function reading the file (one bound parameter, the path), all as text."""
    if _is_jsonl(path):
        present = [c for c in COLUMNS if c in header]
        columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in present) + "}"
        return f"read_json(?, format = 'newline_delimited', columns = {columns})"
    return (
        "read_csv(?, all_varchar = true, header = true, store_rejects = true, "
        "rejects_table = 'comms_rejects', rejects_scan = 'comms_rejects_scan')"
    )


_CHECKS = (
    ("msg_id", "coalesce(trim(msg_id), '') = ''", "empty"),
    ("msg_id", "seen > 1", "repeated in the file (the first is kept)"),
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

_TEXT = "coalesce(text, '')"
_TS = (
    "CASE WHEN regexp_full_match(trim(timestamp), '[0-9]{9,11}') "
    "THEN to_timestamp(CAST(trim(timestamp) AS BIGINT)) AT TIME ZONE 'UTC' "
    "WHEN regexp_matches(trim(timestamp), '(Z|[+-][0-9]{2}:?[0-9]{2})$') "
    "THEN try_cast(trim(timestamp) AS TIMESTAMPTZ) AT TIME ZONE 'UTC' "
    "ELSE try_cast(trim(timestamp) AS TIMESTAMP) END"
)


def load_corpus(
    workspace: Workspace, path: Path, agency: str, scope: Scope | None = None
) -> CorpusReport:
    """Load one file as a corpus of `agency` in one transaction (all or nothing)."""
    header = header_of(path)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CorpusError(f"{path}: not a messages corpus, missing column(s) {', '.join(missing)}")
    corpus_id = file_sha256(path)
    report = CorpusReport(str(path), corpus_id)
    if workspace.scalar("SELECT count(*) FROM comms.corpora WHERE corpus_id = ?", [corpus_id]):
        report.already_loaded = True
        return report
    reader = _reader(path, header)
    select = ", ".join(c if c in header else f"NULL::VARCHAR AS {c}" for c in COLUMNS)
    db = workspace.db
    with workspace.transaction():
        try:
            db.execute(
                "CREATE OR REPLACE TEMP TABLE comms_read AS "
                f"SELECT {select}, row_number() OVER () AS rn FROM {reader}",
                [str(path)],
            )
        except Exception as error:  # duckdb raises many kinds; all mean the file is unreadable
            raise CorpusError(f"{path}: cannot be read as a corpus: {error}") from None
        # Repeated ids: a hash aggregate, then a join on the (few) repeated ones only.
        db.execute(
            "CREATE OR REPLACE TEMP TABLE comms_repeats AS SELECT msg_id, min(rn) AS first_rn "
            "FROM comms_read GROUP BY msg_id HAVING count(*) > 1"
        )
        reasons = " ".join(f"WHEN {check} THEN '{name}|{why}'" for name, check, why in _CHECKS)
        db.execute(
            "CREATE OR REPLACE TEMP VIEW comms_raw AS SELECT *, "
            f"CASE {reasons} ELSE NULL END AS problem FROM (SELECT r.*, {_TS} AS ts, "
            "CASE WHEN d.first_rn IS NOT NULL AND r.rn > d.first_rn THEN 2 ELSE 1 END AS seen "
            "FROM comms_read r LEFT JOIN comms_repeats d ON r.msg_id = d.msg_id)"
        )
        base = int(workspace.scalar("SELECT coalesce(max(seq), 0) FROM comms.messages"))
        inserted = db.execute(
            "INSERT INTO comms.messages SELECT ?, trim(msg_id), ts, trim(from_handle), "
            "trim(to_handle), coalesce(text, ''), nullif(trim(device_id), ''), "
            "nullif(trim(group_id), ''), lower(attachment_sha256), try_cast(lat AS DOUBLE), "
            f"try_cast(lon AS DOUBLE), {fold_sql(_TEXT)}, ? + rn "
            "FROM comms_raw WHERE problem IS NULL",
            [corpus_id, *fold_params(), base],
        ).fetchone()
        db.execute(
            "INSERT INTO comms.quarantine SELECT ?, ?, rn, split_part(problem, '|', 1), "
            "split_part(problem, '|', 2), concat_ws(',', msg_id, timestamp, from_handle, "
            "to_handle, text) FROM comms_raw WHERE problem IS NOT NULL",
            [corpus_id, path.name],
        )
        _quarantine_rejects(workspace, corpus_id, path, reader)
        counts = (int(inserted[0]) if inserted else 0, 0)
        rejected = int(
            workspace.scalar(
                "SELECT count(*) FROM comms.quarantine WHERE corpus_id = ?", [corpus_id]
            )
        )
        scope = scope or Scope()
        db.execute(
            "INSERT INTO comms.corpora VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [corpus_id, agency, path.name, utc_now(), counts[0], rejected, scope.case_ref,
             scope.authorisation_ref, scope.date_from, scope.date_to],
        )  # fmt: skip
        db.execute("DROP VIEW comms_raw")
        db.execute("DROP TABLE comms_repeats")
        db.execute("DROP TABLE comms_read")
    report.loaded, report.quarantined = int(counts[0]), rejected
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


def _quarantine_rejects(workspace: Workspace, corpus_id: str, path: Path, reader: str) -> None:
    """Rows the CSV reader could not split (too many or too few cells) go to quarantine by line."""
    if not reader.startswith("read_csv"):
        return
    try:
        workspace.db.execute(
            "INSERT INTO comms.quarantine SELECT ?, ?, line - 1, coalesce(column_name, 'row'), "
            "error_type || ': ' || error_message, csv_line FROM comms_rejects",
            [corpus_id, path.name],
        )
        workspace.db.execute("DROP TABLE IF EXISTS comms_rejects")
        workspace.db.execute("DROP TABLE IF EXISTS comms_rejects_scan")
    except Exception:
        return


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
