"""Accounts tied to people, and a set of accounts' money. An account the caller may see is held by a
person node of the caller's entity graph (`analysis.network.percaller`, built from the records the caller
may see with their resolution) when:

1. its `holder_record_id` is a person record of the same agency (resolution puts it in its entity);
2. else its IBAN is an IBAN node of the graph (a BankAccount record or a person's IBAN property), held by
   the people tied to that node;
3. else its `holder_name` is, ignoring case and spacing, the caption of exactly one person node.

A set of accounts' money (a group's: the accounts its members hold; or one account's) is read over the
transactions the caller may see (`finance_visible_accounts`, left by `gated.open_scope`), in EUR at the
monthly reference rates (`rates`): totals in and out, by month, counterparties, the top accounts, and a
Sankey of senders -> the accounts -> recipients."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from crossroute.analysis.network.entities import PERSON, EntityGraph

SANKEY_SIDE = 8  # counterparties drawn on each side of a Sankey (the rest in one "other" node)
TOP = 15

HOW = ("holder record", "IBAN", "name")


@dataclass(frozen=True)
class Holding:
    """An account and one person node holding it, and how the tie was made (`HOW`)."""

    account_id: str
    node: int
    how: str


def _name_key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def holdings(db: duckdb.DuckDBPyConnection, graph: EntityGraph) -> list[Holding]:
    """The visible accounts' holders among the graph's person nodes (module doc for the order)."""
    rows = db.execute(
        "SELECT DISTINCT a.account_id, a.source, a.holder_record_id, a.holder_name, a.iban "
        "FROM finance_accounts a JOIN finance_visible_accounts v USING (account_id, source) "
        "ORDER BY 1, 2"
    ).fetchall()
    by_record: dict[tuple[str, str], int] = {}
    by_name: dict[str, set[int]] = defaultdict(set)
    for node, keys in enumerate(graph.records):
        if graph.types[node] != PERSON:
            continue
        for key in keys:
            by_record[key] = node
            caption = graph.captions.get(key, "")
            if caption:
                by_name[_name_key(caption)].add(node)
    by_iban = _iban_holders(graph) if any(r[4] for r in rows) else {}
    found: dict[tuple[str, int], Holding] = {}
    for account, source, record_id, name, iban in rows:
        people: list[tuple[int, str]] = []
        if record_id and (source, record_id) in by_record:
            people = [(by_record[(source, record_id)], HOW[0])]
        if not people and iban:
            people = [(n, HOW[1]) for n in by_iban.get(iban, [])]
        if not people and name:
            named = by_name.get(_name_key(name), set())
            if len(named) == 1:
                people = [(next(iter(named)), HOW[2])]
        for node, how in people:
            found.setdefault((account, node), Holding(account, node, how))
    return list(found.values())


def _iban_holders(graph: EntityGraph) -> dict[str, list[int]]:
    """IBAN -> the people tied to the graph's node of that IBAN (one pass over the evidence)."""
    found: dict[str, set[int]] = defaultdict(set)
    for e in graph.evidence:
        for node, other in ((e.a, e.b), (e.b, e.a)):
            if graph.types[other] == PERSON and graph.ids[node].startswith("iban:"):
                found[graph.ids[node].removeprefix("iban:")].add(other)
    return {iban: sorted(people) for iban, people in found.items()}


_MONEY = """
CREATE OR REPLACE TEMP TABLE finance_set_txns AS
SELECT t.txn_id, t.ts, t.currency, t.amount, t.amount_eur,
    coalesce(t.from_account, 'cash') AS src, coalesce(t.to_account, 'cash') AS dst,
    t.from_account IN (SELECT account_id FROM finance_set) AS src_in,
    t.to_account IN (SELECT account_id FROM finance_set) AS dst_in
FROM finance_transactions t
WHERE (t.from_account IN (SELECT account_id FROM finance_set)
       OR t.to_account IN (SELECT account_id FROM finance_set))
  AND (t.from_account IS NULL OR t.from_account IN (SELECT account_id FROM finance_visible_accounts))
  AND (t.to_account IS NULL OR t.to_account IN (SELECT account_id FROM finance_visible_accounts))
"""


