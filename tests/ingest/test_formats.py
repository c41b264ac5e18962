"""Every input format loads: agency layouts through YAML mappings, canonical records, FtM entities."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from crossroute.ingest import tables
from crossroute.ingest.loader import ingest_file
from crossroute.ingest.originals import original_row
from crossroute.model.person_csv import PERSON_COLUMNS
from crossroute.store import Workspace
from tests.conftest import run_cli, status

FR_MAPPING = """
agency: FR-OCRIEST
dataset: fichier-passeurs
defaults: {handling: H2, grading: B2, fact_or_assessment: fact}
entities:
  - key: person
    schema: Person
    id: {column: NUM_FICHE}
    properties:
      lastName: {column: NOM}
      firstName: {column: PRENOM}
      birthDate: {column: DATE_NAISSANCE, format: "%d/%m/%Y"}
      gender: {column: SEXE, values: {M: male, F: female}}
      nationality: {column: NATIONALITE}
      phone: {column: TELEPHONE, split: "/"}
    provenance:
      subject_category: {column: QUALITE, values: {"mis en cause": suspect, "victime": victim, "témoin": witness}}
      handling_note: {column: RESTRICTION}
  - key: crossing
    schema: Crossing
    id: {template: "TRAV-{NUM_TRAVERSEE}-{NUM_FICHE}"}
    properties:
      participant: {entity: person}
      departurePlace: {column: PLAGE}
      date: {column: DATE_TRAVERSEE, format: "%d/%m/%Y"}
