"""Names and other fields vary across (and within) agencies the way real records of the same person do."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.simulate.sim_reader import Record

ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def by_person(small_out: Path, records: list[Record]) -> dict[str, list[Record]]:
    with (small_out / "truth/records.csv").open(encoding="utf-8", newline="") as handle:
        entity = {(r["source"], r["record_id"]): r["entity_id"] for r in csv.DictReader(handle)}
    out: defaultdict[str, list[Record]] = defaultdict(list)
    for record in records:
        if record.schema == "Person":
            out[entity[(record.source, record.record_id)]].append(record)
    return out


@pytest.fixture(scope="module")
def truth(small_out: Path) -> dict[str, dict[str, str]]:
    with (small_out / "truth/persons.csv").open(encoding="utf-8", newline="") as handle:
        return {r["entity_id"]: r for r in csv.DictReader(handle)}


def _given(record: Record) -> str:
    return (record.properties.get("firstName") or [""])[0]


def test_the_same_person_is_spelled_differently_across_agencies(
    by_person: dict[str, list[Record]],
) -> None:
    varied = 0
    for recs in by_person.values():
        sources = {r.source for r in recs}
        spellings = {
            _given(r).casefold() for r in recs if _given(r) and not ARABIC.search(_given(r))
        }
        if len(sources) >= 2 and len(spellings) >= 2:
            varied += 1
    assert varied > 200


def test_known_variants_and_conventions_occur(records: list[Record]) -> None:
    people = [r for r in records if r.schema == "Person"]
    words = {
        w
        for r in people
        for v in r.properties.get("firstName", []) + r.properties.get("lastName", [])
        for w in re.split(r"[ -]", v)
    }
    lower = {w.casefold() for w in words}
    assert len({"mohammed", "muhammad", "mohamed", "mohammad", "muhamed", "mehmet"} & lower) >= 2
    assert any(w.startswith("el") for w in lower) and any(w.startswith("al") for w in lower)
    assert any("ou" in w for w in lower if w.startswith(("y", "m", "k")))
    french = {
        w
        for r in people
        if r.source == "FR-OCRIEST"
        for v in r.properties.get("lastName", [])
        for w in [v]
    }
    assert sum(1 for w in french if w.isupper()) > len(french) / 2


def test_albanian_diacritics_are_kept_in_albania_and_dropped_elsewhere(
    by_person: dict[str, list[Record]], truth: dict[str, dict[str, str]]
) -> None:
    kept = dropped = 0
    for entity, recs in by_person.items():
        true = truth[entity]["given_name"] + truth[entity]["family_name"]
        if "ë" not in true and "ç" not in true.casefold():
            continue
        for r in recs:
            written = " ".join(r.properties.get("firstName", []) + r.properties.get("lastName", []))
            has = any(c in written.casefold() for c in "ëç")
            if r.source == "AL-ASP":
                kept += has
            elif written:
                dropped += not has
    assert kept > 10 and dropped > 10


def test_europol_gives_arabic_script_for_about_one_record_in_ten(records: list[Record]) -> None:
    europol = [r for r in records if r.source == "EU-EUROPOL" and r.schema == "Person"]
    script = [r for r in europol if ARABIC.search(r.properties["name"][0])]
    assert 0.02 * len(europol) < len(script) < 0.2 * len(europol)


def test_birth_dates_carry_the_usual_slips(
    by_person: dict[str, list[Record]], truth: dict[str, dict[str, str]]
) -> None:
    kinds: defaultdict[str, int] = defaultdict(int)
    for entity, recs in by_person.items():
        true = datetime.strptime(truth[entity]["date_of_birth"], "%Y-%m-%d").date()
        for r in recs:
            text = (r.properties.get("birthDate") or [""])[0]
            if not text:
                kinds["missing"] += 1
                continue
            formats = r.formats.get("birthDate") or ("%Y-%m-%d", "%d/%m/%Y")
            day = next((d for f in formats if (d := _parse(text, f))), None)
            if day is None:  # a day its month does not have (30 February)
                kinds["impossible"] += 1
            elif day == true:
                kinds["exact"] += 1
            elif (day.month, day.day) == (1, 1):
                kinds["jan1"] += 1
            elif (day.year, day.month, day.day) == (true.year, true.day, true.month):
                kinds["swap"] += 1
            elif abs(day.year - true.year) == 1:
                kinds["year"] += 1
    assert kinds["exact"] > 5 * kinds["missing"] > 0
    assert kinds["jan1"] > 20 and kinds["swap"] > 10 and kinds["year"] > 10
    assert 0 < kinds["impossible"] < kinds["exact"] / 100


def _parse(text: str, fmt: str) -> date | None:
    try:
        return datetime.strptime(text, fmt).date()
    except ValueError:
        return None


def test_document_numbers_show_ocr_slips(by_person: dict[str, list[Record]]) -> None:
    slips = 0
    for recs in by_person.values():
        numbers = {n for r in recs for n in r.properties.get("passportNumber", [])}
        if len(numbers) >= 2:
            a, b = sorted(numbers)[:2]
            if len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1:
                slips += 1
    assert slips >= 3
