"""Load canonical financial files (accounts, transactions) into their own tables, columnar: DuckDB reads
the CSV, checks every row in SQL and writes the good rows and the quarantined ones in one transaction.

Accounts: `account_id,country,type,bank` (optional `holder_record_id,holder_name,iban,opened_on`).
Transactions: `txn_id,timestamp,from_account,to_account,amount,currency` (optional `channel,
from_country,to_country,reference`); timestamps ISO 8601 with or without time; `.` or `,` decimals; one
side empty for cash paid in or drawn out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pycountry
from schwifty import IBAN

from crossroute.ingest.errors import FileRejected
from crossroute.ingest.loader import (
    IngestReport,
    ValueIssueExample,
    count_value_issue,
    keep_file,
)
from crossroute.ingest.provenance import resolve_provenance
from crossroute.ingest.rates import RATE_LOOKUP, ensure_rates
from crossroute.ingest.tables import RowProblem
from crossroute.store import Workspace
from crossroute.store.finance_results import forget
from crossroute.store.sql import quote_ident
from crossroute.store.tuning import tune

ACCOUNT_COLUMNS = ("account_id", "country", "type", "bank")
ACCOUNT_OPTIONAL = ("holder_record_id", "holder_name", "iban", "opened_on")
TXN_COLUMNS = ("txn_id", "timestamp", "from_account", "to_account", "amount", "currency")
TXN_OPTIONAL = ("channel", "from_country", "to_country", "reference")
EARLIEST = dt.datetime(1950, 1, 1)
NO_MONEY = frozenset({"XXX", "XTS"})  # ISO 4217 codes for no currency and for testing
_DELIMITERS = (",", ";", "\t", "|")
_STAGE = "finance_stage"
_REJECTS = "finance_rejects"
_REJECTS_SCAN = "finance_rejects_scan"


class FinanceKind(StrEnum):
    ACCOUNTS = "accounts"
    TRANSACTIONS = "transactions"


def finance_kind(path: Path) -> FinanceKind | None:
    """Accounts or transactions when the file is a canonical financial CSV (by its header), else None."""
    header = _header(path)
    if header is None:
        return None
    names = set(header[1])
    if set(TXN_COLUMNS) <= names:
        return FinanceKind.TRANSACTIONS
    if set(ACCOUNT_COLUMNS) <= names:
        return FinanceKind.ACCOUNTS
    return None


def load_order(path: Path) -> int:
    """Sort key for the files of one command: accounts before transactions before anything else, so a
    transaction's accounts are known when it is checked."""
    kind = finance_kind(path)
    return {FinanceKind.ACCOUNTS: 0, FinanceKind.TRANSACTIONS: 1}.get(kind, 2) if kind else 2


def _header(path: Path) -> tuple[str, list[str]] | None:
    """(delimiter, normalised column names) of a CSV's first line, or None for anything else."""
    if path.suffix.lower() not in {".csv", ".txt", ".tsv"}:
        return None
    try:
        with path.open("r", encoding="utf-8-sig", errors="replace") as file:
            first = file.readline()
    except OSError:
        return None
    best = max(_DELIMITERS, key=first.count)
    return best, [c.strip().strip('"').strip().lower() for c in first.rstrip("\r\n").split(best)]