"""


def test_french_csv_in_windows_1252_with_semicolons(
    tmp_path: Path,
) -> None:
    text = (
        "NUM_FICHE;NOM;PRENOM;DATE_NAISSANCE;SEXE;NATIONALITE;TELEPHONE;QUALITE;RESTRICTION;NUM_TRAVERSEE;PLAGE;DATE_TRAVERSEE\n"
        "F1;ÇELA;Gëzim;03/04/1990;M;albanaise;06 12 34 56 78 / 07 98 76 54 32;mis en cause;;;;\n"
        "F2;HOSSEINI;Réza;01/01/1995;M;Iran;;victime;;T9;Gravelines;02/06/2025\n"
        "F3;DUPONT;Hélène;12/12/1970;F;française;;témoin;pas d'usage judiciaire;;;\n"
    )
    data = tmp_path / "personnes.csv"
    data.write_bytes(text.encode("cp1252", errors="replace"))
    mapping = tmp_path / "fr.yaml"
    mapping.write_text(FR_MAPPING, encoding="utf-8")
    ws_path = tmp_path / "ws"
    run_cli("init", ws_path)
    run_cli("ingest", ws_path, data, "--mapping", mapping)
    summary = status(ws_path)
    assert summary["records_by_agency"] == {"FR-OCRIEST": 4}
    assert summary["records_by_schema"] == {"Crossing": 1, "Person": 3}
    assert summary["quarantined"] == 0
    with Workspace.open(ws_path) as ws:
        f1 = ws.rows("SELECT family_name, phone, nationality FROM persons WHERE record_id = 'F1'")[
            0
        ]
        phones = ws.scalar("SELECT properties->'$.phone' FROM records WHERE record_id = 'F1'")
        f3 = ws.rows(
            "SELECT subject_category, handling_scheme, handling_code, grading_scheme, dataset "
            "FROM records WHERE record_id = 'F3'"
        )[0]
        crossing = ws.scalar(
            "SELECT properties->>'$.participant[0]' FROM records WHERE schema = 'Crossing'"
        )
    assert f1 == ("ÇELA", "+33612345678", "ALB")
    assert json.loads(phones) == ["+33612345678", "+33798765432"]
    assert f3 == ("witness", "SIENA", "H2", "EUROPOL", "fichier-passeurs")
    assert crossing == "F2"


def test_german_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "Aktenzeichen",
            "Nachname",
            "Vorname",
            "Geburtsdatum",
            "Geschlecht",
            "Staatsangehörigkeit",
            "Telefon",
        ]
    )
    sheet.append(["D-1", "Yilmaz", "Hüseyin", "03.04.1980", "männlich", "Türkei", "0151 23456789"])
    sheet.append(["D-2", "Rahimi", "Ahmad", "1999", "männlich", "Afghanistan", None])
    path = tmp_path / "personen.xlsx"
    book.save(path)
    mapping = tmp_path / "de.yaml"
    mapping.write_text(
        "agency: DE-BKA\ndefaults: {grading: C3}\nentities:\n  - schema: Person\n    id: Aktenzeichen\n"
        "    properties:\n      lastName: Nachname\n      firstName: Vorname\n"
        "      birthDate: {column: Geburtsdatum, format: ['%d.%m.%Y']}\n      gender: Geschlecht\n"
        "      nationality: Staatsangehörigkeit\n      phone: Telefon\n",
        encoding="utf-8",
    )
    ws_path = tmp_path / "ws"
    run_cli("init", ws_path)
    run_cli("ingest", ws_path, path, "--mapping", mapping)
    with Workspace.open(ws_path) as ws:
        rows = ws.rows(
            "SELECT record_id, phone, nationality, birth_date, sex FROM persons ORDER BY 1"
        )
        grading = ws.rows(
            "SELECT DISTINCT grading_scheme, grading_source, grading_info FROM records"
        )
    assert rows == [
        ("D-1", "+4915123456789", "TUR", "1980-04-03", "male"),
        ("D-2", None, "AFG", "1999", "male"),
    ]
    assert grading == [("ADMIRALTY", "C", "3")]


def test_nested_json_with_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    rows = [
        {
            "id": "B1",
            "naam": {"voornaam": "Youssef", "achternaam": "El Amrani"},
            "nationaliteit": "Marokkaans",
            "rekeningen": ["BE68539007547034"],
        }
    ]
    path.write_text(json.dumps({"export": {"personen": rows}}), encoding="utf-8")
    mapping = tmp_path / "be.yaml"
    mapping.write_text(
        "agency: BE-FJP\nread: {path: export.personen}\nentities:\n  - key: person\n    schema: Person\n"
        "    id: id\n    properties:\n      firstName: naam.voornaam\n      lastName: naam.achternaam\n"
        "      nationality: nationaliteit\n  - key: account\n    schema: BankAccount\n    id: {column: rekeningen}\n"
        "    properties:\n      iban: rekeningen\n      holder: {entity: person}\n",
        encoding="utf-8",
    )
    ws_path = tmp_path / "ws"
    run_cli("init", ws_path)
    run_cli("ingest", ws_path, path, "--mapping", mapping)
    with Workspace.open(ws_path) as ws:
        account = ws.scalar("SELECT properties FROM records WHERE schema = 'BankAccount'")
        person = ws.rows("SELECT given_name, family_name, nationality FROM persons")[0]
    assert json.loads(account) == {"iban": ["BE68539007547034"], "holder": ["B1"]}
    assert person == ("Youssef", "El Amrani", "MAR")


def test_canonical_records_jsonl_and_ftm_entities(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "record_id": "A1",
                    "source": "UK-NCA",
                    "schema": "Person",
                    "properties": {"name": ["Ali Karimi"], "phone": ["+447700900123"]},
                    "handling": "C",
                    "grading": "2B",
                },
                {
                    "record_id": "X1",
                    "source": "UK-NCA",
                    "schema": "Arrest",
                    "properties": {"person": ["A1"], "date": ["2025-03-02"], "place": ["Dover"]},
                },
                {"record_id": "A2", "source": "UK-NCA", "schema": "Unicorn", "properties": {}},
                "not json",
            ]
        )
        + "\n{broken\n",
        encoding="utf-8",
    )
    ftm = tmp_path / "entities.ftm.json"
    ftm.write_text(
        json.dumps(
            {
                "id": "ofac-1",
                "schema": "Person",
                "properties": {
                    "name": ["Hossein Rahimi"],
                    "nationality": ["ir"],
                    "birthDate": ["1971"],
                },
            }
        )
        + "\n",
        encoding="utf-8",
    )
    ws_path = tmp_path / "ws"
    run_cli("init", ws_path)
    run_cli("ingest", ws_path, records)
    run_cli("ingest", ws_path, ftm, "--agency", "EU-EUROPOL")
    summary = status(ws_path)
    assert summary["records_by_schema"] == {"Arrest": 1, "Person": 2}
    assert summary["records_by_agency"] == {"EU-EUROPOL": 1, "UK-NCA": 2}
    assert (
        summary["quarantined"] == 3
    )  # the unknown schema, a JSON string that is no object, a broken line
    with Workspace.open(ws_path) as ws:
        ofac = ws.rows(
            "SELECT nationality, birth_date, full_name FROM persons WHERE record_id = 'ofac-1'"
        )[0]
    assert ofac == ("IRN", "1971", "Hossein Rahimi")


def test_the_row_as_supplied_is_kept_with_the_file(tmp_path: Path) -> None:
    data = tmp_path / "personnes.csv"
    data.write_bytes(
        "NUM_FICHE;NOM;PRENOM;DATE_NAISSANCE;SEXE;NATIONALITE;TELEPHONE;QUALITE;RESTRICTION;"
        "NUM_TRAVERSEE;PLAGE;DATE_TRAVERSEE\n"
        "F1;ÇELA;Gëzim;03/04/1990;M;albanaise;06 12 34 56 78;mis en cause;;;;\n".encode("cp1252")
    )
    mapping = tmp_path / "fr.yaml"
    mapping.write_text(FR_MAPPING, encoding="utf-8")
    ws_path = tmp_path / "ws"
    run_cli("init", ws_path)
    run_cli("ingest", ws_path, data, "--mapping", mapping)
    with Workspace.open(ws_path) as ws:
        row = original_row(ws, "FR-OCRIEST", "F1", "Person")
        stored = ws.scalar("SELECT stored_as FROM ingest_batches")
    assert row is not None
    assert row["NOM"] == "ÇELA" and row["TELEPHONE"] == "06 12 34 56 78"
    assert (ws_path / stored).read_bytes() == data.read_bytes()


def test_national_phones_take_each_rows_agency_as_region(tmp_path: Path) -> None:
    data = tmp_path / "mixed.csv"
    header = "record_id,source,full_name,given_name,family_name,date_of_birth,sex,nationality,place_of_birth,document_number,phone,email,address,city,country\n"
    data.write_text(
        header
        + "1,UK-NCA,Ali Karimi,,,,,,,,07700 900123,,,,\n"
        + "2,FR-OCRIEST,Ali Karimi,,,,,,,,06 12 34 56 78,,,,\n"
        + "3,AL-ASP,Ali Karimi,,,,,,,,069 123 4567,,,,\n"
        + "4,EU-EUROPOL,Ali Karimi,,,,,,,,+964 750 123 4567,,,,\n",
        encoding="utf-8",
    )
    ws_path = tmp_path / "ws"
    run_cli("init", ws_path)
    run_cli("ingest", ws_path, data)
    with Workspace.open(ws_path) as ws:
        phones = dict(ws.rows("SELECT source, phone FROM persons"))
    assert phones == {
        "UK-NCA": "+447700900123",
        "FR-OCRIEST": "+33612345678",
        "AL-ASP": "+355691234567",
        "EU-EUROPOL": "+9647501234567",
    }


def test_any_agency_code_is_kept_as_written_and_gives_a_region_where_it_can(
    tmp_path: Path,
) -> None:
    """Other tools join on (record_id, source): codes are kept as supplied. A known agency's short name
    ("NCA") or a country prefix ("de_bpol") gives the phone region; else the record's own country."""
    data = tmp_path / "codes.csv"
    header = "record_id,source,full_name,given_name,family_name,date_of_birth,sex,nationality,place_of_birth,document_number,phone,email,address,city,country,handling,grading\n"
    data.write_text(
        header
        + "1,NCA,Ali Karimi,,,,,,,,07700 900123,,,,,H2,B2\n"
        + "2,de_bpol,Ali Karimi,,,,,,,,0151 23456789,,,,,,\n"
        + "3,Agency 3,Ali Karimi,,,,,,,,06 12 34 56 78,,,,France,,\n"
        + "4,Agency 3,Ali Karimi,,,,,,,,06 12 34 56 78,,,,,,\n"
        + "5,bad/code,Ali Karimi,,,,,,,,,,,,,,\n",
        encoding="utf-8",
    )
    ws_path = tmp_path / "ws"
    run_cli("init", ws_path)
    run_cli("ingest", ws_path, data, check=False)
    with Workspace.open(ws_path) as ws:
        phones = dict(ws.rows("SELECT record_id, phone FROM persons"))
        handling = ws.scalar("SELECT handling_code FROM records WHERE record_id = '1'")
        reasons = dict(ws.rows("SELECT row_number, reason FROM quarantine"))
        issues = dict(ws.rows("SELECT row_number, reason FROM value_issues"))
    # a national number that cannot be placed is kept as written, not as a phone number
    assert phones == {"1": "+447700900123", "2": "+4915123456789", "3": "+33612345678", "4": None}
    assert handling == "H2"  # a SIENA code from an agency that usually grades in 3x5x2
    assert set(reasons) == {6}
    assert "no default region" in issues[5]
    assert "agency code 'bad/code'" in reasons[6]
    assert status(ws_path)["records_by_agency"] == {"NCA": 1, "de_bpol": 1, "Agency 3": 2}


