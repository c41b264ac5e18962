"""Load files into a workspace: one file, one transaction, one batch; idempotent per file content."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossroute.ingest.block import BlockContext, BlockResult, Duplicates, settle, transform
from crossroute.ingest.canonical import is_person_header, person_mapping, records_mapping
from crossroute.ingest.cleaning import CellRules, Outcomes, Submit, inline, outcomes_of
from crossroute.ingest.duplicates import RepeatsInFile, StoredRecords
from crossroute.ingest.errors import FileRejected
from crossroute.ingest.manifest import read_manifest
from crossroute.ingest.mapping import MappingSpec, missing_columns
from crossroute.ingest.objects import group_by_schema, read_json_objects
from crossroute.ingest.tables import (
    ReadAgain,
    RowProblem,
    Table,
    is_blank,
    open_csv,
    open_json_rows,
    open_xlsx,
)
from crossroute.ingest.writer import kept_issues, write_block, write_problems
from crossroute.model.agencies import agency as find_agency
from crossroute.model.schema import get_schema, schema_for_ftm
from crossroute.model.values.errors import InvalidValue
from crossroute.store import Workspace

BLOCK_ROWS = 100_000
VALUE_ISSUE_EXAMPLES = 10  # kept in a file's report (all are in the value_issues table)
HELPER_PROCESS_BYTES = 16 << 20
_VALUES = re.compile(r"'[^']*'")
_BRACKETED = re.compile(r"\s*\([^)]*\)")
Progress = Callable[[int, int], None]


@dataclass
class IngestReport:
    """What happened to one file."""

    path: str
    format: str = ""
    batch_id: int | None = None
    rows_read: int = 0
    loaded: int = 0
    quarantined: int = 0
    records: int = 0
    already_loaded_as: int | None = None
    warnings: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    examples: list[RowProblem] = field(default_factory=list)
    # values of loaded rows kept as written because they could not be cleaned (the value_issues table)
    value_issues: int = 0
    value_issue_reasons: Counter[str] = field(default_factory=Counter)
    value_issue_examples: list[ValueIssueExample] = field(default_factory=list)
    # accounts and payments of an agency's own layout also loaded into the money tables
    money_rows: int = 0


@dataclass(frozen=True, slots=True)
class ValueIssueExample:
    """One value not understood: where (row, column, property), as written, and why."""

    row_number: int
    field: str
    property: str
    raw: str
    reason: str


@dataclass
class Plan:
    """How to read one file: the tables in it, each with its mapping; problems found before any row."""

    format: str
    parts: list[tuple[Table, MappingSpec]]
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def ingest_file(
    workspace: Workspace,
    path: Path,
    *,
    agency: str | None = None,
    mapping: MappingSpec | None = None,
    flags: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
    phone_region: str | None = None,
    owner: str | None = None,
) -> IngestReport:
    """Load one file in one transaction. Raises FileRejected when the file cannot be read at all.
    `phone_region`: the country (alpha-2) of national phone numbers where neither the row's agency nor
    the record's own country says. `owner`: the only agency the file may hold records of (an upload:
    the uploader's); rows naming another source are quarantined."""
    data = _read(path)
    file_hash = hashlib.sha256(data).hexdigest()
    mapping_hash = mapping.sha256 if mapping else None
    earlier = workspace.scalar(
        "SELECT batch_id FROM ingest_batches WHERE file_sha256 = ? AND mapping_sha256 IS NOT DISTINCT FROM ? "
        "AND agency IS NOT DISTINCT FROM ? ORDER BY batch_id LIMIT 1",
        [file_hash, mapping_hash, agency],
    )
    if earlier is not None:
        return IngestReport(str(path), already_loaded_as=int(earlier))
    plan = plan_file(path, data, mapping)
    size = len(data)
    del data
    defaults = _defaults(agency, mapping, flags)
    region = _region(agency, mapping)

    def load() -> IngestReport:
        report = IngestReport(str(path), format=plan.format, warnings=plan.warnings)
        started = dt.datetime.now()
        with (
            _phone_cleaner(size) as submit_phones,
            workspace.transaction(),
            _writing_settings(workspace),
        ):
            batch_id = int(workspace.scalar("SELECT nextval('batch_ids')"))
            report.batch_id = batch_id
            _record_problems(workspace, report, plan.problems, batch_id)
            done_before = 0
            stored = StoredRecords(workspace, batch_id)
            seen = RepeatsInFile()
            for table, table_mapping in plan.parts:
                ctx = BlockContext(
                    table_mapping, table.header, region, defaults, submit_phones, seen, phone_region
                )
                ctx.owner = owner
                on_bytes = _progress_from(progress, done_before, plan, table)
                _load_table(workspace, table, ctx, stored, report, on_bytes)
                done_before += table.size
            _money_from_records(workspace, batch_id, str(path), report)
            workspace.rows(
                "INSERT INTO ingest_batches VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp(), ?, ?)",
                [
                    batch_id,
                    str(path),
                    file_hash,
                    mapping_hash,
                    agency,
                    plan.format,
                    report.rows_read,
                    report.loaded,
                    report.quarantined,
                    started,
                    keep_file(workspace, path, file_hash),
                    json.dumps(_reader_options(plan, mapping)),
                ],
            )
        return report

    try:
        return load()
    except ReadAgain:  # rolled back; read the file row by row this time
        for table, _ in plan.parts:
            table.careful = True
        return load()