def ingest_finance(
    workspace: Workspace,
    path: Path,
    *,
    agency: str | None,
    flags: Mapping[str, Any] | None = None,
) -> IngestReport:
    """Load one canonical financial file in one transaction; bad rows go to quarantine with reasons."""
    kind = finance_kind(path)
    found = _header(path)
    if kind is None or found is None:
        raise FileRejected(str(path), "not a canonical accounts or transactions file")
    if not agency:
        raise FileRejected(str(path), "financial files need the supplying agency (--agency CODE)")
    file_hash = _sha256(path)
    earlier = workspace.scalar(
        "SELECT batch_id FROM ingest_batches WHERE file_sha256 = ? AND mapping_sha256 IS NULL "
        "AND agency IS NOT DISTINCT FROM ? ORDER BY batch_id LIMIT 1",
        [file_hash, agency],
    )
    if earlier is not None:
        return IngestReport(str(path), already_loaded_as=int(earlier))
    handling = _handling(path, agency, flags)
    report = IngestReport(str(path), format=f"finance-{kind.value}")
    started = dt.datetime.now()
    delimiter, header = found
    tune(workspace.db)
    with workspace.transaction():
        forget(workspace.db)  # stored money alerts are of the data before this load
        batch_id = int(workspace.scalar("SELECT nextval('batch_ids')"))
        report.batch_id = batch_id
        raw = _stage(workspace, path, delimiter, header, kind)
        _quarantine_unreadable(workspace, batch_id, path, report)
        if kind is FinanceKind.ACCOUNTS:
            _load_accounts(workspace, batch_id, agency, handling, str(path), report, raw)
        else:
            _load_transactions(workspace, batch_id, agency, str(path), report, raw)
        workspace.rows(
            "INSERT INTO ingest_batches VALUES "
            "(?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, current_localtimestamp(), ?, ?)",
            [
                batch_id,
                str(path),
                file_hash,
                agency,
                report.format,
                report.rows_read,
                report.loaded,
                report.quarantined,
                started,
                keep_file(workspace, path, file_hash),
                json.dumps({"delimiter": delimiter, "reader": "duckdb read_csv"}),
            ],
        )
        workspace.db.execute(f"DROP TABLE IF EXISTS {_STAGE}")
    return report


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _handling(path: Path, agency: str, flags: Mapping[str, Any] | None) -> tuple[Any, Any, Any]:
    layers = [dict(flags or {}), {"source": agency}]
    resolved = resolve_provenance({}, layers, 1)
    if resolved.errors:
        raise FileRejected(str(path), "; ".join(r for _, r in resolved.errors.values()))
    return tuple(
        resolved.column(name)[0].as_py()
        for name in ("handling_scheme", "handling_code", "handling_note")
    )


def _stage(
    workspace: Workspace, path: Path, delimiter: str, header: list[str], kind: FinanceKind
) -> str:
    """The file as text columns in a temporary table, each row with its line number; rows the reader
    cannot split go to the rejects table. Returns the SQL that rebuilds a row's text for quarantine
    (computed for the rejected rows only, not stored for every row)."""
    wanted = (
        (ACCOUNT_COLUMNS + ACCOUNT_OPTIONAL)
        if kind is FinanceKind.ACCOUNTS
        else (TXN_COLUMNS + TXN_OPTIONAL)
    )
    present = set(header)
    select = ", ".join(
        quote_ident(name) if name in present else f"NULL::VARCHAR AS {quote_ident(name)}"
        for name in wanted
    )
    raw = " || '|' || ".join(f"coalesce({quote_ident(n)}, '')" for n in wanted if n in present)
    workspace.db.execute(f"DROP TABLE IF EXISTS {_STAGE}")
    workspace.db.execute(
        f"CREATE TEMP TABLE {_STAGE} AS SELECT row_number() OVER () + 1 AS row_number, "
        f"{select} FROM read_csv(?, all_varchar = true, header = true, "
        f"delim = ?, quote = '\"', escape = '\"', names = ?, strict_mode = false, "
        f"store_rejects = true, rejects_table = '{_REJECTS}', rejects_scan = '{_REJECTS_SCAN}')",
        [str(path), delimiter, [name or f"column{i}" for i, name in enumerate(header)]],
    )
    return raw


def _quarantine_unreadable(
    workspace: Workspace, batch_id: int, path: Path, report: IngestReport
) -> None:
    found = workspace.rows(f"SELECT line, error_message, csv_line FROM {_REJECTS}")
    problems = [
        RowProblem(int(line), None, f"unreadable row: {msg}", raw) for line, msg, raw in found
    ]
    _count(report, problems)
    if problems:
        workspace.rows(
            f"INSERT INTO quarantine SELECT ?, ?, line, NULL, 'unreadable row: ' || error_message, "
            f"csv_line FROM {_REJECTS}",
            [batch_id, str(path)],
        )
    workspace.db.execute(f"DROP TABLE IF EXISTS {_REJECTS}")
    workspace.db.execute(f"DROP TABLE IF EXISTS {_REJECTS_SCAN}")


def _count(report: IngestReport, problems: list[RowProblem]) -> None:
    report.rows_read += len(problems)
    report.quarantined += len(problems)
    report.reasons.update(p.reason for p in problems)
    report.examples.extend(problems[: 6 - len(report.examples)])


