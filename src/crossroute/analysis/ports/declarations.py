"""Import declarations in: the customs CSV as published, or the canonical declaration CSV.

Both forms become one frame with the canonical column names below. Rows that cannot be used (no id, a date
that is not a date, a mass or price that is not a number, a label that is not 0/1/2, a container number that
fails ISO 6346) are kept aside with the file, row and field that failed: the quarantine.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from crossroute.analysis.ports.containers import clean_container, container_problem

CATEGORIES = (
    "office",
    "process_type",
    "import_type",
    "import_use",
    "payment_type",
    "transport_mode",
    "declarant",
    "importer",
    "seller",
    "courier",
    "hs6",
    "departure",
    "origin",
    "tax_type",
    "origin_indicator",
)
NUMBERS = ("tax_rate", "net_mass", "item_price")
OPTIONAL = ("container", "imo", "transshipment", "inspection_outcome")
LABELS = ("fraud", "critical_fraud")
CANONICAL = ("declaration_id", "date", *CATEGORIES, *NUMBERS, *OPTIONAL, *LABELS)
REQUIRED = ("declaration_id", "date", "importer", "hs6")

CUSTOMS_HEADER = {
    "Declaration ID": "declaration_id",
    "Date": "date",
    "Office ID": "office",
    "Process Type": "process_type",
    "Import Type": "import_type",
    "Import Use": "import_use",
    "Payment Type": "payment_type",
    "Mode of Transport": "transport_mode",
    "Declarant ID": "declarant",
    "Importer ID": "importer",
    "Seller ID": "seller",
    "Courier ID": "courier",
    "HS6 Code": "hs6",
    "Country of Departure": "departure",
    "Country of Origin": "origin",
    "Tax Rate": "tax_rate",
    "Tax Type": "tax_type",
    "Country of Origin Indicator": "origin_indicator",
    "Net Mass": "net_mass",
    "Item Price": "item_price",
    "Fraud": "fraud",
    "Critical Fraud": "critical_fraud",
}


class DeclarationError(Exception):
    """A declarations file that cannot be read at all (missing, no header we know)."""


@dataclass(frozen=True)
class Declarations:
    """The usable rows of one or more files and the rows set aside with their reasons."""

    rows: pd.DataFrame
    quarantine: pd.DataFrame

    @property
    def labelled(self) -> bool:
        return bool(len(self.rows)) and bool(self.rows["fraud"].notna().all())


def read_declarations(path: Path) -> Declarations:
    """Read one declarations file (either header form) into canonical columns, quarantining bad rows."""
    raw, rows, misshapen = _read_cells(path)
    frame = _canonical_columns(raw, path)
    frame.insert(0, "row", rows)
    parsed = _parsed(frame)
    problems = _problems(frame, parsed)
    bad = problems.notna()
    quarantine = pd.DataFrame(
        {
            "file": str(path),
            "row": np.concatenate([frame.loc[bad, "row"].to_numpy(), misshapen["row"].to_numpy()]),
            "declaration_id": [*frame.loc[bad, "declaration_id"], *misshapen["declaration_id"]],
            "reason": [*problems[bad], *misshapen["reason"]],
        }
    ).sort_values("row", kind="stable", ignore_index=True)
    return Declarations(_typed(frame.loc[~bad], parsed), quarantine)


def _read_cells(path: Path) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame]:
    """Every cell of the file as text, stripped (an empty cell is ""), header names stripped; each kept
    row's number in the file (header = 1); and the rows with too few or too many cells, set aside with
    their number and reason. Read with pyarrow (a million rows in about a second)."""
    if not path.is_file():
        raise DeclarationError(f"{path}: no such file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as error:
        raise DeclarationError(f"{path}: the header is not UTF-8 text ({error.reason})") from error
    if not header:
        raise DeclarationError(f"{path}: empty file (no header)")
    misshapen: list[tuple[int, str, str]] = []

    def set_aside(row: pacsv.InvalidRow) -> str:
        first = row.text.split(",", 1)[0].strip().strip('"')
        misshapen.append(
            (
                int(row.number or 0),
                first,
                f"row: {row.actual_columns} cells, the header has {row.expected_columns}",
            )
        )
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=False),
            parse_options=pacsv.ParseOptions(
                invalid_row_handler=set_aside, newlines_in_values=True
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as error:
        raise DeclarationError(f"{path}: not readable as CSV text ({error})") from error
    frame = pd.DataFrame(
        {
            str(name).strip(): pc.utf8_trim_whitespace(column).to_pandas()
            for name, column in zip(table.column_names, table.columns, strict=True)
        }
    )
    aside = pd.DataFrame(misshapen, columns=["row", "declaration_id", "reason"])
    numbers = np.arange(2, len(frame) + len(aside) + 2)
    kept = numbers[~np.isin(numbers, aside["row"].to_numpy())][: len(frame)]
    return frame, kept, aside


def read_many(paths: list[Path]) -> Declarations:
    """Several files read as one (rows in file order, then by date when modelled)."""
    parts = [read_declarations(path) for path in paths]
    rows = pd.concat([part.rows for part in parts], ignore_index=True)
    quarantine = pd.concat([part.quarantine for part in parts], ignore_index=True)
    return Declarations(rows, quarantine)


def _canonical_columns(raw: pd.DataFrame, path: Path) -> pd.DataFrame:
    header = [str(name).strip() for name in raw.columns]
    raw.columns = pd.Index(header)
    if "Declaration ID" in header:
        raw = raw.rename(columns=CUSTOMS_HEADER)
    missing = [name for name in REQUIRED if name not in raw.columns]
    if missing:
        raise DeclarationError(
            f"{path}: header lacks {', '.join(missing)} (expected the customs header or the "
            "canonical one; see docs/formats.md)"
        )
    frame = pd.DataFrame(index=raw.index)
    for name in CANONICAL:
        frame[name] = raw[name] if name in raw.columns else ""
    return frame


def _parsed(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """The date and number columns parsed once (NaT / NaN where empty or not readable)."""
    values = {"date": pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")}
    for name in (*NUMBERS, *LABELS):
        values[name] = pd.to_numeric(frame[name], errors="coerce")
    return values


def _problems(frame: pd.DataFrame, parsed: dict[str, pd.Series]) -> pd.Series:
    """The first reason each row is unusable (field named), or NA."""
    reason = pd.Series(pd.NA, index=frame.index, dtype="object")

    def flag(mask: pd.Series, text: str | pd.Series) -> None:
        fresh = mask & reason.isna()
        reason[fresh] = text if isinstance(text, str) else text[fresh]

    for name in REQUIRED:
        flag(frame[name] == "", f"{name}: empty")
    flag(parsed["date"].isna(), "date: not a date (YYYY-MM-DD)")
    for name in NUMBERS:
        flag((frame[name] != "") & parsed[name].isna(), f"{name}: not a number")
        flag(parsed[name] < 0, f"{name}: negative")
    flag(~frame["fraud"].isin(["", "0", "1"]), "fraud: not 0 or 1")
    flag(~frame["critical_fraud"].isin(["", "0", "1", "2"]), "critical_fraud: not 0, 1 or 2")
    flag((frame["critical_fraud"] != "") & (frame["fraud"] == ""), "fraud: empty but critical set")
    containers = frame["container"]
    present = containers != ""
    checked = containers[present].map(container_problem)
    flag(
        present & checked.reindex(frame.index).notna(),
        "container: " + checked.reindex(frame.index).fillna(""),
    )
    return reason


def _typed(frame: pd.DataFrame, parsed: dict[str, pd.Series]) -> pd.DataFrame:
    """The kept rows with dates, numbers and labels typed (index reset)."""
    out = frame.assign(**{name: parsed[name].loc[frame.index] for name in parsed})
    present = out["container"] != ""
    out.loc[present, "container"] = out.loc[present, "container"].map(clean_container)
    critical = out["critical_fraud"]
    out["critical_fraud"] = critical.where(critical.notna() | out["fraud"].isna(), out["fraud"])
    return out.reset_index(drop=True)


def read_outcomes(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Inspection outcomes: declaration id, fraud (0/1), critical fraud (0/1/2), optional outcome text.
    Either header form. Returns (good rows, quarantined rows with reasons)."""
    raw, rows, misshapen = _read_cells(path)
    raw = raw.rename(columns={**CUSTOMS_HEADER, "Inspection Outcome": "inspection_outcome"})
    if "declaration_id" not in raw.columns or "fraud" not in raw.columns:
        raise DeclarationError(f"{path}: outcomes need declaration_id and fraud columns")
    frame = pd.DataFrame({"row": rows}, index=raw.index)
    frame["declaration_id"] = raw["declaration_id"]
    frame["fraud"] = raw["fraud"]
    critical = raw["critical_fraud"] if "critical_fraud" in raw.columns else raw["fraud"]
    frame["critical_fraud"] = critical.where(critical != "", frame["fraud"])
    outcome = raw["inspection_outcome"] if "inspection_outcome" in raw.columns else None
    frame["inspection_outcome"] = outcome.replace("", None) if outcome is not None else None
    bad = ~frame["fraud"].isin(["0", "1"]) | ~frame["critical_fraud"].isin(["0", "1", "2"])
    bad |= frame["declaration_id"] == ""
    quarantine = pd.concat(
        [
            pd.DataFrame(
                {
                    "file": str(path),
                    "row": frame.loc[bad, "row"],
                    "declaration_id": frame.loc[bad, "declaration_id"],
                    "reason": "fraud / critical_fraud: not 0/1 and 0/1/2, or no declaration_id",
                }
            ),
            misshapen.assign(file=str(path)),
        ],
        ignore_index=True,
    )
    good = frame.loc[~bad].astype({"fraud": int, "critical_fraud": int})
    return good.reset_index(drop=True), quarantine.reset_index(drop=True)
