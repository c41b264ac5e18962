"""Bad input: every case loads its good rows, quarantines the rest with reasons, and never crashes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crossroute.ingest import loader
from crossroute.model.person_csv import PERSON_COLUMNS
from crossroute.store import Workspace
from tests.conftest import FIXTURES, run_cli, status


def _copy_fixture(tmp_path: Path) -> Path:
    folder = tmp_path / "malformed"
    shutil.copytree(FIXTURES / "malformed", folder)
    return folder


def _quarantine(ws_path: Path) -> dict[int, tuple[str, str]]:
    with Workspace.open(ws_path) as ws:
        rows = ws.rows(
            "SELECT row_number, field, reason FROM quarantine WHERE file_path LIKE '%persons.csv'"
        )
    return {int(r[0]): (r[1], r[2]) for r in rows}


def _value_issues(ws_path: Path) -> dict[str, tuple[str, str, str]]:
    with Workspace.open(ws_path) as ws:
        rows = ws.rows("SELECT record_id, field, raw, reason FROM value_issues")
    return {str(r[0]): (r[1], r[2], r[3]) for r in rows}


def test_malformed_person_file_loads_good_rows_and_quarantines_the_rest(tmp_path: Path) -> None:
    folder = _copy_fixture(tmp_path)
    ws = tmp_path / "ws"
    run_cli("init", ws)
    done = run_cli("ingest", ws, folder / "persons.csv", check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "informant_codename" in done.stdout  # the unknown column is named
    quarantine = _quarantine(ws)
    # row-level problems quarantine the row: cell count, repeated or empty id, grading, bytes
    assert set(quarantine) == {5, 6, 7, 10, 11, 12}
    assert "cells" in quarantine[5][1] and "cells" in quarantine[6][1]
    assert "duplicate record id" in quarantine[7][1]
    assert quarantine[10][0] == "record_id"
    assert quarantine[11][0] == "grading"
    assert "UTF-8" in quarantine[12][1]
    # a value that cannot be cleaned keeps the person: the value is kept as written, with why
    issues = _value_issues(ws)
    assert set(issues) == {"P2", "P7", "P8"}
    assert issues["P2"][:2] == ("date_of_birth", "31/02/1988")
    assert "impossible date" in issues["P2"][2]
    assert issues["P7"][:2] == ("phone", "12")
    assert issues["P8"][:2] == ("nationality", "Atlantis")
    summary = status(ws)
    assert summary["records"] == 6
    assert summary["quarantined"] == 6
    assert summary["value_issues"] == 3
    assert summary["records"] + summary["quarantined"] == 12  # rows read


def test_a_value_not_understood_is_kept_as_written_and_not_used(tmp_path: Path) -> None:
    folder = _copy_fixture(tmp_path)
    ws_path = tmp_path / "ws"
    run_cli("init", ws_path)
    run_cli("ingest", ws_path, folder / "persons.csv")
    with Workspace.open(ws_path) as ws:
        phone, props = ws.rows(
            "SELECT phone, properties FROM persons JOIN records USING (source, record_id) "
            "WHERE record_id = 'P7'"
        )[0]
    assert phone is None  # not a cleaned identifier
    assert '"phone_invalid":["12"]' in props.replace(" ", "")


def test_loaded_rows_keep_cleaned_values_and_provenance(tmp_path: Path) -> None:
    folder = _copy_fixture(tmp_path)
    ws_path = tmp_path / "ws"
    run_cli("init", ws_path)
    run_cli("ingest", ws_path, folder / "persons.csv")
    with Workspace.open(ws_path) as ws:
        p1 = ws.rows(
            "SELECT full_name, phone, nationality, birth_date, sex FROM persons WHERE record_id = 'P1'"
        )[0]
        p3_default = ws.scalar("SELECT birth_date_default FROM persons WHERE record_id = 'P3'")
        p12 = ws.rows(
            "SELECT full_name, birth_date_precision, nationality FROM persons WHERE record_id='P12'"
        )[0]
        grading = ws.rows(
            "SELECT grading_scheme, grading_source, grading_info, handling_scheme, handling_code "
            "FROM records WHERE record_id = 'P1'"
        )[0]
    assert p1 == ("Gëzim Çela", "+447700900123", "ALB", "1990-04-03", "male")
    assert p3_default is True
    assert p12 == ("Hüseyin Yılmaz", "year", "TUR")
    assert grading == ("UK-3X5X2", "1", "A", "UK-3X5X2", "P")


def test_empty_file_is_rejected_with_a_clear_message(tmp_path: Path) -> None:
    folder = _copy_fixture(tmp_path)
    ws = tmp_path / "ws"
    run_cli("init", ws)
    done = run_cli("ingest", ws, folder / "empty.csv", check=False)
    assert done.returncode == 2
    assert "empty" in done.stderr and "Traceback" not in done.stderr
    assert status(ws)["records"] == 0


def test_bad_check_digits_and_dates_in_a_mapped_file(tmp_path: Path) -> None:
    folder = _copy_fixture(tmp_path)
    ws_path = tmp_path / "ws"
    run_cli("init", ws_path)
    run_cli("ingest", ws_path, folder / "containers.csv", "--mapping", folder / "containers.yaml")
    with Workspace.open(ws_path) as ws:
        quarantined = ws.scalar("SELECT count(*) FROM quarantine")
        reasons = dict(ws.rows("SELECT row_number, reason FROM value_issues"))
        loaded = ws.rows("SELECT schema, record_id FROM records ORDER BY schema, record_id")
    assert quarantined == 0  # bad check digits and impossible dates are secondary values
    assert set(reasons) == {3, 4, 5}
    assert "check digit" in reasons[3] and "check digit" in reasons[4]
    assert "impossible date" in reasons[5]  # 04/13/2025 is written as %d/%m/%Y, yet no day
    assert ("Shipment", "S1") in loaded and ("Vessel", "IMO-IMO 9074729") in loaded
    assert ("Shipment", "S4") in loaded and ("Vessel", "IMO-9074728") in loaded


def test_reingesting_the_same_file_changes_nothing(tmp_path: Path) -> None:
    folder = _copy_fixture(tmp_path)
    ws = tmp_path / "ws"
    run_cli("init", ws)
    run_cli("ingest", ws, folder / "persons.csv")
    before = status(ws)
    again = run_cli("ingest", ws, folder / "persons.csv")
    assert "already loaded" in again.stdout
    assert status(ws) == before


def test_record_ids_seen_earlier_in_the_file_or_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def person_csv(path: Path, rows: list[str]) -> Path:
        pad = "," * (len(PERSON_COLUMNS) - 3)
        lines = [",".join(PERSON_COLUMNS), *(row + pad for row in rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    first = person_csv(tmp_path / "first.csv", ["P1,NCA,Ali Hassan", "P2,NCA,Omid Karimi"])
    # in blocks of two rows: P3 repeats across blocks, P2 and P1 were stored by the first file;
    # P1 from another agency is a record of its own
    rows = [
        "P9,NCA,Sara",
        "P3,NCA,Rebin",
        "P2,NCA,Omid",
        "P3,NCA,Rebin K",
        "P1,NCA,Ali",
        "P1,BKA,Ali",
    ]
    second = person_csv(tmp_path / "second.csv", rows)
    monkeypatch.setattr(loader, "BLOCK_ROWS", 2)
    with Workspace.create(tmp_path / "ws") as ws:
        loader.ingest_file(ws, first)
        loader.ingest_file(ws, second)
        reasons = dict(
            ws.rows(
                "SELECT row_number, reason FROM quarantine WHERE file_path LIKE '%second.csv'", []
            )
        )
        loaded = ws.rows("SELECT source, record_id, caption FROM records ORDER BY all", [])
    assert reasons == {
        4: "record_id: duplicate record id 'P2' (already in the workspace)",
        5: "record_id: duplicate record id 'P3' (earlier in this file)",
        6: "record_id: duplicate record id 'P1' (already in the workspace)",
    }
    assert ("BKA", "P1", "Ali") in loaded and ("NCA", "P3", "Rebin") in loaded
    assert len(loaded) == 5


@pytest.mark.parametrize(
    ("late_row", "rows", "reason"),
    [
        # a quoted name over two lines: one record
        ('PX,NCA,"Rebin\nKarim"', 6, None),
        # a row too long, far enough into the file that DuckDB has given blocks before it
        ("PX,NCA,Rebin,,,,,,,,,,,,,extra", 200_000, "cells"),
    ],
)
def test_a_file_the_fast_reader_gives_up_on_late_is_read_again_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, late_row: str, rows: int, reason: str | None
) -> None:
    pad = "," * (len(PERSON_COLUMNS) - 3)
    lines = [f"P{i},NCA,P{i}{pad}" for i in range(rows)]
    lines[-2] = late_row + ("" if reason else pad)
    path = tmp_path / "late.csv"
    path.write_text(",".join(PERSON_COLUMNS) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    # small blocks: the fast reader gives blocks before it fails
    monkeypatch.setattr(loader, "BLOCK_ROWS", min(rows // 3, 20_000))
    with Workspace.create(tmp_path / "ws") as ws:
        report = loader.ingest_file(ws, path)
        last = ws.scalar("SELECT row_number FROM records WHERE record_id = ?", [f"P{rows - 1}"])
        quarantined = ws.rows("SELECT row_number, reason FROM quarantine", [])
        batches = ws.scalar("SELECT count(*) FROM ingest_batches")
    assert batches == 1 and report.rows_read == rows
    if reason is None:
        assert report.loaded == rows and quarantined == []
        assert last == rows + 2  # the line it starts on, after the two-line cell
    else:
        assert report.loaded == rows - 1 and [r for r, _ in quarantined] == [rows]
        assert reason in quarantined[0][1] and last == rows + 1
