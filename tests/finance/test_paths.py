"""Paths between two parties: time-respecting chains of visible payments, one audit entry per call."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroute.analysis.finance import service
from crossroute.ingest.finance import ingest_finance
from crossroute.sharing import Purpose, audit
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.finance.builders import Network

PURPOSE = Purpose("OP-3: who paid the boat")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("money-paths")
    net = Network()
    net.pay(1, "RELATIVE", "COLLECTOR", 3_000)
    net.pay(3, "COLLECTOR", "MULE", 2_900)  # on after it arrived: a path
    net.pay(5, "MULE", "BOATMAN", 2_500)
    net.pay(2, "COLLECTOR", "DRIVER", 800)
    net.pay(4, "DRIVER", "BOATMAN", 700)  # a second, smaller path
    net.pay(0, "OTHER", "BOATMAN", 9_000)  # BOATMAN paid before: not from RELATIVE
    net.pay(0.5, "BOATMAN", "RELATIVE", 100)  # back before the first payment: no cycle
    net.pay(9, "MULE2", "COLLECTOR", 1_000)
    net.pay(8, "COLLECTOR", "MULE2", 1_000)  # paid on before it arrived: not a path to MULE2's sink
    accounts, txns = net.write(folder / "files")
    with Workspace.create(folder / "ws") as ws:
        ingest_finance(ws, accounts, agency="FR-OCRIEST")
        ingest_finance(ws, txns, agency="FR-OCRIEST")
        root = create_first_admin(ws, "root", "FR-OCRIEST", "a long admin password")
        add_user(ws, root, "ana", "FR-OCRIEST", Role.ANALYST)
    return folder / "ws"


def test_paths_respect_time_and_carry_the_least_amount(workspace: Path) -> None:
    with Workspace.open(workspace) as ws:
        found = service.paths(ws, "ana", PURPOSE, "RELATIVE", "BOATMAN")
    assert found is not None
    assert [[(s["from"], s["to"]) for s in p["steps"]] for p in found] == [
        [("RELATIVE", "COLLECTOR"), ("COLLECTOR", "MULE"), ("MULE", "BOATMAN")],
        [("RELATIVE", "COLLECTOR"), ("COLLECTOR", "DRIVER"), ("DRIVER", "BOATMAN")],
    ]
    assert [p["carried_eur"] for p in found] == [2_500.0, 700.0]
    assert found[0]["steps"][0]["timestamp"] < found[0]["steps"][1]["timestamp"]


def test_money_cannot_move_on_before_it_arrived(workspace: Path) -> None:
    with Workspace.open(workspace) as ws:
        assert service.paths(ws, "ana", PURPOSE, "MULE2", "MULE") == []
        assert service.paths(ws, "ana", PURPOSE, "COLLECTOR", "RELATIVE") == []


def test_one_audit_entry_per_call_and_unknown_accounts_refused(workspace: Path) -> None:
    with Workspace.open(workspace) as ws:
        before = len(audit.entries(ws))
        assert service.paths(ws, "ana", PURPOSE, "RELATIVE", "NOBODY") is None
        service.paths(ws, "ana", PURPOSE, "RELATIVE", "BOATMAN")
        logged = audit.entries(ws)[before:]
    assert len(logged) == 2
    assert ["money paths" in e.detail for e in logged] == [True, True]
    assert logged[0].subjects == () and "account|BOATMAN" in logged[1].subjects
