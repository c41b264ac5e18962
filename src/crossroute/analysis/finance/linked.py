"""Money in the entity graph, as a caller may see it: a group's money (the accounts its members hold) and
an account's people (its holders and their groups). Each call is one gate call and one audit entry
(`analysis.network.gated.view`, naming the people shown and, in its detail, the accounts): the group,
its members and the holders come from the caller's own network analysis (built from the records they
may see), the accounts and transactions from those the finance gate leaves visible (`gated.open_scope`),
and a holder's group is shown only when every record and tie of the holder is one the caller may see
(`View.complete`), as everywhere else."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from crossroute.analysis.finance import gated
from crossroute.analysis.finance.people import Holding, accounts_money, holdings
from crossroute.analysis.network.case import CaseNetwork, group_candidates
from crossroute.analysis.network.gated import Asked, Indexed, View, view
from crossroute.sharing import Purpose
from crossroute.store import Workspace


def _person(case: CaseNetwork, seen: View, node: int, how: str | None = None) -> dict[str, Any]:
    whole = seen.complete(node)
    node_id = case.graph.ids[node]
    found: dict[str, Any] = {
        "id": node_id,
        "entity_id": node_id.removeprefix("person:"),
        "label": seen.label(node),
        "group": int(case.communities.membership[node]) if whole else None,
        "role": (case.roles[node].role if node in case.roles else None) if whole else None,
        "withheld": not whole,
    }
    if how:
        found["tied_by"] = how
    return found


def _holders_of(found: list[Holding]) -> dict[str, list[Holding]]:
    by: dict[str, list[Holding]] = defaultdict(list)
    for h in found:
        by[h.account_id].append(h)
    return by


def _name_parties(
    money: dict[str, Any], case: CaseNetwork, seen: View, by: dict[str, list[Holding]]
) -> None:
    """Add the visible holders to every account the money names."""

    def people(account: str | None) -> list[dict[str, Any]]:
        return [
            _person(case, seen, h.node, h.how)
            for h in by.get(account or "", [])
            if h.node in seen.known
        ]

    for row in money["counterparties"]:
        row["holders"] = people(row["account"])
    for row in money["top_accounts"]:
        row["holders"] = people(row["account"])
    for node in money["sankey"]["nodes"]:
        held = people(node["account"])
        if held:
            node["holders"] = [p["label"] for p in held]


def group_money(
    ws: Workspace,
    user: str,
    purpose: Purpose,
    case: CaseNetwork,
    index: Indexed,
    group: int,
    *,
    today: dt.date | None = None,
) -> dict[str, Any] | None:
    """A group's money: the accounts its visible members hold, their totals in and out (EUR),
    counterparties (with their holders), top accounts and a Sankey; None when the caller may see no
    such group."""
    scope = gated.open_scope(ws, user, purpose, today)
    found = next((g for g in group_candidates(case, min_members=2) if g.community == group), None)
    members = set(found.members) if found else set()
    held = holdings(ws.db, case.graph)
    by = _holders_of(held)
    own = sorted({h.account_id for h in held if h.node in members})
    money = accounts_money(ws.db, own)
    parties = {row["account"] for row in money["counterparties"]} | {
        n["account"] for n in money["sankey"]["nodes"] if n["account"]
    }
    around = sorted({h.node for a in parties for h in by.get(a, ())} - members)
    seen = view(
        ws, user, purpose, index, [*sorted(members), *around], path="api money group",
        asked=[Asked(str(group), (), False)], today=today,
        detail={"money_group": group, "accounts": own[:200], "accounts_visible": scope.accounts},
    )  # fmt: skip
    visible = [m for m in sorted(members) if m in seen.nodes and seen.complete(m)]
    if not visible:
        return None
    shown_accounts = sorted({h.account_id for h in held if h.node in visible})
    if shown_accounts != own:  # a member the caller may not see in full: their accounts left out
        money = accounts_money(ws.db, shown_accounts)
    _name_parties(money, case, seen, by)
    return {
        "group": group,
        "members_holding": [
            {
                **_person(case, seen, m),
                "accounts": sorted(h.account_id for h in held if h.node == m),
            }
            for m in visible
            if any(h.node == m for h in held)
        ],
        "accounts": shown_accounts,
        **money,
    }


def account_people(
    ws: Workspace,
    user: str,
    purpose: Purpose,
    case: CaseNetwork,
    index: Indexed,
    account: str,
    *,
    today: dt.date | None = None,
) -> dict[str, Any] | None:
    """An account's holders (and how they were tied) with their groups, and its money; None when the
    caller may not see the account."""
    scope = gated.open_scope(ws, user, purpose, today)
    known = ws.scalar(f"SELECT count(*) FROM {gated.VISIBLE} WHERE account_id = ?", [account])
    held = holdings(ws.db, case.graph) if known else []
    by = _holders_of(held)
    nodes = sorted({h.node for h in held})
    seen = view(
        ws, user, purpose, index, nodes, path="api money account",
        asked=[Asked(account, (), False)], today=today,
        detail={"account": account, "found": bool(known), "accounts_visible": scope.accounts},
    )  # fmt: skip
    if not known:
        return None
    facts = ws.rows(
        "SELECT any_value(country), any_value(type), any_value(bank), any_value(iban), "
        "any_value(holder_name) FROM finance_accounts WHERE account_id = ?",
        [account],
    )[0]
    money = accounts_money(ws.db, [account])
    _name_parties(money, case, seen, by)
    return {
        "account": account,
        "country": facts[0],
        "type": facts[1],
        "bank": facts[2],
        "iban": facts[3],
        "holder_name": facts[4],
        "holders": [
            _person(case, seen, h.node, h.how) for h in by.get(account, []) if h.node in seen.known
        ],
        **money,
    }
