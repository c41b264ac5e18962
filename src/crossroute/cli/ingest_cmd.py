"""`crossroute ingest`: load agency files, with a progress bar and a one-screen summary."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from crossroute.analysis.comms.corpus import is_corpus
from crossroute.cli import comms_cmd
from crossroute.cli.console import byte_progress, console, errors
from crossroute.cli.sharing_options import loading_actor
from crossroute.cli.workspace_cmd import WorkspaceArg, open_workspace
from crossroute.ingest.errors import FileRejected
from crossroute.ingest.finance import finance_kind, ingest_finance, load_order
from crossroute.ingest.mapping import MappingError, MappingSpec, load_mapping
from crossroute.model.values.countries import clean_country, country_alpha2
from crossroute.model.values.errors import InvalidValue
from crossroute.sharing.collection import log_batch
from crossroute.store import Workspace

if TYPE_CHECKING:  # the loader (Arrow compute, pandas) is imported when a file is loaded, not for
    # every command of the CLI, which registers this one
    from crossroute.ingest.loader import IngestReport


def register(app: typer.Typer) -> None:
    app.command()(ingest)


def ingest(
    workspace: WorkspaceArg,
    files: Annotated[
        list[Path], typer.Argument(help="Files to load, or a folder with a manifest.yaml.")
    ],
    agency: Annotated[
        str | None,
        typer.Option(
            help="Supplying agency code (e.g. FR-OCRIEST) when the file has no source column."
        ),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="YAML mapping for an agency's own layout (docs/formats.md).")
    ] = None,
    handling: Annotated[
        str | None, typer.Option(help="Handling code for rows without one (H0-H3, P/C, TLP:AMBER).")
    ] = None,
    grading: Annotated[
        str | None, typer.Option(help="Grading for rows without one (B2, 1A, ADMIRALTY:C3).")
    ] = None,
    subject_category: Annotated[
        str | None, typer.Option(help="Data-subject category for rows without one.")
    ] = None,
    dataset: Annotated[
        str | None, typer.Option(help="Dataset name recorded with each row.")
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            help="Country of phone numbers in national form where neither the row's agency nor "
            "its country column says (e.g. GB for a Europol file of UK numbers); else they are "
            "kept as written, not understood."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per file instead of tables.")
    ] = False,
    user: Annotated[
        str | None,
        typer.Option(
            help="Who loads (a user of the workspace, checked as `search` checks it); logged with "
            "each file. Without it the operating-system user is logged, marked as such."
        ),
    ] = None,
) -> None:
    """Load files into the workspace. Each file loads in one transaction; rows that cannot be loaded
    (unreadable, wrong cell count, empty or repeated id, bad handling code or grading, a required value
    missing) go to quarantine with file, row, field and reason; a secondary value that cannot be cleaned
    (a mistyped phone number, an impossible date) keeps its row and is kept as written, listed as a
    value issue (`crossroute quarantine WS --value-issues`); loading the same file again changes nothing.

    Canonical files (person CSV, records JSONL, FtM entities) need no mapping; see docs/formats.md."""
    flags = {
        "handling": handling,
        "grading": grading,
        "subject_category": subject_category,
        "dataset": dataset,
    }
    phone_region = _phone_region(region)
    try:
        jobs = sorted(_jobs(files, agency, mapping), key=lambda job: load_order(job[0]))
    except (MappingError, OSError) as error:
        errors.print(f"[bold red]error:[/] {error}")
        raise typer.Exit(2) from None
    reports, rejected = [], 0
    with open_workspace(workspace) as ws:
        actor = loading_actor(ws, user)
        for path, file_agency, file_mapping in jobs:
            if file_mapping is None and is_corpus(path):  # a seized messages corpus (comms)
                rejected += not comms_cmd.load_file(
                    ws, path, file_agency, quiet=as_json, actor=actor, via="cli ingest corpus"
                )
                continue
            report = _load_one(
                ws, path, file_agency, file_mapping, flags, phone_region, quiet=as_json
            )
            if report is None:
                rejected += 1
            else:
                reports.append(report)
                if report.batch_id is not None:  # one collection entry per file loaded
                    log_batch(ws, report.batch_id, actor, path="cli ingest", file=str(path))
    if as_json:
        for report in reports:
            print(json.dumps(_as_dict(report)))
    elif reports or not jobs:
        _print_summary(reports)
    if rejected:
        raise typer.Exit(2)


def _phone_region(region: str | None) -> str | None:
    """The --region option as an alpha-2 code (it may be given as a code or a name)."""
    if region is None:
        return None
    try:
        alpha3 = clean_country(region)
        if alpha3 is None:
            raise InvalidValue(f"country {region!r} is empty")
        return country_alpha2(alpha3)
    except InvalidValue as error:
        raise typer.BadParameter(str(error), param_hint="--region") from None


def _jobs(files: list[Path], agency: str | None, mapping: Path | None) -> Any:
    from crossroute.ingest.loader import iter_manifest

    spec = load_mapping(mapping) if mapping else None
    for path in files:
        if path.is_dir():
            if not (path / "manifest.yaml").exists():
                raise MappingError(f"{path} is a folder without a manifest.yaml")
            for file, file_agency, file_mapping in iter_manifest(path):
                yield (
                    file,
                    agency or file_agency,
                    load_mapping(file_mapping) if file_mapping else spec,
                )
        else:
            yield path, agency, spec


def _load_one(
    ws: Workspace,
    path: Path,
    agency: str | None,
    mapping: MappingSpec | None,
    flags: dict[str, Any],
    phone_region: str | None,
    *,
    quiet: bool,
) -> IngestReport | None:
    from crossroute.ingest.loader import ingest_file

    with byte_progress() as progress:
        task = progress.add_task(path.name, total=None, visible=not quiet)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            if mapping is None and finance_kind(path) is not None:
                return ingest_finance(ws, path, agency=agency, flags=flags)
            return ingest_file(
                ws,
                path,
                agency=agency,
                mapping=mapping,
                flags=flags,
                progress=advance,
                phone_region=phone_region,
            )
        except FileRejected as error:
            errors.print(f"[bold red]rejected:[/] {error}")
            return None


def _print_summary(reports: list[IngestReport]) -> None:
    table = Table(title="Ingest", show_edge=False, collapse_padding=True, pad_edge=False)
    names = [Path(r.path).name for r in reports]
    # the file's whole name and unbroken numbers: a terminal 80 columns wide wraps the note alone
    table.add_column("file", no_wrap=True, min_width=max(map(len, names), default=4))
    for name in ("format", "rows", "loaded", "quarantined", "records", "value issues"):
        justify = "left" if name == "format" else "right"
        table.add_column(name, justify=justify, no_wrap=name != "value issues")  # type: ignore[arg-type]
    table.add_column("batch", justify="right", no_wrap=True)
    reasons: Counter[str] = Counter()
    issues: Counter[str] = Counter()
    for name, r in zip(names, reports, strict=True):
        note = f"={r.already_loaded_as}" if r.already_loaded_as else str(r.batch_id or "")
        table.add_row(
            name,
            r.format,
            f"{r.rows_read:,}",
            f"{r.loaded:,}",
            f"[red]{r.quarantined:,}[/]" if r.quarantined else "0",
            f"{r.records:,}",
            f"[yellow]{r.value_issues:,}[/]" if r.value_issues else "0",
            note,
        )
        reasons.update(r.reasons)
        issues.update(r.value_issue_reasons)
    console.print(table)
    for r in reports:
        if r.already_loaded_as:
            console.print(f"{Path(r.path).name}: already loaded as batch {r.already_loaded_as}")
        for warning in r.warnings:
            console.print(f"[yellow]warning[/] {Path(r.path).name}: {warning}")
    if reasons:
        console.print(
            "[bold]Quarantined, by reason:[/] "
            + "; ".join(f"{k} ({v})" for k, v in reasons.most_common(8))
        )
        examples = [(r.path, e) for r in reports for e in r.examples][:6]
        for path, e in examples:
            console.print(f"  {Path(path).name} row {e.row_number}: {e.reason}")
        console.print("See all: crossroute quarantine WS --user U --purpose P")
    if issues:
        console.print(
            "[bold]Values kept as written, not understood (the rows loaded):[/] "
            + "; ".join(f"{k} ({v})" for k, v in issues.most_common(8))
        )
        shown = [(r.path, e) for r in reports for e in r.value_issue_examples][:6]
        for path, issue in shown:
            said = (
                issue.reason
                if repr(issue.raw) in issue.reason
                else f"{issue.raw!r}: {issue.reason}"
            )
            console.print(
                f"  {Path(path).name} row {issue.row_number} {issue.field}: {said}", markup=False
            )
        console.print("See all: crossroute quarantine WS --value-issues --user U --purpose P")


def _as_dict(report: IngestReport) -> dict[str, Any]:
    return {
        "path": report.path,
        "format": report.format,
        "batch_id": report.batch_id,
        "rows_read": report.rows_read,
        "loaded": report.loaded,
        "quarantined": report.quarantined,
        "records": report.records,
        "already_loaded_as": report.already_loaded_as,
        "warnings": report.warnings,
        "reasons": dict(report.reasons),
        "value_issues": report.value_issues,
        "value_issue_reasons": dict(report.value_issue_reasons),
        "value_issue_examples": [dataclasses.asdict(e) for e in report.value_issue_examples],
    }
