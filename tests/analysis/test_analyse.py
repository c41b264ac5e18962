"""`crossroute network analyse EDGES.csv --out DIR`: the public edge-list contract, end to end."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from networkx.algorithms.community import louvain_communities

from crossroute.analysis.network import EdgeListError, analyse_edges, nmi
from tests.conftest import run_cli


def write_edges(path: Path, graph: nx.Graph, header: str = "source,target") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\n")
        for a, b in graph.edges():
            handle.write(f"{a},{b}\n")
    return path


def read_communities(out: Path) -> dict[str, str]:
    with (out / "communities.csv").open(encoding="utf-8") as handle:
        return {row["node"]: row["community"] for row in csv.DictReader(handle)}


def louvain_nmi(graph: nx.Graph, truth: dict[int, int], seed: int) -> float:
    label = {v: i for i, c in enumerate(louvain_communities(graph, seed=seed)) for v in c}
    nodes = list(graph)
    return nmi([truth[v] for v in nodes], [label[v] for v in nodes])


def lfr(mu: float, seed: int) -> tuple[nx.Graph, dict[int, int]]:
    graph = nx.LFR_benchmark_graph(
        500,
        3,
        1.5,
        mu,
        average_degree=10,
        max_degree=40,
        min_community=10,
        max_community=40,
        seed=seed,
    )
    graph.remove_edges_from(list(nx.selfloop_edges(graph)))
    return graph, {v: min(graph.nodes[v]["community"]) for v in graph}


@pytest.mark.parametrize(("mu", "seed", "cli"), [(0.3, 3, True), (0.5, 4, False)])
def test_beats_louvain_on_lfr(tmp_path: Path, mu: float, seed: int, cli: bool) -> None:
    graph, truth = lfr(mu, seed)
    edges = write_edges(tmp_path / "e.csv", graph)
    if cli:
        run_cli("network", "analyse", edges, "--out", tmp_path / "out")
    else:
        analyse_edges(edges, tmp_path / "out", picture=False)
    found = read_communities(tmp_path / "out")
    assert set(found) == {str(v) for v in graph}
    ours = nmi([truth[v] for v in graph], [found[str(v)] for v in graph])
    louvain = np.mean([louvain_nmi(graph, truth, s) for s in range(3)])
    assert ours > louvain
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["resolution"] > 1  # many small groups: past modularity's resolution limit
    assert 0.5 < summary["stability_nmi"] <= 1


def test_many_small_planted_groups_recovered(tmp_path: Path) -> None:
    graph = nx.planted_partition_graph(60, 12, 0.6, 0.002, seed=5)
    summary = analyse_edges(write_edges(tmp_path / "e.csv", graph), tmp_path / "out", picture=False)
    found = read_communities(tmp_path / "out")
    ours = nmi([v // 12 for v in graph], [found[str(v)] for v in graph])
    assert ours > 0.97
    assert ours > np.mean([louvain_nmi(graph, {v: v // 12 for v in graph}, s) for s in range(3)])
    assert summary.communities >= 55


def test_karate_leaders_rank_first_with_reasons(tmp_path: Path) -> None:
    graph = nx.karate_club_graph()
    write_edges(tmp_path / "e.csv", graph, header="SOURCE,Target")
    run_cli("network", "analyse", tmp_path / "e.csv", "--out", tmp_path / "out", "--top", "5")
    with (tmp_path / "out" / "key_players.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["rank"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert {rows[0]["node"], rows[1]["node"]} == {"0", "33"}
    assert "betweenness" in rows[0]["reasons"] and "KPP-Neg pick" in rows[0]["reasons"]
    assert float(rows[0]["score"]) >= float(rows[1]["score"])
    assert (tmp_path / "out" / "network.png").read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in (tmp_path / "out" / "network.svg").read_bytes()[:400]


def test_string_ids_extra_columns_duplicates_and_self_loops(tmp_path: Path) -> None:
    edges = tmp_path / "e.csv"
    edges.write_text(
        "Target,Weight,note,Source,TIME\n"
        "bob,2,x,alice,2024-01-01\n"
        "bob,,y,alice,2024-01-02T10:00:00\n"
        "alice,1,,carol,1.7e9\n"
        "carol,1,,bob,1700000000\n"
        "dave,1,,dave,\n"
        " carol ,0.5,,alice,2024-03\n",
        encoding="utf-8",
    )
    analyse_edges(edges, tmp_path / "out", picture=False)
    assert sorted(read_communities(tmp_path / "out")) == ["alice", "bob", "carol", "dave"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source,target,weight\na,b,1\nb,c,heavy\n", "line 3, field weight: 'heavy'"),
        ("source,target,weight\na,b,-1\n", "line 2, field weight: '-1'"),
        ("source,target\na,b\nc,\n", "line 3, field target: empty node id"),
        ("source,target\na,b\nc,d,e\n", "line 3: 3 cells where the header has 2"),
        ("from,to\na,b\n", "no 'source' column"),
        ("source,target,time\na,b,yesterday\n", "line 2, field time: 'yesterday'"),
        ("", "empty file"),
    ],
)
def test_bad_rows_are_named(tmp_path: Path, text: str, message: str) -> None:
    edges = tmp_path / "edges.csv"
    edges.write_text(text, encoding="utf-8")
    with pytest.raises(EdgeListError) as raised:
        analyse_edges(edges, tmp_path / "out")
    assert message in str(raised.value)
    assert str(edges) in str(raised.value)


def test_the_command_reports_a_bad_row_without_a_traceback(tmp_path: Path) -> None:
    edges = tmp_path / "edges.csv"
    edges.write_text("source,target,weight\na,b,1\nb,c,heavy\n", encoding="utf-8")
    done = run_cli("network", "analyse", edges, "--out", tmp_path / "out", check=False)
    assert done.returncode == 2
    assert "edges.csv, line 3, field weight: 'heavy'" in " ".join(done.stderr.split())
    assert "Traceback" not in done.stderr


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=120))
def test_every_node_gets_one_community(tmp_path: Path, pairs: list[tuple[int, int]]) -> None:
    edges = tmp_path / "e.csv"
    edges.write_text("source,target\n" + "".join(f"{a},{b}\n" for a, b in pairs), encoding="utf-8")
    analyse_edges(edges, tmp_path / "out", picture=False, top=5)
    found = read_communities(tmp_path / "out")
    assert set(found) == {str(v) for pair in pairs for v in pair}
    assert all(c.isdigit() for c in found.values())


def test_pagerank_matches_igraph() -> None:
    from crossroute.analysis.network import network
    from crossroute.analysis.network.centrality import page_rank

    graph = nx.les_miserables_graph()
    nodes = list(graph)
    index = {v: i for i, v in enumerate(nodes)}
    ends = np.array([(index[a], index[b]) for a, b in graph.edges()], dtype=np.int64)
    weights = np.array([graph.edges[e]["weight"] for e in graph.edges()], dtype=np.float64)
    net = network(nodes, ends[:, 0], ends[:, 1], weights)
    expected = np.asarray(net.graph.pagerank(weights="weight"))
    assert np.allclose(page_rank(net), expected, atol=1e-8)


def test_repeated_rows_do_not_let_chatty_pairs_decide(tmp_path: Path) -> None:
    """Like an e-mail log: each tie repeated a heavy-tailed number of times, both ways."""
    graph, truth = lfr(0.3, 3)
    rng = np.random.default_rng(0)
    edges = tmp_path / "log.csv"
    with edges.open("w", encoding="utf-8") as handle:
        handle.write("source,target,time\n")
        for a, b in graph.edges():
            for x, y in ((a, b), (b, a)):
                for t in range(min(int(rng.zipf(2.0)), 30)):
                    handle.write(f"{x},{y},{1_700_000_000 + t}\n")
    analyse_edges(edges, tmp_path / "out", picture=False)
    found = read_communities(tmp_path / "out")
    ours = nmi([truth[v] for v in graph], [found[str(v)] for v in graph])
    assert ours > 0.9
    assert ours > np.mean([louvain_nmi(graph, truth, s) for s in range(3)])
