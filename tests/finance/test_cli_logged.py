"""`crossroute money train | follow | paths | totals` write their audit entry: who (the `--user`, or
the operating-system user marked as such), what and why (issue 13, s.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroute.ingest.finance import ingest_finance
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from tests.conftest import logged_by
from tests.finance.builders import Network, background

WHY = "OP-4: where the cash went"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small network with a laundering cycle, its labels, and an analyst of the owner."""
    folder = tmp_path_factory.mktemp("money-logged")
    net = Network()
    background(net, [f"P{i}" for i in range(20)], "EMPLOYER", "LANDLORD")
    marked = set()
    for k in range(6):
        a, b, c = f"O{k}", f"S{k}a", f"S{k}b"
        day = 3 + 10 * k
        marked |= {net.pay(day, a, b, 40_000 + 100 * k), net.pay(day + 2, b, c, 39_000 + 100 * k),
                   net.pay(day + 4, c, a, 38_000 + 100 * k)}  # fmt: skip
    accounts, txns = net.write(folder / "files")
    labels = folder / "labels.csv"
    labels.write_text(
        "txn_id,is_laundering\n" + "".join(f"{r[0]},{int(r[0] in marked)}\n" for r in net.rows)
    )
    with Workspace.create(folder / "ws") as ws:
        ingest_finance(ws, accounts, agency="FR-OCRIEST")
        ingest_finance(ws, txns, agency="FR-OCRIEST")
        root = create_first_admin(ws, "root", "FR-OCRIEST", "a long admin password")
        add_user(ws, root, "ana", "FR-OCRIEST", Role.ANALYST)
    return folder / "ws", labels


def test_training_the_learned_score_is_logged(loaded: tuple[Path, Path]) -> None:
    ws, labels = loaded
    (by_ana,) = logged_by(ws, "money", "train", ws, "--labels", labels, "--user", "ana",
                          "--purpose", "OP-4: a model for the case")  # fmt: skip
    assert (by_ana["actor"], by_ana["action"], by_ana["path"], by_ana["purpose"]) == (
        "ana",
        "combination",
        "cli money train",
        "OP-4: a model for the case",
    )
    assert by_ana["labels"] == str(labels) and len(by_ana["labels_sha256"]) == 64
    assert by_ana["positives"] == 18 and by_ana["model"] == 1 and "actor_is" not in by_ana
    (by_os,) = logged_by(ws, "money", "train", ws, "--labels", labels)
    assert by_os["actor"].startswith("os:") and "operating-system user" in by_os["actor_is"]
    assert by_os["purpose"].startswith("money train") and by_os["model"] == 2
    assert logged_by(ws, "money", "train", ws, "--labels", labels, "--user", "nobody",
                     check=False) == []  # fmt: skip  # refused before reading anything


def test_follow_paths_and_totals_are_logged(loaded: tuple[Path, Path]) -> None:
    ws, _ = loaded
    who = ["--user", "ana", "--purpose", WHY]
    (follow,) = logged_by(ws, "money", "follow", ws, "O0", *who)
    (paths,) = logged_by(ws, "money", "paths", ws, "O0", "S0b", *who)
    (totals,) = logged_by(ws, "money", "totals", ws, "--by", "channel", *who)
    for entry, path in ((follow, "money follow"), (paths, "money paths"), (totals, "money totals")):
        assert (entry["actor"], entry["action"], entry["path"], entry["purpose"]) == (
            "ana",
            "consultation",
            path,
            WHY,
        )
    assert follow["account"] == "O0" and follow["steps"] > 0
    assert follow["subjects"] == ("account|O0",)
    assert paths["paths"] > 0 and paths["subjects"] == ("account|O0", "account|S0b")
    assert totals["by"] == "channel" and totals["rows"] > 0