_ACCOUNT_CHECKS = f"""
CREATE TEMP TABLE finance_checked AS
SELECT *, CASE
    WHEN nullif(trim(account_id), '') IS NULL THEN 'account_id|account_id is empty'
    WHEN count(*) OVER (PARTITION BY trim(account_id) ORDER BY row_number
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > 1
        THEN 'account_id|duplicate account_id in the file'
    WHEN trim(account_id) IN (SELECT account_id FROM finance_accounts WHERE source = ?)
        THEN 'account_id|account_id already loaded for this agency'
    WHEN nullif(trim(opened_on), '') IS NOT NULL AND try_cast(trim(opened_on) AS DATE) IS NULL
        THEN 'opened_on|not an ISO date'
    END AS problem
FROM {_STAGE}
"""


def _load_accounts(
    workspace: Workspace,
    batch_id: int,
    agency: str,
    handling: tuple[Any, Any, Any],
    file_path: str,
    report: IngestReport,
    raw: str,
    *,
    from_records: bool = False,
) -> None:
    workspace.db.execute("DROP TABLE IF EXISTS finance_checked")
    workspace.rows(_ACCOUNT_CHECKS, [agency])
    _check_ibans(workspace)
    workspace.rows(
        "INSERT INTO finance_accounts BY NAME SELECT ? AS batch_id, c.row_number, ? AS source, "
        "trim(c.account_id) AS account_id, upper(nullif(trim(c.country), '')) AS country, "
        "nullif(trim(c.type), '') AS type, nullif(trim(c.bank), '') AS bank, "
        "nullif(trim(c.holder_record_id), '') AS holder_record_id, "
        "nullif(trim(c.holder_name), '') AS holder_name, i.iban, "
        "CASE WHEN i.reason IS NOT NULL THEN i.raw END AS iban_invalid, "
        "try_cast(nullif(trim(c.opened_on), '') AS DATE) AS opened_on, ? AS handling_scheme, "
        "? AS handling_code, ? AS handling_note "
        "FROM finance_checked c LEFT JOIN finance_ibans i ON i.raw = trim(c.iban) "
        "WHERE c.problem IS NULL",
        [batch_id, agency, *handling],
    )
    _value_issues(
        workspace,
        report,
        "SELECT ? AS batch_id, ? AS file_path, a.row_number, a.source, 'BankAccount' AS schema, "
        "a.account_id AS record_id, 'iban' AS field, 'iban' AS property, a.iban_invalid AS raw, "
        "'not a valid IBAN: ' || i.reason AS reason FROM finance_accounts a "
        "JOIN finance_ibans i ON i.raw = a.iban_invalid WHERE a.batch_id = ?",
        [batch_id, file_path, batch_id],
    )
    workspace.db.execute("DROP TABLE IF EXISTS finance_ibans")
    if from_records:
        _not_money(workspace, batch_id, file_path, report, raw, "BankAccount", "account_id")
    else:
        _finish(workspace, batch_id, file_path, report, raw)


def _check_ibans(workspace: Workspace) -> None:
    """Every distinct IBAN of the file checked once with schwifty (country, length, structure, check
    digits): `finance_ibans` (raw, iban: the compact form when valid, reason when not)."""
    raws = [
        str(r[0])
        for r in workspace.rows(
            "SELECT DISTINCT trim(iban) FROM finance_checked "
            "WHERE problem IS NULL AND nullif(trim(iban), '') IS NOT NULL"
        )
    ]
    checked = [_iban(raw) for raw in raws]
    table = pa.table(
        {
            "raw": pa.array(raws, pa.string()),
            "iban": pa.array([c[0] for c in checked], pa.string()),
            "reason": pa.array([c[1] for c in checked], pa.string()),
        }
    )
    workspace.db.register("finance_ibans_arrow", table)
    workspace.db.execute(
        "CREATE OR REPLACE TEMP TABLE finance_ibans AS SELECT * FROM finance_ibans_arrow"
    )
    workspace.db.unregister("finance_ibans_arrow")


def _iban(raw: str) -> tuple[str | None, str | None]:
    """(the compact IBAN, None) when valid, else (None, why)."""
    try:
        return IBAN(raw).compact, None
    except ValueError as error:  # schwifty's errors are ValueErrors
        return None, str(error) or type(error).__name__


