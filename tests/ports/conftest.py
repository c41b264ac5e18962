"""A small labelled customs file (the published header) with a planted signal, made once per module."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

HEADER = [
    "Declaration ID",
    "Date",
    "Office ID",
    "Process Type",
    "Import Type",
    "Import Use",
    "Payment Type",
    "Mode of Transport",
    "Declarant ID",
    "Importer ID",
    "Seller ID",
    "Courier ID",
    "HS6 Code",
    "Country of Departure",
    "Country of Origin",
    "Tax Rate",
    "Tax Type",
    "Country of Origin Indicator",
    "Net Mass",
    "Item Price",
    "Fraud",
    "Critical Fraud",
]


def customs_rows(count: int, seed: int, start_day: int) -> list[list[str]]:
    """Importers starting with 'BAD' cheat; HS 930100 from XX is critical when it cheats."""
    rng = np.random.default_rng(seed)
    rows = []
    for number in range(count):
        day = start_day + number * 60 // count
        importer = f"{'BAD' if rng.random() < 0.2 else 'IMP'}{rng.integers(0, 15)}"
        hs6 = "930100" if rng.random() < 0.1 else f"{rng.integers(10, 90)}0110"
        origin = "XX" if hs6 == "930100" else str(rng.choice(["CN", "DE", "US"]))
        fraud = int((importer.startswith("BAD") and rng.random() < 0.9) or rng.random() < 0.03)
        critical = 2 if fraud and hs6 == "930100" else fraud
        mass = float(rng.integers(10, 1000))
        rows.append([
            f"D{seed}-{number}", f"2020-{1 + day // 28:02d}-{1 + day % 28:02d}", str(rng.integers(1, 4)),
            "B", "11", "21", "11", "10", f"DEC{rng.integers(0, 8)}", importer, f"S{rng.integers(0, 20)}",
            "", hs6, origin, origin, "8.0", "A", "E", str(mass), str(mass * (2 if fraud else 10)),
            str(fraud), str(critical),
        ])  # fmt: skip
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def customs_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(train: days 0-59, later: days 60-119), both with labels."""
    folder = tmp_path_factory.mktemp("customs")
    train = write_csv(folder / "train.csv", HEADER, customs_rows(900, 1, 0))
    later = write_csv(folder / "later.csv", HEADER, customs_rows(400, 2, 60))
    return train, later
