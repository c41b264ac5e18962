"""The insider ranking on the simulated case (port insiders among honest colleagues with the same jobs,
namesakes of insiders, and honest staff who called a group member): every insider it ranks comes
before every honest colleague, and most insiders are found."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from crossroute.analysis.network.case import analyse_case
from crossroute.analysis.network.gated import Indexed
from crossroute.analysis.ports.insiders import _context, rank
from crossroute.store import Workspace
from tests.analysis.case_fixture import resolved


@pytest.mark.slow
def test_insiders_rank_above_honest_staff(tmp_path_factory: pytest.TempPathFactory) -> None:
    scenario, ws_path = resolved(tmp_path_factory)
    with (scenario / "truth" / "records.csv").open(encoding="utf-8") as handle:
        entity_of = {(r["source"], r["record_id"]): r["entity_id"] for r in csv.DictReader(handle)}
    with (scenario / "truth" / "persons.csv").open(encoding="utf-8") as handle:
        role_of = {r["entity_id"]: r["role"] for r in csv.DictReader(handle)}
    with Workspace.open(ws_path, read_only=True) as ws:
        case = analyse_case(ws, seeds=3)
    index = Indexed.of(case.graph)
    ranked, _, _ = rank(case, index, set())

    def role(node: int) -> str:
        found = Counter(role_of.get(entity_of.get(k, ""), "") for k in case.graph.records[node])
        return found.most_common(1)[0][0]

    staff = [role(n) for n in _context(case, index, set()).staff]
    order = [role(item.node) for item in ranked]
    insiders = staff.count("port_insider")
    assert staff.count("port_staff") >= 25 and insiders >= 3  # look-alikes outnumber insiders
    found = order.count("port_insider")
    assert found >= 0.75 * insiders
    assert order[:found] == ["port_insider"] * found  # every insider ranked before any colleague