def _money_from_records(
    workspace: Workspace, batch_id: int, file_path: str, report: IngestReport
) -> None:
    """The batch's BankAccount and Payment records (an agency's own layout through its mapping) also
    go to the money tables (ingest/finance_records.py)."""
    from crossroute.ingest.finance_records import money_from_records

    money_from_records(workspace, batch_id, file_path, report)


@contextmanager
def _phone_cleaner(file_size: int) -> Iterator[Submit]:
    """Where the phone numbers Arrow cannot clean are cleaned: for big files, a helper process (on the
    second core, while this one cleans the other columns and a thread writes), started when a block
    first has many such numbers; for small files and few numbers, here."""
    if file_size < HELPER_PROCESS_BYTES:
        yield inline
        return
    pool: ProcessPoolExecutor | None = None

    def submit(values: list[str], rules: CellRules) -> Outcomes:
        nonlocal pool
        if len(values) < 5_000:
            return inline(values, rules)
        if pool is None:
            pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
        return pool.submit(outcomes_of, values, rules)

    try:
        yield submit
    finally:
        if pool is not None:
            pool.shutdown()


# DuckDB while blocks are written: one thread (this thread cleans the next block meanwhile, so a second
# DuckDB thread would only compete with it and costs more CPU than it saves), and each full row group
# compressed and written as soon as it is full (the default buffers five, leaving a big last batch
# for the commit, when nothing else runs).
_WRITING = {"threads": 1, "write_buffer_row_group_count": 1}


@contextmanager
def _writing_settings(workspace: Workspace) -> Iterator[None]:
    before = {name: workspace.scalar("SELECT current_setting(?)", [name]) for name in _WRITING}
    for name, value in _WRITING.items():
        workspace.db.execute(f"SET {name} = {int(value)}")
    try:
        yield
    finally:
        for name, value in before.items():
            workspace.db.execute(f"SET {name} = {int(value)}")


def _load_table(
    workspace: Workspace,
    table: Table,
    ctx: BlockContext,
    stored: Duplicates,
    report: IngestReport,
    on_bytes: Callable[[int], None] | None,
) -> None:
    """Clean each block in this thread while the previous block is written in another: DuckDB works
    without the GIL, so reading and cleaning overlap with writing on a second core."""

    def write(result: BlockResult) -> None:
        settle(result, stored)
        report.records += write_block(workspace, result, report.batch_id or 0, report.path)
        report.rows_read += result.block.rows_read
        report.loaded += result.loaded_rows
        _count_problems(report, result.problems)
        _count_issues(report, result)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="crossroute-writer") as writer:
        pending: Future[None] | None = None
        for block in table.blocks(BLOCK_ROWS, on_bytes):
            result = transform(block, ctx)
            if pending is not None:
                pending.result()
            pending = writer.submit(write, result)
        if pending is not None:
            pending.result()


