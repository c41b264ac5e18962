"""Resolution end to end through the CLI contract, on a simulated case with ground truth."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from crossroute.sharing.users import FIRST_ADMIN, Role, _insert, add_user, create_first_admin
from crossroute.store import Workspace
from tests.conftest import run_cli

HEADER = "record_id,source,full_name,given_name,family_name,date_of_birth,sex,nationality,place_of_birth,document_number,phone,email,address,city,country"


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("resolve")
    scenario, ws, out = root / "scenario", root / "ws", root / "clusters.csv"
    run_cli("simulate", scenario, "--seed", "5", "--scale", "small")
    run_cli("init", ws)
    run_cli("ingest", ws, scenario)
    run_cli("resolve", ws)
    run_cli("export", ws, "clusters", "--out", out)
    return scenario, ws, out


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_clusters_has_one_row_per_person_record(resolved: tuple[Path, Path, Path]) -> None:
    _, ws, out = resolved
    assert out.read_text(encoding="utf-8").splitlines()[0] == "record_id,source,entity_id"
    rows = _read(out)
    with Workspace.open(ws) as workspace:
        persons = workspace.scalar("SELECT count(*) FROM records WHERE schema = 'Person'")
    assert len(rows) == persons
    assert len({(r["source"], r["record_id"]) for r in rows}) == persons


def test_clusters_match_the_ground_truth_closely(resolved: tuple[Path, Path, Path]) -> None:
    scenario, _, out = resolved
    truth = {
        (r["source"], r["record_id"]): r["entity_id"]
        for r in _read(scenario / "truth" / "records.csv")
    }
    predicted = {(r["source"], r["record_id"]): r["entity_id"] for r in _read(out)}
    same_true = same_pred = both = 0
    keys = sorted(predicted)
    by_true: dict[str, list[tuple[str, str]]] = {}
    for key in keys:
        by_true.setdefault(truth[key], []).append(key)
    by_pred: dict[str, list[tuple[str, str]]] = {}
    for key in keys:
        by_pred.setdefault(predicted[key], []).append(key)
    same_true = sum(len(v) * (len(v) - 1) // 2 for v in by_true.values())
    same_pred = sum(len(v) * (len(v) - 1) // 2 for v in by_pred.values())
    pairs: dict[tuple[str, str], int] = {}
    for key in keys:
        pairs[(truth[key], predicted[key])] = pairs.get((truth[key], predicted[key]), 0) + 1
    both = sum(n * (n - 1) // 2 for n in pairs.values())
    precision, recall = both / same_pred, both / same_true
    assert precision > 0.97
    assert recall > 0.8


def _resolved(tmp_path: Path, rows: str) -> Path:
    """A workspace holding these person CSV rows (after HEADER), resolved."""
    data = tmp_path / "people.csv"
    data.write_text(HEADER + "\n" + rows, encoding="utf-8")
    ws = tmp_path / "ws"
    run_cli("init", ws)
    run_cli("ingest", ws, data)
    run_cli("resolve", ws)
    return ws


def test_sharing_only_a_phone_and_an_address_never_merges(tmp_path: Path) -> None:
    ws = _resolved(
        tmp_path,
        "N1,UK-NCA,Karwan Ahmed,,,1988-03-14,M,Iraq,,,07700 900123,,12 Rue des Dunes,Calais,FR\n"
        "N2,FR-OCRIEST,Shilan Rashid,,,1994-09-30,F,Iraq,,,+44 7700 900123,,12 Rue des Dunes,Calais,FR\n"
        "N3,DE-BKA,Rebin Aziz,,,2001-12-01,M,Iran,,,+447700900123,,12 Rue des Dunes,Calais,FR\n"
        "N4,UK-NCA,Karwan AHMAD,,,14/03/1988,M,IRQ,,,,,,London,GB\n",
    )
    entity = _entities(ws, tmp_path)
    assert len({entity["N1"], entity["N2"], entity["N3"]}) == 3
    with Workspace.open(ws) as workspace:
        phones = workspace.rows(
            "SELECT count(DISTINCT record_id) FROM identifiers WHERE kind = 'phone'"
        )
    assert phones == [(3,)]  # the shared phone is one identifier node the three records point to


def test_document_numbers_one_slip_apart_are_a_typo_not_two_documents(tmp_path: Path) -> None:
    # D1/D2: one transposition apart, names and dates agree: one person, not a contradiction.
    # D3/D4: one digit wrong, and the family name and date keyed with a slip too, so no name or
    # date key holds both; only the document's slip keys bring the pair together.
    # D5/D6: the same slips but documents two digits apart: two people, never compared.
    ws = _resolved(
        tmp_path,
        "D1,UK-NCA,Hiwa Karimi,,,1990-02-11,M,Iraq,,N48213397,,,,,\n"
        "D2,FR-OCRIEST,Hiwa Karimi,,,1990-02-11,M,Iraq,,N48123397,,,,,\n"
        "D3,UK-NCA,Dilan Barzani,,,1986-07-23,M,Iraq,,R77310245,,,,,\n"
        "D4,DE-BKA,Dilan Barzami,,,1986-07-28,M,Iraq,,R77316245,,,,,\n"
        "D5,UK-NCA,Soran Tahiri,,,1979-04-02,M,Iraq,,K55028813,,,,,\n"
        "D6,DE-BKA,Soran Tahiti,,,1979-04-07,M,Iraq,,K55920813,,,,,\n",
    )
    entity = _entities(ws, tmp_path)
    assert entity["D1"] == entity["D2"]
    assert entity["D3"] == entity["D4"]
    assert entity["D5"] != entity["D6"]


def _family_workspace(tmp_path: Path) -> Path:
    return _resolved(
        tmp_path,
        "N1,UK-NCA,Karwan Ahmed,,,1988-03-14,M,Iraq,,,07700 900123,,,Calais,FR\n"
        "N2,FR-OCRIEST,Shilan Rashid,,,1994-09-30,F,Iraq,,,,,,Calais,FR\n"
        "N4,DE-BKA,Karwan AHMAD,,,14.03.1988,M,Irak,,,,,,Essen,DE\n",
    )


def _entities(ws: Path, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "clusters.csv"
    run_cli("export", ws, "clusters", "--out", out)
    return {r["record_id"]: r["entity_id"] for r in _read(out)}


def test_explain_shows_the_weight_of_each_field(tmp_path: Path) -> None:
    ws = _family_workspace(tmp_path)
    assert _entities(ws, tmp_path)["N1"] == _entities(ws, tmp_path)["N4"]
    with Workspace.open(ws) as workspace:  # explain reads personal data: through the sharing gate
        admin = create_first_admin(workspace, "root", "UK-NCA", "a long admin password")
        add_user(workspace, admin, "ann", "UK-NCA", Role.ANALYST)
    who = ("--user", "ann", "--purpose", "OP-1: check the merge")
    text = run_cli("explain", ws, "UK-NCA:N1", *who).stdout
    assert "merged" in text and "birth_date" in text and "name" in text
    found = json.loads(run_cli("explain", ws, "UK-NCA:N1", "--json", *who).stdout)
    pair = next(p for p in found["pairs"] if p["merged"])
    weights = {e["comparison"]: e["weight"] for e in pair["evidence"]}
    assert weights["birth_date"] > 0 and weights["name"] > 0
    assert {r["record_id"] for r in found["records"]} == {"N1", "N4"}


def test_the_same_mistyped_phone_is_weak_evidence_the_explanation_names(tmp_path: Path) -> None:
    # W1/W2: one man, the same mistyped number (too long for GB) written two ways; W3/W4: two
    # people sharing a mistyped number (its digits as written) and an address: never merged
    ws = _resolved(
        tmp_path,
        "W1,UK-NCA,Karwan Ahmed,,,,M,Iraq,,,07700 9001234567,,,,\n"
        "W2,UK-NCA,Karwan AHMED,,,1988-03-14,M,IRQ,,,07700 900123 4567,,,,\n"
        "W3,FR-OCRIEST,Shilan Rashid,,,1994-09-30,F,Iraq,,,+44 7700 9001234567,,12 Rue des Dunes,Calais,FR\n"
        "W4,DE-BKA,Rebin Aziz,,,2001-12-01,M,Iran,,,+447700 9001234567,,12 Rue des Dunes,Calais,FR\n",
    )
    entity = _entities(ws, tmp_path)
    assert entity["W1"] == entity["W2"]
    assert len({entity["W1"], entity["W3"], entity["W4"]}) == 3
    with Workspace.open(ws) as workspace:
        admin = create_first_admin(workspace, "root", "UK-NCA", "a long admin password")
        add_user(workspace, admin, "ann", "UK-NCA", Role.ANALYST)
        invalid = workspace.scalar("SELECT count(*) FROM value_issues WHERE property = 'phone'")
    assert invalid == 4  # every row loaded, the value kept as written
    who = ("--user", "ann", "--purpose", "OP-1: check the merge")
    found = json.loads(run_cli("explain", ws, "UK-NCA:W1", "--json", *who).stdout)
    phone = next(e for e in found["pairs"][0]["evidence"] if e["comparison"] == "phone")
    assert phone["level"] == "same phone as written (not a valid number)"
    assert 0 < phone["weight"] <= 4
    assert (
        "same phone as written (not a valid number)"
        in run_cli("explain", ws, "UK-NCA:W1", *who).stdout
    )


def test_decisions_hold_now_and_in_later_runs(tmp_path: Path) -> None:
    ws = _family_workspace(tmp_path)
    with Workspace.open(ws) as workspace:  # a decision names records: an analyst who may see them
        admin = _insert(workspace, "root", "UK-NCA", Role.ADMINISTRATOR, None, FIRST_ADMIN)
        add_user(workspace, admin, "analyst1", "UK-NCA", Role.ANALYST)
    run_cli(
        "decide",
        ws,
        "split",
        "UK-NCA:N1",
        "DE-BKA:N4",
        "--user",
        "analyst1",
        "--why",
        "different fathers",
    )
    run_cli(
        "decide", ws, "confirm", "UK-NCA:N1", "FR-OCRIEST:N2", "--user", "analyst1", "--why", "test"
    )
    for _ in range(2):
        entity = _entities(ws, tmp_path)
        assert entity["N1"] != entity["N4"]
        assert entity["N1"] == entity["N2"]
        run_cli("resolve", ws)
    missing = run_cli(
        "decide", ws, "split", "UK-NCA:N1", "UK-NCA:NOPE", "--user", "analyst1", "--why", "b",
        check=False,
    )  # fmt: skip
    assert missing.returncode != 0 and "no person record" in missing.stderr
    with Workspace.open(ws) as workspace:
        kept = workspace.rows("SELECT kind, decided_by, reason FROM decisions ORDER BY decision_id")
    assert kept == [("split", "analyst1", "different fathers"), ("confirm", "analyst1", "test")]


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_a_new_file_is_matched_against_existing_entities(tmp_path: Path, engine: str) -> None:
    """Incremental runs on either engine score the new records with the stored model."""
    first, second = tmp_path / "uk.csv", tmp_path / "fr.csv"
    first.write_text(
        HEADER + "\n"
        "U1,UK-NCA,Karwan Ahmed,,,1988-03-14,M,Iraq,,,07700 900123,,,,\n"
        "U2,UK-NCA,Karwan AHMED,,,14/03/1988,M,IRQ,,,,,,,\n"
        "U3,UK-NCA,Gëzim Çela,,,1990-04-03,M,Albania,,,,,,,\n",
        encoding="utf-8",
    )
    second.write_text(
        HEADER + "\n"
        "F1,FR-OCRIEST,Gezim CELA,,,03/04/1990,M,albanais,,,,,,,\n"
        "F2,FR-OCRIEST,Shilan Rashid,,,1994-09-30,F,Iraq,,,+44 7700 900123,,,,\n",
        encoding="utf-8",
    )
    ws = tmp_path / "ws"
    run_cli("init", ws)
    run_cli("ingest", ws, first)
    run_cli("resolve", ws)
    before = _entities(ws, tmp_path)
    run_cli("ingest", ws, second)
    done = run_cli("resolve", ws, "--engine", engine)
    assert "Resolution run 2" in done.stdout
    after = _entities(ws, tmp_path)
    assert {k: after[k] for k in before} == before  # existing entities keep their ids
    assert after["F1"] == after["U3"]
    assert after["F2"] not in set(before.values())  # a shared phone only
    with Workspace.open(ws) as workspace:
        runs = workspace.rows("SELECT engine FROM resolution_runs ORDER BY run_id")
        new_pairs = workspace.rows(
            "SELECT count(*) FROM match_pairs WHERE unique_id_l LIKE 'UK-NCA|%' AND unique_id_r LIKE 'UK-NCA|%'"
        )
    assert runs == [("duckdb",), (f"{engine} incremental",)]
    assert new_pairs == [(1,)]  # the UK pair scored once, in the first run only
    run_cli("resolve", ws, "--full")
    assert _entities(ws, tmp_path) == after


def test_a_model_from_an_earlier_version_is_trained_again(tmp_path: Path) -> None:
    """Levels apply by position: a stored model lacking a level this version has is not reused."""
    people = tmp_path / "uk.csv"
    people.write_text(
        HEADER + "\n"
        "U1,UK-NCA,Karwan Ahmed,,,1988-03-14,M,Iraq,,,07700 900123,,,,\n"
        "U2,UK-NCA,Karwan AHMED,,,14/03/1988,M,IRQ,,,,,,,\n",
        encoding="utf-8",
    )
    more = tmp_path / "fr.csv"
    more.write_text(HEADER + "\nF1,FR-OCRIEST,Karwan Ahmad,,,14.03.1988,M,Irak,,,,,,,\n")
    ws = tmp_path / "ws"
    run_cli("init", ws)
    run_cli("ingest", ws, people)
    run_cli("resolve", ws)
    with Workspace.open(ws) as workspace:
        model = json.loads(workspace.scalar("SELECT model FROM resolution_runs"))
        del model["comparisons"][0]["comparison_levels"][-2]  # as if that level did not exist yet
        workspace.rows("UPDATE resolution_runs SET model = ?", [json.dumps(model)])
    run_cli("ingest", ws, more)
    done = run_cli("resolve", ws)
    assert "earlier version" in done.stdout + done.stderr
    with Workspace.open(ws) as workspace:
        runs = workspace.rows("SELECT engine FROM resolution_runs ORDER BY run_id")
    assert runs == [("duckdb",), ("duckdb",)]  # trained again, not an incremental run
    entities = _entities(ws, tmp_path)
    assert entities["F1"] == entities["U1"] == entities["U2"]


def test_an_unknown_engine_is_refused(tmp_path: Path) -> None:
    run_cli("init", tmp_path / "ws")
    unknown = run_cli("resolve", tmp_path / "ws", "--engine", "hadoop", check=False)
    assert unknown.returncode != 0 and "unknown engine 'hadoop'" in unknown.stderr
