"""The entity graph of a resolved workspace: groups against the simulator's truth, key players, roles
with evidence, disruption, paths with evidence and time windows; and the `network WS` commands."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from crossroute.analysis.network import ari
from crossroute.analysis.network.case import CaseNetwork, case_key_players, group_candidates
from crossroute.analysis.network.disruption import disrupt
from crossroute.analysis.network.paths import find_node, paths, windows
from crossroute.sharing import audit
from crossroute.store import Workspace
from tests.api.served import served_copy
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def truth(resolved_case: tuple[Path, Path], case: CaseNetwork) -> dict[int, dict[str, str]]:
    """Person node -> the true person (majority of its records)."""
    scenario = resolved_case[0]
    with (scenario / "truth" / "records.csv").open(encoding="utf-8") as handle:
        record = {(r["source"], r["record_id"]): r["entity_id"] for r in csv.DictReader(handle)}
    with (scenario / "truth" / "persons.csv").open(encoding="utf-8") as handle:
        people = {r["entity_id"]: r for r in csv.DictReader(handle)}
    out = {}
    for node, records in enumerate(case.graph.records):
        votes = Counter(record[r] for r in records if r in record)
        if case.graph.types[node] == "Person" and votes:
            out[node] = people[votes.most_common(1)[0][0]]
    return out


def test_every_edge_keeps_its_provenance(case: CaseNetwork) -> None:
    graph = case.graph
    assert {"Person", "phone", "Crossing", "Vessel", "BankAccount", "Vehicle"} <= set(graph.types)
    assert graph.evidence and all(e.source and e.record_id for e in graph.evidence)
    assert sum(e.handling is not None for e in graph.evidence) > 0.9 * len(graph.evidence)
    assert sum(e.grading is not None for e in graph.evidence) > 0.9 * len(graph.evidence)
    assert any(e.date for e in graph.evidence if e.schema == "Call")


def test_groups_match_the_simulated_groups(
    case: CaseNetwork, truth: dict[int, dict[str, str]]
) -> None:
    members = [n for n, p in truth.items() if p["group_id"]]
    expected = [truth[n]["group_id"] for n in members]
    found = [int(case.communities.membership[n]) for n in members]
    assert ari(expected, found) >= 0.75
    assert case.communities.stability is not None and case.communities.stability > 0.8
    groups = group_candidates(case)
    assert len([g for g in groups if len(g.members) >= 20]) >= 3
    biggest = groups[0]
    assert biggest.countries and biggest.roles and biggest.routes


def test_key_players_are_organisers_and_money_handlers(
    case: CaseNetwork, truth: dict[int, dict[str, str]]
) -> None:
    players, kpp = case_key_players(case, top=10)
    roles = [truth.get(p.node, {}).get("role") for p in players]
    assert sum(r in ("organiser", "money_handler") for r in roles) >= 7
    assert all("betweenness" in p.reasons and "brokers" in p.reasons for p in players)
    assert kpp is not None and kpp.fragmentation[-1] > kpp.before


def test_roles_come_with_evidence(case: CaseNetwork, truth: dict[int, dict[str, str]]) -> None:
    scored = [
        (truth[n]["role"], r.role)
        for n, r in case.roles.items()
        if truth.get(n, {}).get("group_id")
    ]
    assert sum(a == b for a, b in scored) / len(scored) > 0.8
    assert all(r.evidence for r in case.roles.values())


def test_disrupting_the_key_players_fragments_the_network(case: CaseNetwork) -> None:
    _, kpp = case_key_players(case, top=10)
    assert kpp is not None
    result = disrupt(case, kpp.nodes)
    assert result.fragmentation_after > result.fragmentation_before
    assert result.largest_after <= result.largest_before
    assert any(g.members_left < g.members_before for g in result.groups)


def test_paths_carry_evidence_and_windows_show_change(case: CaseNetwork) -> None:
    players, _ = case_key_players(case, top=2)
    a, b = players[0].node, players[1].node
    assert find_node(case.graph, case.graph.ids[a]) == a
    found = paths(case.graph, a, b, slack=1)
    assert found and all(step.evidence for steps in found for step in steps)
    assert found[0][0].a == a and found[0][-1].b == b
    by_quarter = windows(case.graph)
    assert len(by_quarter) >= 4
    assert any(w.appeared for w in by_quarter[1:]) and any(w.central for w in by_quarter)


def test_the_workspace_commands(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    ws = served_copy(tmp_path_factory, "network-cli")  # the case with accounts, a copy of its own
    asked = ("--user", "anna", "--purpose", "OP-TEST: who leads the groups")
    refused = run_cli("network", "groups", ws, "--user", "anna", check=False)
    assert refused.returncode != 0 and "purpose" in refused.stderr
    before = _audit_entries(ws)
    groups = json.loads(run_cli("network", "groups", ws, *asked, "--json").stdout)
    assert groups[0]["size"] >= 20 and groups[0]["members"]
    assert _audit_entries(ws) == before + 1  # the members named passed the gate, once
    assert len(list((ws / "cache").glob("network-*.pickle"))) == 1  # kept for the next command
    table = run_cli("network", "groups", ws, *asked).stdout  # from the cache: the same groups
    named = [m for m in groups[0]["members"] if not m.startswith("(withheld")]
    assert any(m.split(" [")[0] in table for m in named)  # the table names the top members
    entity = named[0].rsplit("[", 1)[1].rstrip("]")
    disrupted = run_cli("network", "disrupt", ws, entity, *asked).stdout
    assert "largest component" in disrupted and "['" not in disrupted  # no Python lists
    players = json.loads(
        run_cli("network", "key-players", ws, *asked, "--top", "3", "--json").stdout
    )
    assert [p["rank"] for p in players] == [1, 2, 3]
    out = tmp_path / "chart.anx"
    run_cli("network", "export", ws, *asked, "--format", "anx", "--out", out)
    assert out.stat().st_size > 1000
    done = run_cli("network", "path", ws, "nobody-at-all", "neither", *asked, check=False)
    assert done.returncode == 2 and "no node 'nobody-at-all'" in done.stderr


def _audit_entries(ws: Path) -> int:
    with Workspace.open(ws, read_only=True) as workspace:
        return len(audit.entries(workspace))