_PLAIN_ROWS = [
    'U1,UK-NCA,"Ahmed, Karwan",,,1988-03-14,M,Iraq,,,07700 900123,,"12 Rue de la Paix, Calais",,',
    'U2,UK-NCA,"Gëzim ""Geri"" Çela",,,14/03/1988,,IRQ,,,+44 7700 900124,,,,',
    'U3,UK-NCA,"",Reza,HOSSEINI,1990,F,,,"",,,,Dunkerque,FR',
    "U4,UK-NCA,Nguyễn Văn An,,,,,Vietnam,,,,,,,",
]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("plain", "\n".join(_PLAIN_ROWS) + "\n"),
        ("crlf", "\r\n".join(_PLAIN_ROWS) + "\r\n"),
        ("no final newline", "\n".join(_PLAIN_ROWS)),
        ("blank lines at the end", "\n".join(_PLAIN_ROWS) + "\n\r\n\n"),
        ("a blank line between rows", "\n\n".join(_PLAIN_ROWS) + "\n"),
        (
            "stray quotes",
            "\n".join(_PLAIN_ROWS).replace("Reza", 'Re"za').replace('""Geri""', '"Geri"x') + "\n",
        ),
        ("spaces around quotes", "\n".join(_PLAIN_ROWS).replace(',"Ahmed', ', "Ahmed') + "\n"),
        ("semicolons", "\n".join(_PLAIN_ROWS).replace(",", ";") + "\n"),
        ("byte order mark", "\ufeff" + "\n".join(_PLAIN_ROWS) + "\n"),
        ("a cell over two lines", "\n".join(_PLAIN_ROWS).replace("Karwan", "Kar\nwan") + "\n"),
    ],
)
def test_the_fast_csv_reader_gives_what_the_careful_reader_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    header = ",".join(PERSON_COLUMNS)
    if name == "semicolons":
        header = header.replace(",", ";")
    path = tmp_path / "people.csv"
    path.write_text(
        ("\ufeff" if name == "byte order mark" else "") + header + "\n" + text.lstrip("\ufeff"),
        encoding="utf-8",
    )

    def load(folder: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        with Workspace.create(tmp_path / folder) as ws:
            ingest_file(ws, path)
            records = ws.rows(
                "SELECT * EXCLUDE (batch_id), properties::VARCHAR FROM records ORDER BY row_number"
            )
            quarantined = ws.rows(
                "SELECT row_number, field, reason, raw FROM quarantine ORDER BY 1"
            )
        return records, quarantined

    fast = load("fast")
    monkeypatch.setattr(tables, "_arrow_blocks", tables._csv_blocks)
    careful = load("careful")
    assert fast == careful
    assert len(fast[0]) + len(fast[1]) == 4


def test_region_option_places_national_numbers_no_agency_or_country_places(tmp_path: Path) -> None:
    path = tmp_path / "europol.csv"
    path.write_text(
        ",".join(PERSON_COLUMNS) + "\n"
        "E1,EU-EUROPOL,Karwan Ahmed,,,,,,,,07700 900123,,,,\n"
        "E2,EU-EUROPOL,Reza Karimi,,,,,,,,06 12 34 56 78,,,,FR\n",
        encoding="utf-8",
    )
    for ws, region in (("without", None), ("with", "United Kingdom")):
        run_cli("init", tmp_path / ws)
        run_cli("ingest", tmp_path / ws, path, *(["--region", region] if region else []))
    with Workspace.open(tmp_path / "without") as ws:
        reasons = [r for (r,) in ws.rows("SELECT reason FROM value_issues", [])]
        assert ws.scalar("SELECT count(*) FROM records") == 2  # the person loads; the number not
        assert ws.scalar("SELECT count(*) FROM persons WHERE phone IS NOT NULL") == 1
    assert len(reasons) == 1 and "no default region" in reasons[0]
    with Workspace.open(tmp_path / "with") as ws:
        phones = dict(ws.rows("SELECT record_id, phone FROM persons ORDER BY 1", []))
    assert phones == {"E1": "+447700900123", "E2": "+33612345678"}  # its own country first
    wrong = run_cli("ingest", tmp_path / "with", path, "--region", "Atlantis", check=False)
    assert wrong.returncode == 2 and "not recognised" in wrong.stderr
