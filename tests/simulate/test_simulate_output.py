"""The simulator's files: deterministic, complete, matching the truth, and strictly valid."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from crossroute.model.roles import ROLES
from crossroute.simulate import SimulationSummary, simulate
from tests.simulate.sim_reader import PERSON_COLUMNS, Record, manifest

AGENCIES = {"UK-NCA", "FR-OCRIEST", "DE-BKA", "BE-FJP", "AL-ASP", "EU-EUROPOL", "BE-CUSTOMS"}


def _digests(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_bytes_and_another_seed_differs(
    small: tuple[Path, SimulationSummary], tmp_path: Path
) -> None:
    small_out, summary = small
    again = tmp_path / "again"
    simulate(again, seed=summary.seed, scale="small")
    assert _digests(again) == _digests(small_out)
    other = tmp_path / "other"
    simulate(other, seed=summary.seed + 1, scale="small")
    first, second = _digests(small_out), _digests(other)
    assert first.keys() == second.keys()
    assert first["agencies/UK-NCA/persons.csv"] != second["agencies/UK-NCA/persons.csv"]
    assert first["truth/records.csv"] != second["truth/records.csv"]


def test_manifest_lists_every_file_once_with_its_mapping(small_out: Path) -> None:
    entries = manifest(small_out)
    listed = [e["path"] for e in entries]
    written = sorted(
        str(p.relative_to(small_out)) for p in (small_out / "agencies").rglob("*") if p.is_file()
    )
    assert sorted(listed) == written
    assert {e["agency"] for e in entries} == AGENCIES
    for entry in entries:
        assert entry["path"].startswith(f"agencies/{entry['agency']}/")
        if entry["mapping"] is not None:
            mapping = yaml.safe_load((small_out / entry["mapping"]).read_text("utf-8"))
            assert mapping["agency"] == entry["agency"]
            assert mapping["entities"]
    mappings = sorted(str(p.relative_to(small_out)) for p in (small_out / "mappings").iterdir())
    assert mappings == sorted(e["mapping"] for e in entries if e["mapping"])


def test_canonical_person_csv_header_is_exact(small_out: Path) -> None:
    with (small_out / "agencies/UK-NCA/persons.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == (*PERSON_COLUMNS, "handling", "grading", "subject_category")


def test_every_record_is_in_the_truth_and_nothing_else(
    small_out: Path, records: list[Record]
) -> None:
    with (small_out / "truth/records.csv").open(encoding="utf-8", newline="") as handle:
        truth = {(r["source"], r["record_id"]): r for r in csv.DictReader(handle)}
    read = {(r.source, r.record_id): r for r in records}
    assert len(read) == len(records), "a record id repeats within a source"
    assert read.keys() == truth.keys()
    for key, record in read.items():
        assert truth[key]["schema"] == record.schema


def test_truth_people_cover_every_person_record(small_out: Path) -> None:
    with (small_out / "truth/persons.csv").open(encoding="utf-8", newline="") as handle:
        people = {r["entity_id"]: r for r in csv.DictReader(handle)}
    with (small_out / "truth/records.csv").open(encoding="utf-8", newline="") as handle:
        persons = [r for r in csv.DictReader(handle) if r["schema"] == "Person"]
    assert all(r["entity_id"] in people for r in persons)
    roles = Counter(p["role"] for p in people.values())
    assert roles["migrant"] > sum(roles.values()) / 2
    assert set(ROLES) <= roles.keys()  # every role the analysis infers has people in the truth


def test_references_point_to_records_of_the_same_source(records: list[Record]) -> None:
    from crossroute.model.schema import get_schema

    ids = {(r.source, r.record_id) for r in records}
    checked = 0
    for record in records:
        schema = get_schema(record.schema)
        for prop, values in record.properties.items():
            if schema.type_of(prop) == "entity":
                for value in values:
                    assert (record.source, value) in ids, f"{record.record_id}.{prop} -> {value}"
                    checked += 1
    assert checked > 100


def test_small_scale_counts_are_in_range(small: tuple[Path, SimulationSummary]) -> None:
    _, summary = small
    assert 2000 <= summary.total_person_records <= 4000
    assert set(summary.person_records) == AGENCIES
    assert all(count > 0 for count in summary.person_records.values())
    assert all(f.rows > 0 for f in summary.files)
    assert summary.total_records == sum(f.records for f in summary.files)


def test_people_appear_in_several_agencies_and_twice_in_one(small_out: Path) -> None:
    with (small_out / "truth/records.csv").open(encoding="utf-8", newline="") as handle:
        persons = [r for r in csv.DictReader(handle) if r["schema"] == "Person"]
    agencies: defaultdict[str, set[str]] = defaultdict(set)
    per_source = Counter((r["entity_id"], r["source"]) for r in persons)
    for r in persons:
        agencies[r["entity_id"]].add(r["source"])
    assert sum(1 for a in agencies.values() if len(a) >= 2) > 300
    assert sum(1 for a in agencies.values() if len(a) >= 4) > 10
    assert sum(1 for n in per_source.values() if n >= 2) > 50


@pytest.mark.parametrize("agency", ["FR-OCRIEST", "DE-BKA", "AL-ASP"])
def test_files_are_in_their_agencys_language_and_format(small_out: Path, agency: str) -> None:
    folder = small_out / "agencies" / agency
    if agency == "FR-OCRIEST":
        data = (folder / "personnes.csv").read_bytes()
        data.decode("cp1252")
        assert data.startswith(b"NUM_FICHE;NOM;PRENOM;")
        assert b"\r\n" in data
    elif agency == "DE-BKA":
        text = (folder / "personen.csv").read_text("utf-8-sig")
        assert "Staatsangehörigkeit" in text.splitlines()[0]
        assert "männlich" in text
    else:
        assert (folder / "persona.xlsx").read_bytes()[:2] == b"PK"


def test_progress_is_reported_for_every_task(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    simulate(tmp_path, seed=1, scale="small", progress=lambda t, d, n: calls.append((t, d, n)))
    last = {task: (done, total) for task, done, total in calls}
    assert set(last) == {"network", "crossings", "shipments", "files"}
    assert all(done == total > 0 for done, total in last.values())
    assert all(0 < done <= total for _, done, total in calls)


def test_readme_and_truth_groups(small: tuple[Path, SimulationSummary]) -> None:
    out, summary = small
    readme = (out / "README.md").read_text("utf-8")
    assert f"seed: {summary.seed}" in readme and "scale: small" in readme
    with (out / "truth/groups.csv").open(encoding="utf-8", newline="") as handle:
        groups = list(csv.DictReader(handle))
    assert len(groups) == summary.groups
    assert {g["kind"] for g in groups} == {"smuggling", "drugs"}
    with (out / "truth/links.csv").open(encoding="utf-8", newline="") as handle:
        kinds = {r["kind"] for r in csv.DictReader(handle)}
    assert {"member", "associate", "family", "called", "paid", "travelled_on", "recruited"} <= kinds


def test_the_case_has_bank_money_with_laundering_tied_to_its_groups(small_out: Path) -> None:
    """Issue 17, item 7: the case's payments carry the typologies with ground truth, at well under 1% of
    transactions amid ordinary activity, and the schemes' busiest accounts are group members'."""
    import csv

    from crossroute.ingest.finance import FinanceKind, finance_kind

    bank = small_out / "agencies" / "FR-OCRIEST"
    assert finance_kind(bank / "banque-comptes.csv") is FinanceKind.ACCOUNTS
    assert finance_kind(bank / "banque-operations.csv") is FinanceKind.TRANSACTIONS
    with (small_out / "truth" / "money.csv").open() as file:
        truth = list(csv.DictReader(file))
    laundering = [t for t in truth if t["is_laundering"] == "1"]
    assert 0 < len(laundering) / len(truth) < 0.01
    assert {t["typology"] for t in laundering} >= {"fee_collection", "structuring", "mule"}
    assert any(t["typology"].startswith("lookalike") for t in truth)
    with (small_out / "truth" / "money_holders.csv").open() as file:
        holders = list(csv.DictReader(file))
    with (small_out / "truth" / "groups.csv").open() as file:
        groups = {row["group_id"] for row in csv.DictReader(file) if row["kind"] == "smuggling"}
    assert holders and {h["group_id"] for h in holders} <= groups
    with (bank / "banque-comptes.csv").open() as file:
        held = {r["account_id"]: r["holder_record_id"] for r in csv.DictReader(file)}
    assert all(held[h["account_id"]] for h in holders)  # a French person record of the member