def accounts_money(db: duckdb.DuckDBPyConnection, accounts: list[str]) -> dict[str, Any]:
    """The money of these accounts over the caller's visible transactions (module doc)."""
    db.register("finance_set_arrow", pa.table({"account_id": pa.array(accounts, pa.string())}))
    db.execute("CREATE OR REPLACE TEMP TABLE finance_set AS SELECT * FROM finance_set_arrow")
    db.unregister("finance_set_arrow")
    db.execute(_MONEY)
    flow = (
        "CASE WHEN coalesce(src_in, false) AND coalesce(dst_in, false) THEN 'internal' "
        "WHEN coalesce(dst_in, false) THEN 'in' ELSE 'out' END"
    )
    totals: dict[str, Any] = {"in": 0.0, "out": 0.0, "internal": 0.0}
    counts: dict[str, int] = {"in": 0, "out": 0, "internal": 0}
    written: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    missing = 0
    for way, currency, n, amount, eur, no_rate in db.execute(
        f"SELECT {flow} AS way, currency, count(*), sum(amount), sum(amount_eur), "
        "count(*) FILTER (WHERE amount_eur IS NULL) FROM finance_set_txns GROUP BY ALL"
    ).fetchall():
        totals[way] += float(eur or 0.0)
        counts[way] += int(n)
        written[way][currency] += float(amount)
        missing += int(no_rate)
    months: dict[str, dict[str, float]] = defaultdict(lambda: {"in": 0.0, "out": 0.0})
    for month, way, eur in db.execute(
        f"SELECT strftime(ts, '%Y-%m'), {flow} AS way, sum(amount_eur) FROM finance_set_txns "
        "WHERE amount_eur IS NOT NULL GROUP BY ALL ORDER BY 1"
    ).fetchall():
        if way != "internal":
            months[month][way] += round(float(eur), 2)
    counterparties = [
        {"account": acct, "direction": way, "payments": int(n), "amount_eur": round(float(eur), 2)}
        for acct, way, n, eur in db.execute(
            "SELECT CASE WHEN dst_in THEN src ELSE dst END, CASE WHEN dst_in THEN 'in' ELSE 'out' END, "
            "count(*), sum(amount_eur) FROM finance_set_txns "
            "WHERE amount_eur IS NOT NULL AND NOT (coalesce(src_in, false) AND coalesce(dst_in, false)) "
            "GROUP BY ALL ORDER BY 4 DESC, 1 LIMIT ?",
            [TOP],
        ).fetchall()
    ]
    top = [
        {"account": acct, "in_eur": round(float(i), 2), "out_eur": round(float(o), 2),
         "payments": int(n)}
        for acct, i, o, n in db.execute(
            "WITH sides AS ("
            "  SELECT dst AS acct, amount_eur AS i, 0.0 AS o FROM finance_set_txns WHERE dst_in "
            "  UNION ALL SELECT src, 0.0, amount_eur FROM finance_set_txns WHERE src_in) "
            "SELECT acct, coalesce(sum(i), 0), coalesce(sum(o), 0), count(*) FROM sides "
            "GROUP BY acct ORDER BY sum(i) + sum(o) DESC, acct LIMIT ?",
            [TOP],
        ).fetchall()
    ]  # fmt: skip
    sankey = _sankey(db)
    db.execute("DROP TABLE IF EXISTS finance_set_txns")
    db.execute("DROP TABLE IF EXISTS finance_set")
    return {
        "currency": "EUR",
        "totals": {k: round(v, 2) for k, v in totals.items()},
        "payments": counts,
        "without_rate": missing,
        "as_written": {k: dict(v) for k, v in written.items()},
        "by_month": dict(months),
        "counterparties": counterparties,
        "top_accounts": top,
        "sankey": sankey,
    }


_SANKEY = """
WITH ext AS (
    SELECT CASE WHEN dst_in THEN 'in' ELSE 'out' END AS way,
        CASE WHEN dst_in THEN src ELSE dst END AS party, CASE WHEN dst_in THEN dst ELSE src END AS own,
        amount_eur
    FROM finance_set_txns
    WHERE amount_eur IS NOT NULL AND NOT (coalesce(src_in, false) AND coalesce(dst_in, false))
),
ranked_party AS (
    SELECT way, party, sum(amount_eur) AS eur,
        row_number() OVER (PARTITION BY way ORDER BY party = 'cash' DESC, sum(amount_eur) DESC, party) AS r
    FROM ext GROUP BY way, party
),
ranked_own AS (
    SELECT own, row_number() OVER (ORDER BY sum(amount_eur) DESC, own) AS r FROM ext GROUP BY own
),
labelled AS (
    SELECT e.way, CASE WHEN p.r <= $side THEN e.party END AS party,
        CASE WHEN o.r <= $side THEN e.own END AS own, e.amount_eur
    FROM ext e JOIN ranked_party p USING (way, party) JOIN ranked_own o USING (own)
)
SELECT way, party, own, sum(amount_eur) AS eur, count(*) AS n
FROM labelled GROUP BY way, party, own ORDER BY eur DESC
"""


def _sankey(db: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Senders -> the set's accounts -> recipients, in EUR: the `SANKEY_SIDE` largest of each (cash as
    one party), the rest in an "other" node; transfers within the set left out (in the totals)."""
    nodes: dict[str, dict[str, Any]] = {}
    links: list[dict[str, Any]] = []

    def node(key: str, label: str, column: str, account: str | None) -> str:
        nodes.setdefault(key, {"id": key, "label": label, "column": column, "account": account})
        return key

    for way, party, own, eur, n in db.execute(_SANKEY, {"side": SANKEY_SIDE}).fetchall():
        mid = node(f"own:{own or '*'}", own or "other accounts", "accounts", own)
        if way == "in":
            label = "cash paid in" if party == "cash" else party or "other senders"
            far = node(f"in:{party or '*'}", label, "senders", party if party != "cash" else None)
            links.append(
                {
                    "source": far,
                    "target": mid,
                    "amount_eur": round(float(eur), 2),
                    "payments": int(n),
                }
            )
        else:
            label = "cash drawn out" if party == "cash" else party or "other recipients"
            far = node(
                f"out:{party or '*'}", label, "recipients", party if party != "cash" else None
            )
            links.append(
                {
                    "source": mid,
                    "target": far,
                    "amount_eur": round(float(eur), 2),
                    "payments": int(n),
                }
            )
    return {"nodes": list(nodes.values()), "links": links}