def _value_issues(
    workspace: Workspace, report: IngestReport, select: str, params: list[Any]
) -> None:
    """Loaded rows' values not understood (`select` gives value_issues' columns in order): stored,
    and counted in the report as every loader counts them (`count_value_issue`)."""
    workspace.db.execute("CREATE OR REPLACE TEMP TABLE finance_issues AS " + select, params)
    workspace.db.execute("INSERT INTO value_issues SELECT * FROM finance_issues")
    for row_number, field_name, prop, raw, reason, alike in workspace.rows(
        "SELECT min(row_number), field, property, arg_min(raw, row_number), reason, count(*) "
        "FROM finance_issues GROUP BY field, property, reason ORDER BY 1"
    ):
        issue = ValueIssueExample(int(row_number), field_name, prop, raw, reason)
        count_value_issue(report, issue, int(alike))
    workspace.db.execute("DROP TABLE finance_issues")


def _finish(
    workspace: Workspace, batch_id: int, file_path: str, report: IngestReport, raw: str
) -> None:
    """Quarantine the checked rows with a problem; count what happened."""
    workspace.rows(
        "INSERT INTO quarantine SELECT ?, ?, row_number, split_part(problem, '|', 1), "
        f"split_part(problem, '|', 2), {raw} FROM finance_checked WHERE problem IS NOT NULL",
        [batch_id, file_path],
    )
    counts = workspace.rows(
        "SELECT replace(problem, '|', ': '), count(*) FROM finance_checked GROUP BY ALL"
    )
    for reason, n in counts:
        report.rows_read += int(n)
        if reason is None:
            report.loaded += int(n)
        else:
            report.quarantined += int(n)
            report.reasons[str(reason)] += int(n)
    report.records = report.loaded
    if len(report.examples) < 6:
        found = workspace.rows(
            f"SELECT row_number, split_part(problem, '|', 1), split_part(problem, '|', 2), {raw} "
            "FROM finance_checked WHERE problem IS NOT NULL ORDER BY row_number LIMIT 6"
        )
        report.examples.extend(RowProblem(int(r[0]), r[1], r[2], r[3]) for r in found)
    workspace.db.execute("DROP TABLE IF EXISTS finance_checked")


def _not_money(
    workspace: Workspace,
    batch_id: int,
    file_path: str,
    report: IngestReport,
    raw: str,
    schema: str,
    id_column: str,
) -> None:
    """Records (loaded through a mapping) that could not become accounts or transactions: each a value
    issue of its record naming the field and why (the record itself loaded), never dropped silently."""
    _value_issues(
        workspace,
        report,
        f"SELECT ? AS batch_id, ? AS file_path, row_number, r_source AS source, ? AS schema, "
        f"coalesce({id_column}, '') AS record_id, split_part(problem, '|', 1) AS field, "
        "'money' AS property, coalesce(" + raw + ", '') AS raw, "
        "'not in the money tables: ' || split_part(problem, '|', 2) AS reason "
        "FROM finance_checked WHERE problem IS NOT NULL",
        [batch_id, file_path, schema],
    )
    for (n,) in workspace.rows("SELECT count(*) FROM finance_checked WHERE problem IS NULL"):
        report.money_rows += int(n)
    workspace.db.execute("DROP TABLE IF EXISTS finance_checked")


# Amounts: "1234.56", "1234,56", "1.234,56", "1,234.56"; the last separator is the decimal one.
_AMOUNT = """
CASE
    WHEN regexp_full_match(a, '-?[0-9]{1,3}(\\.[0-9]{3})+(,[0-9]+)?') THEN replace(replace(a, '.', ''), ',', '.')
    WHEN regexp_full_match(a, '-?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?') THEN replace(a, ',', '')
    ELSE replace(a, ',', '.')
END
"""

_TXN_PARSE = f"""
CREATE TEMP VIEW finance_parsed AS
WITH s AS (SELECT *, trim(amount) AS a FROM {_STAGE})
SELECT s.*,
    trim(txn_id) AS t_id,
    coalesce(try_cast(trim("timestamp") AS TIMESTAMP),
             try_cast(try_cast(trim("timestamp") AS TIMESTAMPTZ) AS TIMESTAMP)) AS t_ts,
    try_cast({_AMOUNT} AS DECIMAL(18, 2)) AS t_amount,
    upper(trim(currency)) AS t_currency,
    nullif(trim(from_account), '') AS t_from,
    nullif(trim(to_account), '') AS t_to
FROM s
"""

