"""The briefing's money section, through the gate."""

from __future__ import annotations

from pathlib import Path

from crossroute.ingest.finance import ingest_finance
from crossroute.report.money_section import money_section
from crossroute.sharing import Purpose, audit
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.finance.builders import Network, background


def test_money_section_lists_alerts_with_their_figures(tmp_path: Path) -> None:
    net = Network()
    background(net, ["P1", "P2"], "EMPLOYER", "LANDLORD")
    net.pay(10, "ORIGIN", "SHELL1", 50_000)
    net.pay(13, "SHELL1", "SHELL2", 49_000)
    net.pay(16, "SHELL2", "ORIGIN", 48_000)
    accounts, txns = net.write(tmp_path / "files")
    with Workspace.create(tmp_path / "ws") as ws:
        assert money_section(ws, "nobody", Purpose("OP-1: brief")) == ""
        ingest_finance(ws, accounts, agency="DE-BKA")
        ingest_finance(ws, txns, agency="DE-BKA")
        root = create_first_admin(ws, "root", "DE-BKA", "a long admin password")
        add_user(ws, root, "eva", "DE-BKA", Role.ANALYST)
        html = money_section(ws, "eva", Purpose("OP-1: brief"))
        assert "Laundering typologies" in html and "round_trip" in html and "longest 3" in html
        assert audit.entries(ws)[-1].actor == "eva"
