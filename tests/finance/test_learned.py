"""The learned score end to end on a small network: train from labels, then alerts use the model (its
id is part of the stored result's key, so a new model is not served an older result)."""

from __future__ import annotations

from pathlib import Path

from crossroute.analysis.finance import service
from crossroute.analysis.finance.learned import train
from crossroute.ingest.finance import ingest_finance
from crossroute.sharing import Purpose
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.finance.builders import Network, background


def test_train_then_alerts_use_the_model(tmp_path: Path) -> None:
    net = Network()
    background(net, [f"P{i}" for i in range(60)], "EMPLOYER", "LANDLORD")
    laundering = []
    for k in range(12):
        a, b, c = f"O{k}", f"S{k}a", f"S{k}b"
        day = 3 + 6 * k
        laundering += [
            net.pay(day, a, b, 40_000 + 100 * k),
            net.pay(day + 2, b, c, 39_000 + 100 * k),
            net.pay(day + 4, c, a, 38_000 + 100 * k),
        ]
    accounts, txns = net.write(tmp_path / "files")
    labels = tmp_path / "labels.csv"
    marked = set(laundering)
    labels.write_text(
        "txn_id,is_laundering\n"
        + "".join(f"{row[0]},{int(row[0] in marked)}\n" for row in net.rows)
    )
    with Workspace.create(tmp_path / "ws") as ws:
        ingest_finance(ws, accounts, agency="FR-OCRIEST")
        ingest_finance(ws, txns, agency="FR-OCRIEST")
        root = create_first_admin(ws, "root", "FR-OCRIEST", "a long admin password")
        add_user(ws, root, "ana", "FR-OCRIEST", Role.ANALYST)
        purpose = Purpose("OP-4: model")
        before = service.alerts(ws, "ana", purpose)
        report = train(ws, labels)
        assert report.labelled == len(net.rows) and report.positives == len(laundering)
        after = service.alerts(ws, "ana", purpose)
        assert not after.cached  # a new model: not the stored result of the detectors alone
        assert set(before.flags.column("txn_id").to_pylist()) <= set(
            after.flags.column("txn_id").to_pylist()
        )
        assert service.alerts(ws, "ana", purpose).cached
