"""The model's comparison levels on real record pairs: which level a pair reaches decides its weight."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from splink import comparison_library as cl

from crossroute.model.record_key import RecordKey
from crossroute.resolve import linkage
from crossroute.resolve.features import add_features, with_written_phones
from crossroute.resolve.model import (
    AS_WRITTEN_BITS,
    SAME_AS_WRITTEN,
    SAME_GIVEN_THE_NAME,
    birth_date_comparison,
    given_the_name,
    name_comparison,
    phone_comparison,
    settings,
)

_RAW = (
    "name",
    "birth_date",
    "dob_default",
    "document_number",
    "address",
    "city",
    "sex",
    "nationality",
    "phone",
    "phone_written",
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


def person(
    name: str, birth_date: str | None = None, *, default: bool = False, **more: str
) -> dict[str, Any]:
    return {"name": name, "birth_date": birth_date, "dob_default": default, **more}


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


def test_the_same_phone_as_written_counts_only_where_it_is_not_a_valid_number() -> None:
    phones = phone_comparison()
    mistyped = person("Karwan Ahmed", phone_written="077009001234567")
    assert level(phones, mistyped, dict(mistyped)) == SAME_AS_WRITTEN
    # two different mistyped numbers, or a mistyped number and a valid one, say nothing either way
    other = person("Karwan Ahmed", phone_written="0770090012345")
    assert level(phones, mistyped, other) == "no phone to compare"
    valid = person("Karwan Ahmed", phone="+447700900123")
    assert level(phones, mistyped, valid) == "no phone to compare"
    assert level(phones, valid, dict(valid)) == "Exact match on phone"
    assert level(phones, valid, dict(valid, phone="+447700900124")) == "All other comparisons"


def test_the_same_phone_as_written_weighs_a_fixed_few_bits_training_leaves_alone() -> None:
    phone = next(
        comparison
        for comparison in settings().create_settings_dict("duckdb")["comparisons"]
        if comparison["output_column_name"] == "phone"
    )
    written = next(
        level
        for level in phone["comparison_levels"]
        if level["label_for_charts"] == SAME_AS_WRITTEN
    )
    assert math.log2(written["m_probability"] / written["u_probability"]) == pytest.approx(
        AS_WRITTEN_BITS
    )
    assert written["fix_m_probability"] and written["fix_u_probability"]
    assert AS_WRITTEN_BITS < 5  # weak: a valid shared phone starts at log2(0.5 / 0.001), 9 bits
    # kept as is by the m floor (the step after training that touches every level)
    floored = linkage.with_m_floor(settings().create_settings_dict("duckdb"))
    assert written in [lv for c in floored["comparisons"] for lv in c["comparison_levels"]]


def test_a_phone_as_written_is_its_digits_for_the_records_that_have_one() -> None:
    records = pa.table({"unique_id": ["UK|1", "UK|2", "FR|3"]})
    written = pa.table({"unique_id": ["FR|3"], "phone_written": ["077009001234567"]})
    assert with_written_phones(records, written).column("phone_written").to_pylist() == [
        None,
        None,
        "077009001234567",
    ]
    none = pa.table(
        {"unique_id": pa.array([], pa.string()), "phone_written": pa.array([], pa.string())}
    )
    assert with_written_phones(records, none).column("phone_written").null_count == 3


def test_nationality_says_little_for_a_name_the_workspace_shows_different_people_hold() -> None:
    nationality = given_the_name("nationality", 0.9, 0.3)
    # two Khalid Mahmouds born 15 years apart are two people: the name has namesakes
    born_1970 = person("Khalid Mahmoud", "1970-03-02", nationality="SY")
    born_1985 = person("Khalid Mahmoud", "1985-11-20", nationality="SY")
    assert level(nationality, born_1970, born_1985) == SAME_GIVEN_THE_NAME
    # a name the workspace knows no namesakes of: nationality is ordinary evidence
    rare = person("Shwan Kamaran", "1991-05-05", nationality="IQ")
    assert level(nationality, rare, dict(rare, birth_date=None)) == "Exact match on nationality"

    model = linkage.with_namesakes(
        settings().create_settings_dict("duckdb"), {"sex": 0.94, "nationality": 0.7}
    )
    weights = {
        level["label_for_charts"]: math.log2(level["m_probability"] / level["u_probability"])
        for comparison in model["comparisons"]
        if comparison["output_column_name"] == "nationality"
        for level in comparison["comparison_levels"]
        if not level.get("is_null_level")
    }
    # given the name, agreeing says m / 0.7 (0.36 bits); without it, m / u of random pairs
    assert weights[SAME_GIVEN_THE_NAME] == pytest.approx(math.log2(0.9 / 0.7))
    assert weights["Exact match on nationality"] == pytest.approx(math.log2(0.9 / 0.3))


def test_how_often_namesakes_share_sex_and_nationality_is_learnt_from_the_workspace() -> None:
    # 30 records of one name, years of birth two apart: different people. 20 Syrian, 10 Iraqi:
    # of their 435 pairs, 190 + 45 share a nationality; all are men.
    rows = [
        {
            "unique_id": f"X|{i}",
            "name": "Khalid Mahmoud",
            "birth_date": f"{1950 + 2 * i}-01-15",
            "sex": "M",
            "nationality": "SY" if i < 20 else "IQ",
        }
        for i in range(30)
    ]
    records = add_features(
        pa.table(
            {
                **{key: pa.array([r.get(key) for r in rows], pa.string()) for key in _RAW},
                "unique_id": [r["unique_id"] for r in rows],
                "dob_default": [False] * len(rows),
            }
        )
    )
    assert linkage.namesakes(records) == {"sex": 1.0, "nationality": pytest.approx(235 / 435)}
    # too few namesakes to say: the informed figures
    assert linkage.namesakes(records.slice(0, 5)) == linkage.NAMESAKES_AGREE


def test_a_value_two_records_hold_is_held_by_one_other_record() -> None:
    records = pa.table({"phone": ["+4479", "+4479", "+3361", "+3361", "+3361", "+4915", None]})
    frequencies = linkage.other_records_frequencies(records, "phone").to_pylist()
    assert sorted(frequencies, key=lambda row: str(row["phone"])) == [
        {"phone": "+3361", "tf_phone": 2 / 6},
        {"phone": "+4479", "tf_phone": 1 / 6},
        {"phone": "+4915", "tf_phone": 1 / 6},  # at least one: a level may weigh by it
    ]


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
                "unique_id": [str(RecordKey(r["source"], r["record_id"])) for r in rows],
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
