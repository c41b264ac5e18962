"""Accounts tied to people in the entity graph (by holder record, IBAN, unique name), a group's money
and an account's people with their groups, through the gate, on the small resolved case; and the
briefing's Sankey of a group's money."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page

from crossroute.analysis.finance import linked
from crossroute.analysis.network.percaller import caller_case
from crossroute.ingest.finance import ingest_finance
from crossroute.report.content import gather
from crossroute.report.html import render
from crossroute.sharing import Purpose, audit
from crossroute.store import Workspace
from tests.api.served import serve, served_copy
from tests.web.conftest import log_in, page, shot
from tests.web.test_every_view import overflow, settle

__all__ = ["page"]
pytestmark = pytest.mark.slow  # the small simulated case, resolved
PURPOSE = Purpose("OP-TEST: follow the money")


@dataclass
class World:
    path: Path
    group: int
    holder: int  # the member holding G1 by record id
    by_iban: int | None  # the member holding G2 by IBAN (None when no member has one)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    path = served_copy(tmp_path_factory, "money-linked")
    folder = path.parent / "files"
    folder.mkdir()
    with Workspace.open(path) as ws:
        mine = caller_case(ws, "anna", PURPOSE)
        graph = mine.case.graph
        group = max(mine.groups(min_members=2), key=lambda g: len(g.members))
        keyed = [(m, key) for m in group.members for key in graph.records[m] if key[0] == "UK-NCA"]
        holder, (_, record_id) = keyed[0]
        members = set(group.members) - {holder}
        tied = [  # an IBAN node of the graph held by another member
            (graph.ids[e.a if graph.ids[e.a].startswith("iban:") else e.b], end)
            for e in graph.evidence
            for end in (e.a, e.b)
            if end in members and any(graph.ids[x].startswith("iban:") for x in (e.a, e.b))
        ]
        iban, by_iban = tied[0] if tied else ("iban:", None)
        with (folder / "accounts.csv").open("w", newline="") as file:
            out = csv.writer(file)
            out.writerow(["account_id", "country", "type", "bank", "holder_record_id", "iban"])
            out.writerow(["G1", "GB", "personal", "HSBC", record_id, ""])
            out.writerow(["G2", "BE", "personal", "KBC", "", iban.removeprefix("iban:")])
            for x in ("X1", "X2", "X3"):
                out.writerow([x, "IQ", "personal", "MSB", "", ""])
        with (folder / "transactions.csv").open("w", newline="") as file:
            out = csv.writer(file)
            out.writerow(
                [
                    "txn_id",
                    "timestamp",
                    "from_account",
                    "to_account",
                    "amount",
                    "currency",
                    "channel",
                ]
            )
            out.writerow(["T1", "2025-03-01", "X1", "G1", "5000", "EUR", "transfer"])
            out.writerow(["T2", "2025-03-02", "X2", "G1", "3000", "GBP", "transfer"])
            out.writerow(["T3", "2025-03-03", "G1", "G2", "1000", "EUR", "transfer"])
            out.writerow(["T4", "2025-03-04", "G2", "X3", "900", "EUR", "transfer"])
            out.writerow(["T5", "2025-03-05", "", "G1", "2000", "EUR", "cash_deposit"])
        # the case's own money (Belgian police's accounts and payments, loaded through their mappings)
        # is set aside so that the figures below are those of these files alone
        ws.db.execute("DELETE FROM finance_transactions")
        ws.db.execute("DELETE FROM finance_accounts")
        ingest_finance(ws, folder / "accounts.csv", agency="UK-NCA", flags={"handling": "TLP:RED"})
        ingest_finance(ws, folder / "transactions.csv", agency="UK-NCA")
        found = World(path, group.community, holder, by_iban)
    return found


def test_a_groups_page_shows_the_money_of_the_accounts_its_members_hold(world: World) -> None:
    with Workspace.open(world.path) as ws:
        _test_a_groups_page_shows_the_money_of_the_accounts_its_members_hold(world, ws)


def _test_a_groups_page_shows_the_money_of_the_accounts_its_members_hold(
    world: World, ws: Workspace
) -> None:
    mine = caller_case(ws, "anna", PURPOSE)
    before = len(audit.entries(ws))
    found = linked.group_money(ws, "anna", PURPOSE, mine.case, mine.index, world.group)
    assert len(audit.entries(ws)) == before + 1  # one audit entry for the call
    assert found is not None
    holders = {p["id"]: p for p in found["members_holding"]}
    assert mine.case.graph.ids[world.holder] in holders
    assert holders[mine.case.graph.ids[world.holder]]["accounts"][0] == "G1"
    if world.by_iban is not None:
        assert found["accounts"] == ["G1", "G2"]
        assert found["totals"]["internal"] == 1000 and found["totals"]["out"] == 900
    gbp = ws.scalar("SELECT amount_eur FROM finance_transactions WHERE txn_id = 'T2'")
    assert found["totals"]["in"] == pytest.approx(5000 + 2000 + gbp, abs=0.01)
    assert found["as_written"]["in"]["GBP"] == 3000
    parties = {(c["account"], c["direction"]) for c in found["counterparties"]}
    assert {("X1", "in"), ("X2", "in"), ("cash", "in")} <= parties
    sankey = found["sankey"]
    ids = {n["id"] for n in sankey["nodes"]}
    assert {"in:X1", "in:cash", "own:G1"} <= ids
    assert sum(link["amount_eur"] for link in sankey["links"] if link["target"] == "own:G1") == (
        pytest.approx(found["totals"]["in"], abs=0.01)
    )


def test_an_accounts_holders_show_their_group(world: World) -> None:
    with Workspace.open(world.path) as ws:
        _test_an_accounts_holders_show_their_group(world, ws)


def _test_an_accounts_holders_show_their_group(world: World, ws: Workspace) -> None:
    mine = caller_case(ws, "anna", PURPOSE)
    found = linked.account_people(ws, "anna", PURPOSE, mine.case, mine.index, "G1")
    assert found is not None
    (holder,) = found["holders"]
    assert holder["tied_by"] == "holder record" and holder["group"] == world.group
    assert found["totals"]["out"] == 1000 and found["totals"]["in"] > 10_000
    if world.by_iban is not None:
        other = linked.account_people(ws, "anna", PURPOSE, mine.case, mine.index, "G2")
        assert other is not None and other["holders"][0]["tied_by"] == "IBAN"


def test_an_agency_that_may_not_see_the_accounts_gets_nothing(world: World) -> None:
    with Workspace.open(world.path) as ws:
        _test_an_agency_that_may_not_see_the_accounts_gets_nothing(world, ws)


def _test_an_agency_that_may_not_see_the_accounts_gets_nothing(world: World, ws: Workspace) -> None:
    mine = caller_case(ws, "farid", PURPOSE)
    assert linked.account_people(ws, "farid", PURPOSE, mine.case, mine.index, "G1") is None


def test_the_briefing_draws_a_groups_money_as_a_sankey(world: World) -> None:
    with Workspace.open(world.path) as ws:
        _test_the_briefing_draws_a_groups_money_as_a_sankey(world, ws)


def _test_the_briefing_draws_a_groups_money_as_a_sankey(world: World, ws: Workspace) -> None:
    briefing = gather(ws, "anna", PURPOSE)
    html = render(briefing)
    assert "id='money-flows'" in html and f"money-sankey-{world.group}" in html
    assert "ECB euro foreign exchange reference rates" in html


@pytest.mark.browser
def test_a_groups_page_shows_its_accounts_and_a_sankey_in_chromium(
    world: World, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    with serve(world.path) as served:
        log_in(tab, served.url, "OP-TEST: a group's money")
        tab.goto(f"{served.url}/#/group/{world.group}")
        tab.wait_for_selector("#group-accounts .sankey rect")
        settle(tab)
        card = tab.inner_text("#group-accounts")
        assert "Money in" in card and "3,000.00 GBP" in card and "cash paid in" in card
        assert "G1" in tab.inner_text("#money-top-accounts")
        assert overflow(tab) == 0
        tab.locator("#group-accounts").scroll_into_view_if_needed()
        shot(tab, "money-group")
        tab.click("#money-top-accounts >> text=G1")
        tab.wait_for_selector("#account-holders a.group-link")
        assert f"group {world.group}" in tab.inner_text("#account-holders")
        assert "holder record" in tab.inner_text("#account-holders")
        shot(tab, "money-group-account")
    assert errors == []
    assert outside == []
