"""Each typology detector fires on its pattern, says why, and leaves its look-alike alone."""

from __future__ import annotations

import json
from pathlib import Path

from crossroute.analysis.finance.detect import detect
from crossroute.ingest.finance import ingest_finance
from crossroute.store import Workspace
from tests.finance.builders import Network, background

PEOPLE = [f"P{i:02d}" for i in range(12)]


def run(tmp_path: Path, net: Network) -> tuple[dict[str, str], list[dict[str, object]]]:
    """Flagged txn_id -> typology, and the alerts."""
    accounts, txns = net.write(tmp_path / "files")
    with Workspace.create(tmp_path / "ws") as ws:
        ingest_finance(ws, accounts, agency="FR-OCRIEST")
        ingest_finance(ws, txns, agency="FR-OCRIEST")
        found = detect(ws.db)
    flags = dict(
        zip(
            found.flags.column("txn_id").to_pylist(),
            found.flags.column("typology").to_pylist(),
            strict=True,
        )
    )
    return flags, found.alerts.to_pylist()


def ordinary() -> Network:
    net = Network()
    net.account("EMPLOYER", kind="business")
    background(net, PEOPLE, "EMPLOYER", "LANDLORD")
    return net


def test_ordinary_life_raises_nothing(tmp_path: Path) -> None:
    flags, alerts = run(tmp_path, ordinary())
    assert flags == {} and alerts == []


def test_structuring_one_depositor_and_the_money_passed_on(tmp_path: Path) -> None:
    net = ordinary()
    deposits = [net.pay(10 + d, None, "P01", 9_000 + 150 * d) for d in range(4)]
    onward = net.pay(15, "P01", "X-ABROAD", 36_000)
    # a cash-heavy shop: deposits of every size, some near and some over the threshold
    for d in range(40):
        net.pay(d, None, "CASHSHOP", 3_000 + (d * 797) % 9_000)
    flags, alerts = run(tmp_path, net)
    assert {t: flags.get(t) for t in [*deposits, onward]} == dict.fromkeys(
        [*deposits, onward], "structuring"
    )
    assert set(flags) == {*deposits, onward}
    why = json.loads(str(alerts[0]["why"]))
    assert why["deposits_just_under_threshold"] == 4 and why["threshold"] == 10_000


def test_structuring_by_several_depositors_feeding_one_collector(tmp_path: Path) -> None:
    net = ordinary()
    expected = []
    for i, smurf in enumerate(["S1", "S2", "S3"]):
        expected.append(net.pay(20 + i, None, smurf, 9_500))
        expected.append(net.pay(21 + i, smurf, "COLLECTOR", 9_400))
    flags, _ = run(tmp_path, net)
    assert set(flags) == set(expected)


def test_fee_collection_many_unrelated_senders_then_fan_out(tmp_path: Path) -> None:
    net = ordinary()
    fees = [
        net.pay(
            30 + i, net.account(f"REL{i}", "AF" if i % 3 else "FR"), "COLLECTOR", 2_500 + 10 * i
        )
        for i in range(10)
    ]
    out = [net.pay(41, "COLLECTOR", f"ORG{i}", 7_000) for i in range(3)]
    # a travel agency: many one-off customers too, but it pays its regular supplier every month
    for i in range(12):
        net.pay(30 + i, f"CUST{i}", "AGENCY", 1_500)
    for month in range(3):
        net.pay(month * 30 + 12, "AGENCY", "AIRLINE", 6_000)
    flags, alerts = run(tmp_path, net)
    assert set(flags) == {*fees, *out}
    why = json.loads(str(alerts[0]["why"]))
    assert why["unrelated_senders"] == 10 and why["senders_abroad"] == 6