def _reader_options(plan: Plan, mapping: MappingSpec | None) -> dict[str, Any]:
    """How the file was read, so that its rows can be read again as supplied."""
    options: dict[str, Any] = dict(mapping.read) if mapping else {}
    if plan.parts:
        table = plan.parts[0][0]
        options.update({"encoding": table.encoding, "delimiter": table.delimiter})
    return {k: v for k, v in options.items() if v is not None}


def keep_file(workspace: Workspace, path: Path, file_hash: str) -> str:
    """Keep the file as supplied, byte for byte, under files/ (named by its SHA-256); the relative path."""
    folder = workspace.path / "files"
    folder.mkdir(exist_ok=True)
    name = f"{file_hash}{''.join(path.suffixes[-2:])}"
    if not (folder / name).exists():
        shutil.copyfile(path, folder / f"{name}.part")
        (folder / f"{name}.part").replace(folder / name)
    return f"files/{name}"


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileRejected(str(path), f"cannot read the file: {error.strerror}") from error
    if is_blank(data):
        raise FileRejected(str(path), "the file is empty")
    return data


def plan_file(path: Path, data: bytes, mapping: MappingSpec | None) -> Plan:
    """Detect the file's format and pair each of its tables with a mapping (given or canonical)."""
    read = dict(mapping.read) if mapping else {}
    kind = read.get("format") or _sniff_format(data)
    if kind == "xlsx":
        return _tabular(open_xlsx(path, read.get("sheet")), mapping, "xlsx")
    if kind in {"json", "jsonl"}:
        return _plan_json(path, data, mapping, read.get("path"))
    if kind != "csv":
        raise FileRejected(str(path), f"unknown format {kind!r} (csv, xlsx, json, jsonl)")
    table = open_csv(path, read.get("encoding"), read.get("delimiter"), data)
    return _tabular(table, mapping, "csv")


