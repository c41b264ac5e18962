"""The case's bank money: a bank return requisitioned by French police (OCRIEST), in the canonical
financial CSVs, from the transaction simulator (`simulate/money.py`: ordinary activity, look-alikes and
laundering schemes in the eight typologies at well under 1% of transactions), with the schemes' busiest
accounts held by members of the case's smuggling groups (by their French person record), so that the
money views, the alerts queue and the briefing of a simulated case show laundering tied to its people.

Writes agencies/FR-OCRIEST/banque-comptes.csv, agencies/FR-OCRIEST/banque-operations.csv, and the truth:
truth/money.csv (`txn_id,is_laundering,scheme_id,typology`) and truth/money_holders.csv
(`account_id,person_id,group_id,scheme_id`)."""

from __future__ import annotations

import csv
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from crossroute.simulate.money import simulate_money
from crossroute.simulate.network import Group
from crossroute.simulate.summary import FileSummary

AGENCY = "FR-OCRIEST"
ACCOUNTS = f"agencies/{AGENCY}/banque-comptes.csv"
TRANSACTIONS = f"agencies/{AGENCY}/banque-operations.csv"
TRANSACTIONS_BY_SCALE = {"small": 30_000, "medium": 150_000, "large": 500_000}
LAUNDERING_RATE = 0.004
HELD_PER_SCHEME = 2  # the scheme's busiest accounts are the group's


def write_case_money(out: Path, seed: int, scale: str, groups: list[Group]) -> list[FileSummary]:
    """Simulate the case's bank money into `out` (same seed, same files); the files for the manifest."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        simulate_money(
            work,
            seed=seed,
            transactions=TRANSACTIONS_BY_SCALE.get(scale, 30_000),
            laundering_rate=LAUNDERING_RATE,
        )
        accounts = pacsv.read_csv(work / "accounts.csv")
        txns = pacsv.read_csv(work / "transactions.csv")
        truth = pacsv.read_csv(work / "truth.csv")
    holders = _holders(txns, truth, groups)
    record = {account: person_record for account, (person_record, *_) in holders.items()}
    ids = accounts["account_id"].to_pylist()
    accounts = accounts.append_column(
        "holder_record_id", pa.array([record.get(a) for a in ids], pa.string())
    )
    agency_folder = out / "agencies" / AGENCY
    agency_folder.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(accounts, out / ACCOUNTS)
    pacsv.write_csv(txns, out / TRANSACTIONS)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(truth, out / "truth" / "money.csv")
    with (out / "truth" / "money_holders.csv").open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["account_id", "person_id", "group_id", "scheme_id"])
        for account, (_, person_id, group_id, scheme) in sorted(holders.items()):
            writer.writerow([account, person_id, group_id, scheme])
    return [
        FileSummary(ACCOUNTS, AGENCY, None, accounts.num_rows, accounts.num_rows),
        FileSummary(TRANSACTIONS, AGENCY, None, txns.num_rows, txns.num_rows),
    ]


def _holders(
    txns: pa.Table, truth: pa.Table, groups: list[Group]
) -> dict[str, tuple[str, str, str, str]]:
    """account -> (French person record, person id, group id, scheme): each scheme's busiest accounts
    given to members of one smuggling group (the groups taken in turn), members with a French record."""
    named = [
        (g.id, [(p.records[AGENCY][0], p.id) for p in g.members if p.records.get(AGENCY)])
        for g in groups
        if g.kind == "smuggling"
    ]
    named = [(group_id, crew) for group_id, crew in named if crew]
    if not named:
        return {}
    laundering = pc.equal(truth["is_laundering"], 1)
    schemes = dict(
        zip(
            pc.filter(truth["txn_id"], laundering).to_pylist(),
            pc.filter(truth["scheme_id"], laundering).to_pylist(),
            strict=True,
        )
    )
    busy: dict[str, Counter[str]] = defaultdict(Counter)
    for txn_id, src, dst in zip(
        txns["txn_id"].to_pylist(),
        txns["from_account"].to_pylist(),
        txns["to_account"].to_pylist(),
        strict=True,
    ):
        scheme = schemes.get(txn_id)
        if scheme is None:
            continue
        for account in (src, dst):
            if account:
                busy[scheme][account] += 1
    out: dict[str, tuple[str, str, str, str]] = {}
    for i, scheme in enumerate(sorted(busy)):
        group_id, crew = named[i % len(named)]
        for j, (account, _) in enumerate(busy[scheme].most_common(HELD_PER_SCHEME)):
            if account not in out:
                record_id, person_id = crew[j % len(crew)]
                out[account] = (record_id, person_id, group_id, scheme)
    return out
