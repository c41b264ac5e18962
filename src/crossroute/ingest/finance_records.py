"""Agencies' own financial layouts (a bank's return, an MSB ledger, a hawala notebook transcribed to XLSX)
reach the money tables through their mappings: a mapping makes `BankAccount` and `Payment` records, and
each batch's records of those schemas are then also checked and written as finance accounts and
transactions, in SQL, in the load's own transaction, with the same checks as the canonical files.

BankAccount -> account: `account_id` the record id, `iban`, `bank` (bankName), `holder_record_id` (holder),
`country` (the IBAN's, else the record's, as alpha-2), `type` (accountType, else empty).
Payment -> transaction: `txn_id` the record id, `timestamp` (date), `from_account` (payerAccount),
`to_account` (beneficiaryAccount), `amount`, `currency`, `channel` (cash_deposit without a payer account,
cash_withdrawal without a beneficiary account, else the method as written), `reference` (purpose).
A payment naming no account at all (cash handed over, a hawala promise) is no bank movement and stays a
record only. A record that cannot become money (unknown account, negative amount, unknown currency, a
date out of range, an id already loaded) keeps loading as a record and gets a value issue naming the field
and why (`crossroute quarantine WS --value-issues`): nothing is dropped silently. Load the accounts'
file before the payments' (a payment naming an account not yet loaded gets 'unknown account')."""

from __future__ import annotations

import pycountry

from crossroute.ingest.finance import _STAGE, _load_accounts, _load_transactions
from crossroute.ingest.loader import IngestReport
from crossroute.store import Workspace
from crossroute.store.finance_results import forget

_FIRST = "properties ->> '$.{0}[0]'"
_COUNTRIES = "finance_country_codes"  # records keep alpha-3 countries, the money tables alpha-2

_ACCOUNTS = f"""
CREATE TEMP TABLE {_STAGE} AS SELECT row_number, source AS r_source,
    record_id AS account_id,
    upper(coalesce(
        CASE WHEN regexp_full_match({_FIRST.format("iban")}, '[A-Za-z]{{2}}[0-9].*')
             THEN left({_FIRST.format("iban")}, 2) END,
        (SELECT alpha_2 FROM {_COUNTRIES} WHERE alpha_3 = {_FIRST.format("country")}),
        {_FIRST.format("country")})) AS country,
    {_FIRST.format("accountType")} AS type,
    {_FIRST.format("bankName")} AS bank,
    {_FIRST.format("holder")} AS holder_record_id,
    NULL::VARCHAR AS holder_name,
    coalesce({_FIRST.format("iban")}, {_FIRST.format("iban_invalid")}) AS iban,
    NULL::VARCHAR AS opened_on
FROM records
WHERE batch_id = ? AND schema = 'BankAccount' AND source = ?
    AND handling_scheme IS NOT DISTINCT FROM ? AND handling_code IS NOT DISTINCT FROM ?
    AND handling_note IS NOT DISTINCT FROM ?
"""

_PAYMENTS = f"""
CREATE TEMP TABLE {_STAGE} AS SELECT row_number, source AS r_source,
    record_id AS txn_id,
    coalesce({_FIRST.format("date")}, {_FIRST.format("date_invalid")}) AS "timestamp",
    {_FIRST.format("payerAccount")} AS from_account,
    {_FIRST.format("beneficiaryAccount")} AS to_account,
    coalesce({_FIRST.format("amount")}, {_FIRST.format("amount_invalid")}) AS amount,
    {_FIRST.format("currency")} AS currency,
    CASE WHEN {_FIRST.format("payerAccount")} IS NULL THEN 'cash_deposit'
         WHEN {_FIRST.format("beneficiaryAccount")} IS NULL THEN 'cash_withdrawal'
         ELSE lower({_FIRST.format("method")}) END AS channel,
    NULL::VARCHAR AS from_country, NULL::VARCHAR AS to_country,
    {_FIRST.format("purpose")} AS reference
FROM records
WHERE batch_id = ? AND schema = 'Payment' AND source = ?
    AND ({_FIRST.format("payerAccount")} IS NOT NULL
         OR {_FIRST.format("beneficiaryAccount")} IS NOT NULL)
"""

# the text of a record that could not become money, for its value issue
_ACCOUNT_TEXT = "concat_ws('|', account_id, iban, bank, holder_record_id)"
_PAYMENT_TEXT = "concat_ws('|', txn_id, \"timestamp\", from_account, to_account, amount, currency)"


def money_from_records(
    workspace: Workspace, batch_id: int, file_path: str, report: IngestReport
) -> None:
    """Write the batch's BankAccount and Payment records also as finance accounts and transactions
    (inside the caller's transaction); counts go to `report.money_rows` and its value issues."""
    accounts = workspace.rows(
        "SELECT DISTINCT source, handling_scheme, handling_code, handling_note FROM records "
        "WHERE batch_id = ? AND schema = 'BankAccount' ORDER BY ALL",
        [batch_id],
    )
    payments = workspace.rows(
        "SELECT DISTINCT source FROM records WHERE batch_id = ? AND schema = 'Payment' ORDER BY 1",
        [batch_id],
    )
    if not accounts and not payments:
        return
    forget(workspace.db)  # stored money alerts are of the data before this load
    db = workspace.db
    db.execute(f"CREATE OR REPLACE TEMP TABLE {_COUNTRIES} (alpha_3 VARCHAR, alpha_2 VARCHAR)")
    db.executemany(
        f"INSERT INTO {_COUNTRIES} VALUES (?, ?)",
        [[c.alpha_3, c.alpha_2] for c in pycountry.countries],
    )
    for source, *handling in accounts:  # one owner's handling code per account
        db.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        workspace.rows(_ACCOUNTS, [batch_id, source, *handling])
        _load_accounts(
            workspace, batch_id, source, (handling[0], handling[1], handling[2]), file_path, report,
            _ACCOUNT_TEXT, from_records=True,
        )  # fmt: skip
    for (source,) in payments:
        db.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        workspace.rows(_PAYMENTS, [batch_id, source])
        _load_transactions(
            workspace, batch_id, source, file_path, report, _PAYMENT_TEXT, from_records=True
        )
    db.execute(f"DROP TABLE IF EXISTS {_STAGE}")
    db.execute(f"DROP TABLE {_COUNTRIES}")
