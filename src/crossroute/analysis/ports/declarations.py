"""Import declarations in: the customs CSV as published, or the canonical declaration CSV.

Both forms become one frame with the canonical column names below. Rows that cannot be used (no id, a date
that is not a date, a mass or price that is not a number, a label that is not 0/1/2, a container number that
fails ISO 6346) are kept aside with the file, row and field that failed: the quarantine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

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
    if not path.is_file():
        raise DeclarationError(f"{path}: no such file")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8-sig")
    frame = _canonical_columns(raw, path)
    frame.insert(0, "row", np.arange(2, len(frame) + 2))
    problems = _problems(frame)
    bad = problems.notna()
    quarantine = pd.DataFrame(
        {
            "file": str(path),
            "row": frame.loc[bad, "row"].to_numpy(),
            "declaration_id": frame.loc[bad, "declaration_id"].to_numpy(),
            "reason": problems[bad].to_numpy(),
        }
    )
    return Declarations(_typed(frame.loc[~bad].reset_index(drop=True)), quarantine)


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
        column = raw[name].str.strip() if name in raw.columns else pd.Series("", index=raw.index)
        frame[name] = column.fillna("")
    return frame


def _problems(frame: pd.DataFrame) -> pd.Series:
    """The first reason each row is unusable (field named), or NA."""
    reason = pd.Series(pd.NA, index=frame.index, dtype="object")

    def flag(mask: pd.Series, text: str | pd.Series) -> None:
        fresh = mask & reason.isna()
        reason[fresh] = text if isinstance(text, str) else text[fresh]

    for name in REQUIRED:
        flag(frame[name] == "", f"{name}: empty")
    dates = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
    flag(dates.isna(), "date: not a date (YYYY-MM-DD)")
    for name in NUMBERS:
        values = pd.to_numeric(frame[name].replace("", "nan"), errors="coerce")
        flag((frame[name] != "") & values.isna(), f"{name}: not a number")
        flag(values < 0, f"{name}: negative")
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


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["date"] = pd.to_datetime(out["date"], format="%Y-%m-%d")
    for name in NUMBERS:
        out[name] = pd.to_numeric(out[name].replace("", "nan"), errors="coerce")
    out["container"] = out["container"].map(clean_container)
    out["fraud"] = pd.to_numeric(out["fraud"].replace("", "nan"), errors="coerce")
    critical = pd.to_numeric(out["critical_fraud"].replace("", "nan"), errors="coerce")
    out["critical_fraud"] = critical.where(critical.notna() | out["fraud"].isna(), out["fraud"])
    return out


def read_outcomes(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Inspection outcomes: declaration id, fraud (0/1), critical fraud (0/1/2), optional outcome text.
    Either header form. Returns (good rows, quarantined rows with reasons)."""
    if not path.is_file():
        raise DeclarationError(f"{path}: no such file")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8-sig")
    raw = raw.rename(columns={**CUSTOMS_HEADER, "Inspection Outcome": "inspection_outcome"})
    if "declaration_id" not in raw.columns or "fraud" not in raw.columns:
        raise DeclarationError(f"{path}: outcomes need declaration_id and fraud columns")
    frame = pd.DataFrame({"row": np.arange(2, len(raw) + 2)}, index=raw.index)
    frame["declaration_id"] = raw["declaration_id"].str.strip()
    frame["fraud"] = raw["fraud"].str.strip()
    critical = raw["critical_fraud"] if "critical_fraud" in raw.columns else raw["fraud"]
    frame["critical_fraud"] = critical.str.strip().where(critical.str.strip() != "", frame["fraud"])
    outcome = raw["inspection_outcome"] if "inspection_outcome" in raw.columns else None
    frame["inspection_outcome"] = (
        outcome.str.strip().replace("", None) if outcome is not None else None
    )
    bad = ~frame["fraud"].isin(["0", "1"]) | ~frame["critical_fraud"].isin(["0", "1", "2"])
    bad |= frame["declaration_id"] == ""
    quarantine = pd.DataFrame(
        {
            "file": str(path),
            "row": frame.loc[bad, "row"],
            "declaration_id": frame.loc[bad, "declaration_id"],
            "reason": "fraud / critical_fraud: not 0/1 and 0/1/2, or no declaration_id",
        }
    )
    good = frame.loc[~bad].astype({"fraud": int, "critical_fraud": int})
    return good.reset_index(drop=True), quarantine.reset_index(drop=True)
