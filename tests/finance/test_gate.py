"""An account is shielded like its holder's person record: a victim's account needs a case."""

from __future__ import annotations

import csv
from pathlib import Path

from crossroute.analysis.finance import service
from crossroute.ingest.finance import ingest_finance
from crossroute.ingest.loader import ingest_file
from crossroute.sharing import Purpose
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.finance.builders import Network, background


def test_a_victims_account_is_not_shown_without_a_case(tmp_path: Path) -> None:
    net = Network()
    background(net, ["P1", "P2"], "EMPLOYER", "LANDLORD")
    for day in range(4):
        net.pay(10 + day, None, "VICTIM-ACC", 9_300 + 100 * day)
    for day in range(4):
        net.pay(30 + day, None, "P2", 9_300 + 100 * day)
    accounts, txns = net.write(tmp_path / "files")
    with accounts.open() as file:
        rows = list(csv.reader(file))
    with accounts.open("w", newline="") as file:
        out = csv.writer(file)
        out.writerow([*rows[0], "holder_record_id"])
        for row in rows[1:]:
            out.writerow([*row, "V1" if row[0] == "VICTIM-ACC" else ""])
    people = tmp_path / "people.csv"
    header = "record_id,source,full_name,given_name,family_name,date_of_birth,sex,nationality,"
    header += "place_of_birth,document_number,phone,email,address,city,country"
    people.write_text(header + "\nV1,FR-OCRIEST,Amina Victim,,,,,,,,,,,,\n")
    with Workspace.create(tmp_path / "ws") as ws:
        ingest_file(ws, people, agency="FR-OCRIEST", flags={"subject_category": "victim"})
        ingest_finance(ws, accounts, agency="FR-OCRIEST")
        ingest_finance(ws, txns, agency="FR-OCRIEST")
        root = create_first_admin(ws, "root", "FR-OCRIEST", "a long admin password")
        add_user(ws, root, "ana", "FR-OCRIEST", Role.ANALYST)
        found = service.alerts(ws, "ana", Purpose("OP-2: cash"))
        accounts_named = {a for row in found.alerts.to_pylist() for a in row["accounts"]}
    assert accounts_named == {"P2"}
