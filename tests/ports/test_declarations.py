from pathlib import Path

import pytest

from crossroute.analysis.ports.declarations import DeclarationError, read_declarations
from tests.ports.conftest import write_csv

CANONICAL = [
    "declaration_id", "date", "office", "importer", "seller", "hs6", "origin", "departure",
    "net_mass", "item_price", "container", "imo", "transshipment", "inspection_outcome", "fraud",
]  # fmt: skip


def test_canonical_file_with_bad_rows_quarantined(tmp_path: Path) -> None:
    rows = [
        ["A1", "2021-02-01", "BEANR", "IMP1", "S1", "930100", "CO", "PA", "100", "5000",
         "CSQU3054383", "9321483", "PABLB;ESALG", "seized", "1"],
        ["A2", "2021-02-01", "BEANR", "IMP2", "S1", "930100", "CO", "PA", "100", "5000",
         "CSQU3054384", "", "", "", "0"],
        ["A3", "2021-02-30", "BEANR", "IMP3", "S1", "930100", "CO", "PA", "100", "5000", "", "", "",
         "", "0"],
        ["A4", "2021-02-03", "BEANR", "IMP3", "S1", "930100", "CO", "PA", "ten", "5000", "", "", "",
         "", "0"],
    ]  # fmt: skip
    read = read_declarations(write_csv(tmp_path / "canonical.csv", CANONICAL, rows))
    assert read.rows["declaration_id"].tolist() == ["A1"]
    assert read.rows.loc[0, "transshipment"] == "PABLB;ESALG"
    reasons = dict(zip(read.quarantine["row"], read.quarantine["reason"], strict=True))
    assert "check digit" in reasons[3]
    assert reasons[4].startswith("date:")
    assert reasons[5] == "net_mass: not a number"
    assert set(read.quarantine["file"]) == {str(tmp_path / "canonical.csv")}


def test_customs_header_read_as_it_is(customs_files: tuple[Path, Path]) -> None:
    read = read_declarations(customs_files[0])
    assert len(read.rows) == 900 and read.quarantine.empty and read.labelled
    assert set(read.rows["critical_fraud"].unique()) <= {0, 1, 2}


def test_unknown_header_refused(tmp_path: Path) -> None:
    with pytest.raises(DeclarationError, match="header lacks"):
        read_declarations(write_csv(tmp_path / "x.csv", ["id", "when"], [["1", "2020-01-01"]]))


def test_rows_with_too_few_or_too_many_cells_quarantined_with_their_number(tmp_path: Path) -> None:
    good = ["A1", "2021-02-01", "BEANR", " IMP1 ", "S1", "930100", "CO", "PA", "100", "5000", "", "",
            "", "", "0"]  # fmt: skip
    rows = [good, ["A2", "2021-02-01", "BEANR"], [*good[:-1], "1", "extra"], ["A4", *good[1:]]]
    read = read_declarations(write_csv(tmp_path / "misshapen.csv", CANONICAL, rows))
    assert read.rows["declaration_id"].tolist() == ["A1", "A4"]
    assert read.rows["importer"].tolist() == ["IMP1", "IMP1"], "cells are stripped"
    assert read.quarantine[["row", "declaration_id"]].values.tolist() == [[3, "A2"], [4, "A1"]]
    assert read.quarantine["reason"].tolist() == [
        "row: 3 cells, the header has 15",
        "row: 16 cells, the header has 15",
    ]
