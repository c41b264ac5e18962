"""A small case for the insider list, loaded through the real ingest (JSON lines, one agency):

- Jan Peeters (customs officer): suspect at a seizure whose container went to Fruit Import BV, and paid
  by Besnik Hoxha, who directs Fruit Import BV;
- Els Maes (dock worker): paid by Arben Lika, an organiser;
- Kurt Wouters (crane operator): paid by Arben Lika too, but that payment is TLP:RED (the owner's
  agency sees it, nobody else);
- Tom Claes (dock worker) called Arben Lika once: a weak tie;
- Ann Jacobs (port police) and Lies Peeters (customs officer): honest colleagues, no tie at all.

Users: `anna` and `carl` (analysts of another agency: they do not see the red payment), `bert` (analyst
of the owner, sees everything), `sam` (supervisor of the owner), `root` (administrator)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crossroute.ingest.loader import ingest_file
from crossroute.sharing.users import FIRST_ADMIN, Role, _insert, add_user
from crossroute.store import Workspace

OWNER = "BE-CUSTOMS"
RED_PAYMENT = "PAY-RED"


def _person(rid: str, name: str, role: str, **more: list[str]) -> dict[str, Any]:
    first, last = name.split(" ", 1)
    props = {"name": [name], "firstName": [first], "lastName": [last], "role": [role], **more}
    return {"record_id": rid, "schema": "Person", "properties": props}


RECORDS: list[dict[str, Any]] = [
    _person("P-JAN", "Jan Peeters", "douanier, Douane Antwerpen", birthDate=["1980-02-03"]),
    _person("P-ELS", "Els Maes", "havenarbeider, PSA Antwerp terminal", birthDate=["1985-05-06"]),
    _person("P-KURT", "Kurt Wouters", "kraanman, DP World terminal", birthDate=["1979-07-08"]),
    _person("P-TOM", "Tom Claes", "havenarbeider, PSA Antwerp terminal", phone=["+32470111222"]),
    _person("P-ANN", "Ann Jacobs", "inspecteur havenpolitie, Scheepvaartpolitie Antwerpen"),
    _person("P-LIES", "Lies Peeters", "douanier, Douane Antwerpen", birthDate=["1991-01-01"]),
    _person("P-ARBEN", "Arben Lika", "organiser", phone=["+32470999888"]),
    _person("P-BESNIK", "Besnik Hoxha", "courier"),
    {"record_id": "O-FRUIT", "schema": "Organization",
     "properties": {"name": ["Fruit Import BV"], "registrationNumber": ["BE0999888777"]}},
    {"record_id": "M-DIR", "schema": "Membership",
     "properties": {"member": ["P-BESNIK"], "organization": ["O-FRUIT"], "role": ["director"]}},
    {"record_id": "K-1", "schema": "Container", "properties": {"number": ["MSCU1234565"]}},
    {"record_id": "SH-1", "schema": "Shipment",
     "properties": {"container": ["K-1"], "consignee": ["O-FRUIT"], "originCountry": ["EC"],
                    "destinationPort": ["Antwerpen"]}},
    {"record_id": "Z-1", "schema": "Seizure",
     "properties": {"date": ["2025-03-04"], "container": ["K-1"], "suspect": ["P-JAN"],
                    "goods": ["cocaine"]}},
    {"record_id": "PAY-1", "schema": "Payment",
     "properties": {"payer": ["P-BESNIK"], "beneficiary": ["P-JAN"], "amount": ["20000"],
                    "currency": ["EUR"], "date": ["2025-02-01"]}},
    {"record_id": "PAY-2", "schema": "Payment",
     "properties": {"payer": ["P-ARBEN"], "beneficiary": ["P-ELS"], "amount": ["15000"],
                    "currency": ["EUR"], "date": ["2025-04-01"]}},
    {"record_id": RED_PAYMENT, "schema": "Payment", "handling": "TLP:RED",
     "properties": {"payer": ["P-ARBEN"], "beneficiary": ["P-KURT"], "amount": ["30000"],
                    "currency": ["EUR"], "date": ["2025-05-01"]}},
    {"record_id": "CALL-1", "schema": "Call",
     "properties": {"caller": ["P-TOM"], "receiver": ["P-ARBEN"], "date": ["2025-01-09"]}},
]  # fmt: skip
PURPOSE = "OP-QUAY: port insiders behind the March seizure"


def build(folder: Path) -> Path:
    """The workspace (records, users); returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "records.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in RECORDS:
            row = {"source": OWNER, "handling": "SIENA:H0", "grading": "B2", **record}
            row.setdefault("subject_category", "suspect") if record["schema"] == "Person" else None
            handle.write(json.dumps(row) + "\n")
    ws_path = folder / "ws"
    with Workspace.create(ws_path) as ws:
        report = ingest_file(ws, path)
        assert report.quarantined == 0, report
        boss = _insert(ws, "root", "UK-NCA", Role.ADMINISTRATOR, None, FIRST_ADMIN)
        for name, agency, role in (
            ("anna", "NL-KMAR", Role.ANALYST),
            ("carl", "NL-KMAR", Role.ANALYST),
            ("bert", OWNER, Role.ANALYST),
            ("sam", OWNER, Role.SUPERVISOR),
        ):
            add_user(ws, boss, name, agency, role)
    return ws_path
