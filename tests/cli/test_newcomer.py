"""What a newcomer meets: library notes in the workspace's log file, not the terminal; commands printed
so that they run as printed; tables not cut at 80 columns when the output is not a terminal."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path

import pytest

from crossroute.cli.console import NOT_A_TERMINAL_WIDTH, _width
from crossroute.cli.invocation import crossroute_command
from crossroute.cli.logs import LOG_FILE, library_logs


def test_library_logs_go_to_the_workspace_log_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = logging.getLogger().handlers[:]
    with library_logs(tmp_path) as log:
        logging.getLogger("splink.internals.em").warning("m probability not trained")
        logging.getLogger("igraph").info("Probe did not converge")
    assert log == tmp_path / LOG_FILE
    text = log.read_text(encoding="utf-8")
    assert "m probability not trained" in text and "did not converge" in text
    captured = capsys.readouterr()
    assert "probability" not in captured.err + captured.out
    assert logging.getLogger().handlers == before  # as it was


def test_a_printed_command_names_a_program_that_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    program = Path(sys.executable).parent / "crossroute"
    monkeypatch.setattr(sys, "argv", [str(program)])
    command = crossroute_command()
    assert command == "crossroute" or Path(command).resolve() == program.resolve()
    monkeypatch.setattr(sys, "argv", [str(Path("src/crossroute/__main__.py").absolute())])
    python, flag, module = crossroute_command().split()
    assert Path(python).exists() and (flag, module) == ("-m", "crossroute")


def test_output_that_is_not_a_terminal_is_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert _width(io.StringIO()) == NOT_A_TERMINAL_WIDTH
    monkeypatch.setenv("COLUMNS", "100")
    assert _width(io.StringIO()) is None  # COLUMNS decides


def test_the_ingest_table_fits_an_80_column_terminal_with_whole_file_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.console import Console

    from crossroute.cli import ingest_cmd
    from crossroute.ingest.loader import IngestReport

    names = ["persons.csv", "havenpersoneel.csv", "transacties.json", "inbeslagnames.csv"]
    reports = [
        IngestReport(f"/in/{n}", "csv", batch_id=i + 9, rows_read=1995, loaded=1995, records=3990)
        for i, n in enumerate(names)
    ] + [IngestReport("/in/persons.csv", "csv", rows_read=995, already_loaded_as=9)]
    out = io.StringIO()
    monkeypatch.setattr(ingest_cmd, "console", Console(file=out, width=80, force_terminal=False))
    ingest_cmd._print_summary(reports)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    for name in names:  # each file's row on one line, its name whole, its numbers unbroken
        row = next(line for line in lines if line.startswith(name + " "))
        assert "1,995" in row and "3,990" in row, row
    assert "persons.csv: already loaded as batch 9" in lines
