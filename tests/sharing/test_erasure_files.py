"""Erasure reaches the file kept as supplied (WS/files/): the erased person's row is emptied in every
format, the other rows are still read back as supplied, and the tombstone names the file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from crossroute.ingest.loader import ingest_file
from crossroute.ingest.mapping import load_mapping
from crossroute.ingest.originals import original_row
from crossroute.ingest.tables import open_xlsx
from crossroute.sharing import AccessDenied, audit, erasure
from crossroute.sharing.users import Role, get_user
from crossroute.store import Workspace
from tests.sharing.conftest import users

MAPPING = (
    "agency: DE-BKA\n{read}defaults: {{grading: C3}}\nentities:\n  - schema: Person\n    id: ID\n"
    "    properties:\n      name: NAME\n      phone: PHONE\n"
)
PEOPLE = [
    {"ID": "P1", "NAME": "Hüseyin Yilmaz", "PHONE": "0151 23456789", "NOTE": "seen twice\nat Calais"},
    {"ID": "P2", "NAME": "Karwan Ahmed", "PHONE": "0151 99999999", "NOTE": "erase me"},
    {"ID": "P3", "NAME": "Réza Hosseini", "PHONE": "", "NOTE": ""},
]  # fmt: skip
COLUMNS = list(PEOPLE[0])


def _csv(folder: Path) -> tuple[Path, str]:
    """Windows-1252, semicolons, CRLF, and a cell spanning two lines before the erased row."""
    lines = [";".join(COLUMNS)]
    for p in PEOPLE:
        note = f'"{p["NOTE"]}"' if "\n" in p["NOTE"] else p["NOTE"]
        lines.append(";".join([p["ID"], p["NAME"], p["PHONE"], note]))
    path = folder / "personen.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")
    return path, ""


def _xlsx(folder: Path) -> tuple[Path, str]:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(COLUMNS)
    for p in PEOPLE:
        sheet.append([p[c] or None for c in COLUMNS])
    path = folder / "personen.xlsx"
    book.save(path)
    return path, ""


def _json(folder: Path) -> tuple[Path, str]:
    path = folder / "export.json"
    path.write_text(json.dumps({"export": {"people": PEOPLE}}, ensure_ascii=False), "utf-8")
    return path, "read: {path: export.people}\n"


def _jsonl(folder: Path) -> tuple[Path, str]:
    path = folder / "people.jsonl"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in PEOPLE) + "\n", "utf-8")
    return path, ""


def _text(path: Path) -> str:
    """Every cell of the kept file as text (an XLSX is zipped: read its cells)."""
    if path.suffix == ".xlsx":
        table = open_xlsx(path)
        return repr([row for block in table.blocks(100) for row in block.rows])
    return path.read_bytes().decode("cp1252" if path.suffix == ".csv" else "utf-8")


@pytest.mark.parametrize(
    "write", [_csv, _xlsx, _json, _jsonl], ids=["csv", "xlsx", "json", "jsonl"]
)
def test_erasure_empties_the_row_in_the_kept_file_and_keeps_the_others(
    ws: Workspace, tmp_path: Path, write: Callable[[Path], tuple[Path, str]]
) -> None:
    path, read = write(tmp_path)
    mapping = tmp_path / "de.yaml"
    mapping.write_text(MAPPING.format(read=read), encoding="utf-8")
    report = ingest_file(ws, path, mapping=load_mapping(mapping))
    assert report.quarantined == 0 and report.loaded == 3, report
    users(ws, ("dora", "UK-NCA", Role.DPO))
    (stored,) = ws.rows("SELECT stored_as FROM ingest_batches")[0]
    kept = ws.path / stored
    before = {r: original_row(ws, "DE-BKA", r, "Person") for r in ("P1", "P2", "P3")}
    assert before["P2"] is not None and before["P2"]["NAME"] == "Karwan Ahmed"
    assert "Karwan Ahmed" in _text(kept)

    removed = erasure.erase(ws, get_user(ws, "dora"), "DE-BKA", "P2", "LED Art. 16: unlawful")

    assert "Karwan" not in _text(kept) and "99999999" not in _text(kept)
    for other in ("P1", "P3"):  # still read back as supplied, from the same row numbers
        assert original_row(ws, "DE-BKA", other, "Person") == before[other]
    assert original_row(ws, "DE-BKA", "P2", "Person") is None
    (key,) = [k for k in removed if k.startswith("kept file")]
    assert key.startswith(f"kept file {stored} row ")
    assert key in json.loads(str(ws.scalar("SELECT rows_removed FROM sharing.tombstones")))
    assert sorted(p.name for p in kept.parent.iterdir()) == [kept.name]  # no draft left behind
    assert audit.entries(ws)[-1].action == "erasure"


def test_a_refused_erasure_leaves_the_kept_file_as_it_was(ws: Workspace, tmp_path: Path) -> None:
    path, _ = _csv(tmp_path)
    mapping = tmp_path / "de.yaml"
    mapping.write_text(MAPPING.format(read=""), encoding="utf-8")
    ingest_file(ws, path, mapping=load_mapping(mapping))
    users(ws, ("sup", "UK-NCA", Role.SUPERVISOR))
    kept = ws.path / str(ws.scalar("SELECT stored_as FROM ingest_batches"))
    with pytest.raises(AccessDenied):
        erasure.erase(ws, get_user(ws, "sup"), "DE-BKA", "P2", "not a DPO")
    assert kept.read_bytes() == path.read_bytes()
