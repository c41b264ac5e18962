"""The model's comparison levels on real record pairs: which level a pair reaches decides its weight."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from splink import comparison_library as cl

from crossroute.resolve import linkage
from crossroute.resolve.features import add_features
from crossroute.resolve.model import birth_date_comparison, name_comparison

_RAW = (
    "name",
    "birth_date",
    "dob_default",
    "document_number",
    "address",
    "city",
)


_PERSON = (
    "name",
    "birth_date",
    "sex",
    "nationality",
    "document_number",
    "phone",
    "email",
    "address",
    "city",
)


def level(comparison: cl.CustomComparison, left: dict[str, Any], right: dict[str, Any]) -> str:
    """The label of the level a pair of records reaches (the first whose condition holds)."""
    rows = [{key: record.get(key) for key in _RAW} for record in (left, right)]
    types = {"dob_default": pa.bool_()}
    features = add_features(
        pa.table(
            {key: pa.array([r[key] for r in rows], types.get(key, pa.string())) for key in _RAW}
        )
    ).to_pylist()
    pair = {f"{k}_l": v for k, v in features[0].items()} | {
        f"{k}_r": v for k, v in features[1].items()
    }
    connection = duckdb.connect()
    connection.register("pair", pa.Table.from_pylist([pair]))
    for candidate in comparison.get_comparison("duckdb").comparison_levels:
        condition = candidate.sql_condition  # the model's own SQL, as Splink runs it
        if (
            condition == "ELSE"
            or connection.execute(f"SELECT coalesce(({condition}), false) FROM pair").fetchall()[0][
                0
            ]
        ):
            return str(candidate.label_for_charts)
    raise AssertionError("no level matched")


def person(name: str, birth_date: str | None = None, *, default: bool = False) -> dict[str, Any]:
    return {"name": name, "birth_date": birth_date, "dob_default": default}


def test_a_year_off_by_one_is_near_but_a_decade_apart_is_not() -> None:
    dates = birth_date_comparison()
    assert level(dates, person("A", "1990-08-09"), person("A", "1991-08-09")) == (
        "year off by one or one typo"
    )
    # same day and month, years apart: two people, not a slip
    assert level(dates, person("A", "1997-08-09"), person("A", "2022-08-09")) == (
        "All other comparisons"
    )


def test_one_shared_name_part_is_one_part_however_many_identifiers_it_has() -> None:
    # rigour gives Khalil several name identifiers; the names share that one part only
    names = name_comparison()
    assert level(names, person("Khalil Esfahani"), person("Khalil Nazari")) == "one shared part"
    assert level(names, person("Bahram Khalil Omar"), person("Khalil Omar Zand")) == (
        "two shared parts"
    )


def test_a_name_part_keyed_with_one_slip_is_near_but_a_short_part_is_another_name() -> None:
    names = name_comparison()
    assert level(names, person("Ethan Fitzpatrick"), person("Caleb Fitzpagrick")) == (
        "a part one slip apart"
    )
    assert level(names, person("Blake Ridley"), person("Blae")) == "a part one slip apart"
    # Amin and Amir are two names, not a typo of one
    assert level(names, person("Amin Tahiri"), person("Amir Karimi")) == "All other comparisons"


def test_a_big_workspace_scores_every_record_not_only_its_training_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The model learns from a sample of a big workspace; every record must still be scored, each
    # name weighed by its frequency among all records (the sample's table must not stand in).
    monkeypatch.setattr(linkage, "MAX_RECORDS_TO_TRAIN", 40)
    names = [f"Person{chr(65 + i // 26)}{chr(65 + i % 26)} Family{i}" for i in range(60)]
    rows = [
        {"source": source, "record_id": f"{source}-{i}", "name": name, "birth_date": "1990-05-17"}
        for i, name in enumerate(names)
        for source in ("UK-NCA", "FR-OCRIEST")
    ]
    features = add_features(
        pa.table(
            {
                "unique_id": [f"{r['source']}|{r['record_id']}" for r in rows],
                "source_dataset": [r["source"] for r in rows],
                **{key: [r.get(key) for r in rows] for key in ("source", "record_id")},
                **{key: pa.array([r.get(key) for r in rows], pa.string()) for key in _PERSON},
                "dob_default": [False] * len(rows),
            }
        )
    )
    scored = linkage.score_pairs(features, spill_to=tmp_path)
    pairs = {
        frozenset(p)
        for p in zip(
            scored.pairs.column("unique_id_l").to_pylist(),
            scored.pairs.column("unique_id_r").to_pylist(),
            strict=True,
        )
    }
    assert all(
        frozenset({f"UK-NCA|UK-NCA-{i}", f"FR-OCRIEST|FR-OCRIEST-{i}"}) in pairs
        for i in range(len(names))
    )