_TXN_CHECKS = """
CREATE TEMP TABLE finance_checked AS
SELECT p.*, CASE
    WHEN p.t_id IS NULL OR p.t_id = '' THEN 'txn_id|txn_id is empty'
    WHEN dup.first_row < p.row_number THEN 'txn_id|duplicate txn_id in the file'
    WHEN stored.txn_id IS NOT NULL THEN 'txn_id|txn_id already loaded for this agency'
    WHEN t_ts IS NULL THEN 'timestamp|not an ISO 8601 date or time'
    WHEN t_ts < ? OR t_ts > ? THEN 'timestamp|out of range'
    WHEN t_amount IS NULL THEN 'amount|not a number'
    WHEN t_amount < 0 THEN 'amount|negative'
    WHEN t_currency NOT IN (SELECT code FROM finance_currencies) THEN 'currency|not an ISO 4217 code'
    WHEN t_from IS NULL AND t_to IS NULL THEN 'from_account|neither side has an account'
    WHEN t_from IS NOT NULL AND fa.account_id IS NULL THEN 'from_account|unknown account'
    WHEN t_to IS NOT NULL AND ta.account_id IS NULL THEN 'to_account|unknown account'
    END AS problem
FROM finance_parsed p
LEFT JOIN (SELECT t_id, min(row_number) AS first_row FROM finance_parsed
           GROUP BY t_id HAVING count(*) > 1) dup ON dup.t_id = p.t_id
LEFT JOIN (SELECT DISTINCT account_id FROM finance_accounts) fa ON fa.account_id = p.t_from
LEFT JOIN (SELECT DISTINCT account_id FROM finance_accounts) ta ON ta.account_id = p.t_to
LEFT JOIN (SELECT txn_id FROM finance_transactions WHERE source = ?) stored ON stored.txn_id = p.t_id
"""


@cache
def _currencies() -> tuple[str, ...]:
    """ISO 4217 codes, less those that are no money (XXX: no currency, XTS: testing)."""
    return tuple(sorted(c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in NO_MONEY))


def _load_transactions(
    workspace: Workspace,
    batch_id: int,
    agency: str,
    file_path: str,
    report: IngestReport,
    raw: str,
    *,
    from_records: bool = False,
) -> None:
    db = workspace.db
    db.execute("DROP VIEW IF EXISTS finance_parsed")
    for name in ("finance_checked", "finance_currencies"):
        db.execute(f"DROP TABLE IF EXISTS {name}")
    db.execute("CREATE TEMP TABLE finance_currencies (code VARCHAR)")
    db.executemany("INSERT INTO finance_currencies VALUES (?)", [[c] for c in _currencies()])
    db.execute(_TXN_PARSE)
    latest = dt.datetime.now() + dt.timedelta(days=1)
    workspace.rows(_TXN_CHECKS, [EARLIEST, latest, agency])
    db.execute("DROP VIEW finance_parsed")
    db.execute(f"DROP TABLE {_STAGE}")  # finance_checked holds every column now
    ensure_rates(workspace)
    lookup = RATE_LOOKUP.format(
        src="(SELECT *, t_currency AS cur, t_ts AS at FROM finance_checked WHERE problem IS NULL)"
    )
    workspace.rows(
        "INSERT INTO finance_transactions BY NAME SELECT ? AS batch_id, row_number, ? AS source, "
        "t_id AS txn_id, t_ts AS ts, t_from AS from_account, t_to AS to_account, t_amount AS amount, "
        "t_currency AS currency, lower(nullif(trim(channel), '')) AS channel, "
        "upper(nullif(trim(from_country), '')) AS from_country, "
        "upper(nullif(trim(to_country), '')) AS to_country, nullif(trim(reference), '') AS reference, "
        "CAST(t_amount AS DOUBLE) / rate_per_eur AS amount_eur, rate_per_eur AS per_eur, "
        f"rate_from AS rate_month FROM ({lookup})",
        [batch_id, agency],
    )
    _value_issues(
        workspace,
        report,
        "SELECT ? AS batch_id, ? AS file_path, row_number, source, 'Payment' AS schema, "
        "txn_id AS record_id, 'currency' AS field, 'amount_eur' AS property, currency AS raw, "
        "'no reference rate for ' || currency || ' (load one: crossroute money rates)' AS reason "
        "FROM finance_transactions WHERE batch_id = ? AND amount_eur IS NULL",
        [batch_id, file_path, batch_id],
    )
    if from_records:
        _not_money(workspace, batch_id, file_path, report, raw, "Payment", "t_id")
    else:
        _finish(workspace, batch_id, file_path, report, raw)
    db.execute("DROP TABLE IF EXISTS finance_currencies")
