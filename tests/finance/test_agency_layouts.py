"""Agencies' own layouts reach the money tables through mappings into BankAccount and Payment: an MSB's
customer list and ledger (semicolons, `,` decimals), a hawala notebook transcribed to XLSX; bad rows keep
loading as records and get value issues naming the field and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from crossroute.analysis.finance import service
from crossroute.ingest.loader import ingest_file
from crossroute.ingest.mapping import load_mapping
from crossroute.sharing import Purpose
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace

ACCOUNTS_MAPPING = """
agency: BE-FJP
dataset: msb-klanten
defaults: {handling: H2, grading: B2, fact_or_assessment: fact}
entities:
  - key: account
    schema: BankAccount
    id: {column: klant}
    properties:
      iban: {column: iban}
      bankName: {column: bank}
      country: {column: land}
"""

LEDGER_MAPPING = """
agency: BE-FJP
dataset: msb-grootboek
defaults: {handling: H2, grading: B2, fact_or_assessment: fact}
entities:
  - key: payment
    schema: Payment
    id: {column: nr}
    properties:
      date: {column: datum, format: "%d/%m/%Y"}
      payerAccount: {column: van}
      beneficiaryAccount: {column: naar}
      amount: {column: bedrag}
      currency: {column: munt}
      method: {column: soort}
      purpose: {column: omschrijving}
"""

NOTEBOOK_MAPPING = """
agency: BE-FJP
dataset: hawala-schrift
read: {format: xlsx}
defaults: {handling: H2, grading: B2, fact_or_assessment: fact}
entities:
  - key: payment
    schema: Payment
    id: {column: Entry}
    properties:
      date: {column: Day}
      beneficiaryAccount: {column: Paid into}
      amount: {column: Amount}
      currency: {column: Currency}
"""

CUSTOMERS = (
    "klant;iban;bank;land\n"
    "K1;BE71 0961 2345 6769;Belfius;BE\n"
    "K2;GB33BUKB20201555555555;Barclays;GB\n"
    "K3;;Cash desk;BE\n"
)

LEDGER = (
    "nr;datum;van;naar;bedrag;munt;soort;omschrijving\n"
    "L1;02/03/2025;K1;K2;1.234,50;EUR;overschrijving;huur\n"
    "L2;03/03/2025;K2;K1;99,95;GBP;overschrijving;terug\n"
    "L3;04/03/2025;K1;K9;100,00;EUR;overschrijving;onbekende rekening\n"
    "L4;05/03/2025;K1;K2;-50,00;EUR;overschrijving;negatief\n"
    "L5;06/03/2025;K1;K2;70,00;ZZZ;overschrijving;munt\n"
    "L6;07/03/1901;K1;K2;80,00;EUR;overschrijving;te oud\n"
    "L7;08/03/2025;;;500,00;EUR;contant;geen rekening\n"
)


def _workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Entry", "Day", "Paid into", "Amount", "Currency"])
    for i, amount in enumerate([9_400, 9_650, 9_300, 9_800, 9_550]):
        sheet.append([f"H{i + 1}", f"2025-04-{10 + 2 * i:02d}", "K3", amount, "EUR"])
    book.save(path)
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("agency-layouts")
    files = {
        "klanten.csv": CUSTOMERS,
        "grootboek.csv": LEDGER,
        "klanten.yaml": ACCOUNTS_MAPPING,
        "grootboek.yaml": LEDGER_MAPPING,
        "schrift.yaml": NOTEBOOK_MAPPING,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    notebook = _workbook(folder / "schrift.xlsx")
    with Workspace.create(folder / "ws") as ws:
        for data, mapping in (
            (folder / "klanten.csv", "klanten.yaml"),
            (folder / "grootboek.csv", "grootboek.yaml"),
            (notebook, "schrift.yaml"),
        ):
            report = ingest_file(ws, data, mapping=load_mapping(folder / mapping))
            assert report.quarantined == 0, report.reasons
        root = create_first_admin(ws, "root", "BE-FJP", "a long admin password")
        add_user(ws, root, "ana", "BE-FJP", Role.ANALYST)
    return folder / "ws"


def test_accounts_and_payments_of_agency_layouts_reach_the_money_tables(workspace: Path) -> None:
    with Workspace.open(workspace) as ws:
        accounts = ws.rows(
            "SELECT account_id, country, iban, bank, handling_code FROM finance_accounts ORDER BY 1"
        )
        txns = ws.rows(
            "SELECT txn_id, ts::DATE::VARCHAR, from_account, to_account, amount::DOUBLE, currency, "
            "channel FROM finance_transactions ORDER BY 1"
        )
    assert accounts == [
        ("K1", "BE", "BE71096123456769", "Belfius", "H2"),
        ("K2", "GB", "GB33BUKB20201555555555", "Barclays", "H2"),
        ("K3", "BE", None, "Cash desk", "H2"),
    ]
    assert txns[:2] == [
        ("H1", "2025-04-10", None, "K3", 9_400.0, "EUR", "cash_deposit"),
        ("H2", "2025-04-12", None, "K3", 9_650.0, "EUR", "cash_deposit"),
    ]
    assert ("L1", "2025-03-02", "K1", "K2", 1_234.5, "EUR", "overschrijving") in txns
    assert ("L2", "2025-03-03", "K2", "K1", 99.95, "GBP", "overschrijving") in txns
    assert {t[0] for t in txns} == {"H1", "H2", "H3", "H4", "H5", "L1", "L2"}


def test_bad_money_rows_load_as_records_with_reasons(workspace: Path) -> None:
    with Workspace.open(workspace) as ws:
        issues = dict(
            ws.rows(
                "SELECT record_id, field || ': ' || reason FROM value_issues "
                "WHERE property = 'money' ORDER BY 1"
            )
        )
        records = ws.scalar("SELECT count(*) FROM records WHERE schema = 'Payment'")
    assert records == 7 + 5  # every row loaded as a record
    assert issues == {
        "L3": "to_account: not in the money tables: unknown account",
        "L4": "amount: not in the money tables: negative",
        "L5": "currency: not in the money tables: not an ISO 4217 code",
        "L6": "timestamp: not in the money tables: out of range",
    }  # L7 names no account: a cash payment recorded, no bank movement


def test_the_detectors_see_the_notebooks_cash(workspace: Path) -> None:
    with Workspace.open(workspace) as ws:
        found = service.alerts(ws, "ana", Purpose("OP-4: hawala notebook"))
    rows = found.alerts.to_pylist()
    assert [(r["typology"], sorted(r["accounts"])) for r in rows] == [("structuring", ["K3"])]