def test_mule_chain_moves_money_on_within_days(tmp_path: Path) -> None:
    net = ordinary()
    chain = [
        net.pay(50, "ORIGIN", "P03", 8_000),
        net.pay(51, "P03", "M2", 7_600),
        net.pay(52.5, "M2", "M3", 7_200),
        net.pay(53, "M3", None, 7_000),
    ]
    # savings moved out and back to the same person is not pass-through
    net.pay(50, "P04", "SAVINGS", 5_000)
    net.pay(52, "SAVINGS", "P04", 5_000)
    flags, alerts = run(tmp_path, net)
    assert set(flags) == set(chain) and set(flags.values()) == {"mule"}
    assert len(alerts) == 1 and set(alerts[0]["accounts"]) == {"P03", "M2", "M3"}  # type: ignore[arg-type]


def test_scatter_gather(tmp_path: Path) -> None:
    net = ordinary()
    expected = []
    for i in range(4):
        expected.append(net.pay(60 + 0.1 * i, "SOURCE", f"MID{i}", 5_000 + 100 * i))
        expected.append(net.pay(62 + 0.1 * i, f"MID{i}", "SINK", 4_800 + 100 * i))
    flags, _ = run(tmp_path, net)
    assert set(flags) == set(expected) and set(flags.values()) == {"scatter_gather"}


def test_gather_scatter_but_not_payroll(tmp_path: Path) -> None:
    net = ordinary()
    ins = [net.pay(60 + 0.2 * i, f"SRC{i}", "HUB", 6_000) for i in range(4)]
    outs = [net.pay(63 + 0.2 * i, "HUB", f"DST{i}", 5_500) for i in range(4)]
    flags, _ = run(tmp_path, net)
    assert set(flags) == {*ins, *outs} and set(flags.values()) == {"gather_scatter"}


def test_round_trip_is_time_respecting(tmp_path: Path) -> None:
    net = ordinary()
    cycle = [
        net.pay(10, "ORIGIN", "SHELL1", 50_000),
        net.pay(13, "SHELL1", "SHELL2", 49_000),
        net.pay(16, "SHELL2", "ORIGIN", 48_000),
    ]
    # the same accounts in the wrong order in time: no money could have come back this way
    net.pay(40, "A", "B", 30_000)
    net.pay(38, "B", "C", 29_000)
    net.pay(47, "C", "A", 28_000)
    flags, alerts = run(tmp_path, net)
    assert set(flags) == set(cycle), flags
    assert json.loads(str(alerts[0]["why"]))["longest"] == 3


def test_cash_front_out_of_line_with_peers(tmp_path: Path) -> None:
    net = ordinary()
    for shop in range(6):
        name = net.account(f"CAFE{shop}", kind="business")
        for d in range(0, 60, 2):
            net.pay(d, None, name, 1_500 + 100 * shop)
        net.pay(30, name, f"WHOLESALE{shop}", 15_000)
    front = net.account("FRONT", kind="business")
    deposits = [net.pay(d, None, front, 7_000) for d in range(0, 60, 2)]
    sent = [net.pay(d, front, net.account("BOSS", "AE"), 45_000) for d in range(7, 60, 7)]
    flags, alerts = run(tmp_path, net)
    assert set(flags) == {*deposits, *sent}
    assert json.loads(str(alerts[0]["why"]))["times_peers"] > 3


def test_hawala_cash_here_payouts_there_settled_by_trade(tmp_path: Path) -> None:
    net = ordinary()
    here = net.account("HAWALADAR", "FR", "business")
    there = net.account("PARTNER", "PK", "business")
    cash = [net.pay(1 + d, None, here, 1_200 + 37 * d) for d in range(12)]
    payouts = [net.pay(2 + d, there, net.account(f"FAM{d}", "PK"), 1_150) for d in range(12)]
    settle = [
        net.pay(16, here, net.account("IMPORTER", "FR", "business"), 15_000),
        net.pay(17, "IMPORTER", net.account("EXPORTER", "AE", "business"), 15_000),
        net.pay(19, "EXPORTER", there, 14_500),
    ]
    flags, _ = run(tmp_path, net)
    assert set(flags) == {*cash, *payouts, *settle} and set(flags.values()) == {"hawala"}