def _sniff_format(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if head[:1] in {b"[", b"{"} else "csv"


def _tabular(table: Table, mapping: MappingSpec | None, kind: str) -> Plan:
    warnings = []
    if mapping is None:
        if not is_person_header(table.header):
            raise FileRejected(
                str(table.path),
                f"this layout needs a mapping: {NEEDS_MAPPING}; its header is not the canonical "
                "person header (record_id,source,full_name,given_name,family_name,...; see "
                "docs/formats.md)",
            )
        mapping, unknown = person_mapping(table.header)
        if unknown:
            warnings.append(
                f"unknown columns kept in the original row but not loaded: {', '.join(unknown)}"
            )
    missing = missing_columns(mapping, table.header)
    if missing:
        raise FileRejected(
            str(table.path), f"the mapping names columns the file lacks: {', '.join(missing)}"
        )
    return Plan(kind, [(table, mapping)], warnings=warnings)


def _plan_json(path: Path, data: bytes, mapping: MappingSpec | None, list_path: str | None) -> Plan:
    found = read_json_objects(path, data, list_path)
    if mapping is not None or found.kind == "rows":
        if mapping is None:
            raise FileRejected(
                str(path),
                f"these JSON objects are not canonical records and need a mapping: {NEEDS_MAPPING}",
            )
        plan = _tabular(open_json_rows(path, found.objects), mapping, "json")
        plan.problems = found.problems
        return plan
    plan = Plan(found.kind, [], list(found.problems))
    id_column = "record_id" if found.kind == "records" else "id"
    for schema_name, rows in group_by_schema(found.objects):
        schema = _schema(schema_name, found.kind)
        if schema is None:
            plan.problems += [
                RowProblem(n, "schema", f"unknown schema {schema_name!r}", str(r)) for n, r in rows
            ]
            continue
        table = open_json_rows(path, rows)
        part_mapping, unknown = records_mapping(schema, table.header, id_column)
        table.size = table.size * len(rows) // max(len(found.objects), 1)
        plan.parts.append((table, part_mapping))
        if unknown:
            plan.warnings.append(f"{schema.name}: unknown fields not loaded: {', '.join(unknown)}")
    return plan


NEEDS_MAPPING = (
    "load it from the command line with `crossroute ingest WS FILE --mapping MAP.yaml` (the web page "
    "takes the canonical formats only)"
)
"""How to load a file in an agency's own layout, said the same way to every face."""


def _schema(name: str, kind: str) -> Any:
    if kind == "ftm":
        return schema_for_ftm(name)
    try:
        return get_schema(name)
    except KeyError:
        return None


def _defaults(
    agency: str | None, mapping: MappingSpec | None, flags: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    layers: list[dict[str, Any]] = [dict(flags or {}), {"source": agency}]
    if mapping is not None:
        layers.append({**mapping.defaults, "source": mapping.agency, "dataset": mapping.dataset})
    return layers


def _region(agency: str | None, mapping: MappingSpec | None) -> str | None:
    if mapping is not None and mapping.region:
        return mapping.region
    code = agency or (mapping.agency if mapping else None)
    if not code:
        return None
    try:
        return find_agency(code).country
    except InvalidValue:
        return None


def _record_problems(
    workspace: Workspace, report: IngestReport, problems: list[RowProblem], batch_id: int
) -> None:
    if problems:
        write_problems(workspace, problems, batch_id, report.path)
        report.rows_read += len(problems)
        _count_problems(report, problems)


def _count_problems(report: IngestReport, problems: list[RowProblem]) -> None:
    report.quarantined += len(problems)
    for problem in problems:
        report.reasons[_reason_kind(problem.reason)] += 1
        if len(report.examples) < 10:
            report.examples.append(problem)


def _count_issues(report: IngestReport, result: BlockResult) -> None:
    for entity in result.entities:
        for issue in kept_issues(entity):
            number = result.row_numbers[issue.row]
            count_value_issue(
                report, ValueIssueExample(number, issue.field, issue.prop, issue.raw, issue.reason)
            )


def count_value_issue(report: IngestReport, issue: ValueIssueExample, alike: int = 1) -> None:
    """A value kept as written (and `alike` - 1 more with the same property and reason) in a file's
    report: counted by property and kind of reason, the first few kept as examples. Every loader
    (records, money) counts its value issues here."""
    report.value_issues += alike
    report.value_issue_reasons[f"{issue.property}: {issue_kind(issue.reason)}"] += alike
    if len(report.value_issue_examples) < VALUE_ISSUE_EXAMPLES:
        report.value_issue_examples.append(issue)


def issue_kind(reason: str) -> str:
    """A value issue's reason without the value itself, for counting ("phone number …: too short for GB")."""
    return _BRACKETED.sub("", _VALUES.sub("…", reason)).split(", ")[0].strip()[:90]


def _reason_kind(reason: str) -> str:
    """A reason without the row's own values, for counting (e.g. "duplicate record id … (earlier in this file)")."""
    return _VALUES.sub("…", reason.split(";")[0]).strip()[:90]


def _progress_from(
    progress: Progress | None, before: int, plan: Plan, table: Table
) -> Callable[[int], None] | None:
    if progress is None:
        return None
    total = sum(t.size for t, _ in plan.parts)
    return lambda done: progress(before + done, total)


def iter_manifest(folder: Path) -> Iterator[tuple[Path, str | None, Path | None]]:
    """(file, agency, mapping) for each entry of FOLDER/manifest.yaml, in order (paths inside FOLDER;
    MappingError for a manifest that is not valid)."""
    for entry in read_manifest(folder):
        yield entry.path, entry.agency, entry.mapping
