"""Stored detections: the second call reads the stored result, a load invalidates it, a caller with
other visible accounts never gets another scope's result, and the gate still logs every call."""

from __future__ import annotations

import json
from pathlib import Path

from crossroute.analysis.finance import service
from crossroute.ingest.finance import ingest_finance
from crossroute.sharing import Purpose, audit
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.finance.builders import Network, background

PURPOSE = Purpose("OP-3: money")


def _network(folder: Path, extra_cycle: bool) -> tuple[Path, Path]:
    net = Network()
    background(net, ["P1", "P2", "P3"], "EMPLOYER", "LANDLORD")
    net.pay(10, "ORIGIN", "SHELL1", 50_000)
    net.pay(13, "SHELL1", "SHELL2", 49_000)
    net.pay(16, "SHELL2", "ORIGIN", 48_000)
    if extra_cycle:
        net.pay(40, "LOOP1", "LOOP2", 30_000)
        net.pay(42, "LOOP2", "LOOP3", 29_500)
        net.pay(44, "LOOP3", "LOOP1", 29_000)
    return net.write(folder)


def _stored(ws: Workspace) -> int:
    return int(ws.scalar("SELECT count(*) FROM finance_detections"))


def test_stored_detection_reused_then_invalidated_by_a_load(tmp_path: Path) -> None:
    accounts, txns = _network(tmp_path / "one", extra_cycle=False)
    with Workspace.create(tmp_path / "ws") as ws:
        ingest_finance(ws, accounts, agency="FR-OCRIEST")
        ingest_finance(ws, txns, agency="FR-OCRIEST")
        root = create_first_admin(ws, "root", "FR-OCRIEST", "a long admin password")
        add_user(ws, root, "ana", "FR-OCRIEST", Role.ANALYST)
        add_user(ws, root, "ben", "FR-OCRIEST", Role.ANALYST)

        first = service.alerts(ws, "ana", PURPOSE)
        again = service.alerts(ws, "ana", PURPOSE)
        assert not first.cached and again.cached
        assert again.flags.to_pylist() == first.flags.to_pylist()
        assert again.alerts.to_pylist() == first.alerts.to_pylist()
        # Same visible accounts: another analyst shares the stored result.
        assert service.alerts(ws, "ben", PURPOSE).cached and _stored(ws) == 1
        detail = service.alert_detail(ws, "ana", PURPOSE, "AL-000001")
        assert detail is not None and len(detail["graph"]["edges"]) == 3

        # The admin sees no account: another scope, computed for it, nothing of ana's shown.
        nothing = service.alerts(ws, "root", PURPOSE)
        assert not nothing.cached and nothing.flags.num_rows == 0 and _stored(ws) == 2
        assert service.alert_detail(ws, "root", PURPOSE, "AL-000001") is None

        # Every call went through the gate and its audit entry.
        details = [json.loads(e.detail) for e in audit.entries(ws)]
        stored = [d.get("stored_result") for d in details if d.get("path") == "money alerts"]
        assert stored == [False, True, True, False]

        more_accounts, more = _network(tmp_path / "two", extra_cycle=True)
        ingest_finance(ws, more_accounts, agency="DE-BKA")
        assert _stored(ws) == 0  # a load forgets the stored results
        ingest_finance(ws, more, agency="DE-BKA")
        after = service.alerts(ws, "ana", PURPOSE)
        assert not after.cached and after.transactions > first.transactions
