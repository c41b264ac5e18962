"""Network analysis benchmarks: group recovery and key players on the simulator's medium scenario, NMI
against networkx Louvain on LFR and planted-partition graphs, and speed and memory at 1,000,000 nodes and
5,000,000 edges, with a side-by-side against networkx on a graph small enough for it.

    .tools/bin/uv run --frozen python benchmarks/network.py [--only medium,lfr,scale,ratio] [--work DIR]

Prints figures; asserts nothing."""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
from networkx.algorithms.community import louvain_communities

from crossroute.analysis.network import ari, detect, network, nmi
from crossroute.analysis.network.case import analyse_case, case_key_players
from crossroute.analysis.network.centrality import centrality, sample_size
from crossroute.analysis.network.communities import leiden
from crossroute.store import Workspace

TRUE_KEY_ROLES = {"organiser", "money_handler", "broker"}


def crossroute(*args: str | Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "crossroute", *map(str, args)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def medium(work: Path) -> None:
    scenario, ws = work / "medium", work / "medium-ws"
    if not (ws / "crossroute.duckdb").exists():
        started = time.perf_counter()
        crossroute("simulate", scenario, "--seed", "7", "--scale", "medium")
        crossroute("init", ws)
        crossroute("ingest", ws, scenario)
        crossroute("resolve", ws)
        print(
            f"medium scenario simulated, ingested and resolved in {time.perf_counter() - started:.0f} s"
        )
    truth = {}
    with (scenario / "truth" / "records.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            truth[(row["source"], row["record_id"])] = row["entity_id"]
    with (scenario / "truth" / "persons.csv").open(encoding="utf-8") as handle:
        people = {row["entity_id"]: row for row in csv.DictReader(handle)}
    started = time.perf_counter()
    with Workspace.open(ws, read_only=True) as workspace:
        case = analyse_case(workspace)
    seconds = time.perf_counter() - started
    graph = case.graph
    true_of = {}
    for node, records in enumerate(graph.records):
        if graph.types[node] == "Person":
            votes = Counter(truth[r] for r in records if r in truth)
            if votes:
                true_of[node] = votes.most_common(1)[0][0]
    members = [n for n, p in true_of.items() if people[p]["group_id"]]
    expected = [people[true_of[n]]["group_id"] for n in members]
    found = [int(case.communities.membership[n]) for n in members]
    c = case.communities
    print(
        f"\n== Medium scenario (seed 7) after resolution: {graph.net.nodes:,} nodes, "
        f"{graph.net.edges:,} edges, {len(graph.evidence):,} pieces of evidence; core without "
        f"{int(case.customer.sum()):,} customers: {case.core.edges:,} edges; analysed in {seconds:.1f} s"
    )
    print(
        f"resolution {c.resolution:g} (coarse scan), stability over {len(c.seeds)} seeds (mean NMI) "
        f"{c.stability:.3f}"
    )
    print(
        f"group recovery over {len(members):,} true group members in {len(set(expected))} groups: "
        f"ARI {ari(expected, found):.3f}, NMI {nmi(expected, found):.3f}"
    )
    players, _ = case_key_players(case, top=10)
    hits = 0
    for p in players:
        person = people.get(true_of.get(p.node, ""), {})
        role = person.get("role", "?")
        hits += role in TRUE_KEY_ROLES
        print(
            f"  {p.rank:2d}. {graph.labels[p.node]:<28} true {role:<14} group {person.get('group_id', '-')}"
        )
    print(f"top 10 key players who are true organisers, brokers or money handlers: {hits}/10")
    scored = [(people[true_of[n]]["role"], case.roles[n].role) for n in members if n in case.roles]
    right = sum(a == b for a, b in scored)
    print(
        f"roles inferred for {len(scored):,} of {len(members):,} members; right for {right / len(scored):.1%}"
    )


def lfr_graph(n: int, mu: float, seed: int) -> tuple[nx.Graph, dict[int, int]]:
    small = n <= 1000
    graph = nx.LFR_benchmark_graph(
        n,
        3,
        1.5,
        mu,
        average_degree=10,
        max_degree=50,
        min_community=10 if small else 20,
        max_community=50 if small else 100,
        seed=seed,
    )
    graph.remove_edges_from(list(nx.selfloop_edges(graph)))
    return graph, {v: min(graph.nodes[v]["community"]) for v in graph}


def ours_vs_louvain(graph: nx.Graph, truth: dict[int, int]) -> tuple[float, float, float, float]:
    nodes = list(graph)
    index = {v: i for i, v in enumerate(nodes)}
    ends = np.array([(index[a], index[b]) for a, b in graph.edges()], dtype=np.int64)
    net = network([str(v) for v in nodes], ends[:, 0], ends[:, 1], np.ones(len(ends)))
    expected = [truth[v] for v in nodes]
    found = detect(net)
    louvain = []
    for seed in range(3):
        label = {v: i for i, c in enumerate(louvain_communities(graph, seed=seed)) for v in c}
        louvain.append(nmi(expected, [label[v] for v in nodes]))
    return (
        nmi(expected, found.membership),
        float(np.mean(louvain)),
        found.resolution,
        found.stability or 0.0,
    )


def lfr() -> None:
    print("\n== Community recovery (NMI) against networkx Louvain (mean of 3 seeds), side by side")
    print(f"{'graph':<34}{'ours':>7}{'louvain':>9}{'gamma':>8}{'stab':>7}")
    cases: list[tuple[str, nx.Graph, dict[int, int]]] = []
    karate = nx.karate_club_graph()
    cases.append(
        (
            "karate club (2 factions)",
            karate,
            {v: int(karate.nodes[v]["club"] == "Officer") for v in karate},
        )
    )
    for n in (1000, 5000):
        for mu in (0.1, 0.3, 0.5, 0.6):
            for seed in (11, 12):
                try:
                    graph, truth = lfr_graph(n, mu, seed)
                except nx.ExceededMaxIterations:
                    continue
                cases.append((f"LFR n={n} mu={mu} seed={seed}", graph, truth))
    for k, size, p_in, p_out in ((4, 250, 0.05, 0.01), (20, 50, 0.3, 0.01), (200, 20, 0.5, 0.001)):
        graph = nx.planted_partition_graph(k, size, p_in, p_out, seed=3)
        cases.append((f"planted {k}x{size} p={p_in}/{p_out}", graph, {v: v // size for v in graph}))
    wins = 0
    for name, graph, truth in cases:
        ours, louvain, gamma, stability = ours_vs_louvain(graph, truth)
        wins += ours > louvain
        print(f"{name:<34}{ours:>7.3f}{louvain:>9.3f}{gamma:>8.2f}{stability:>7.3f}")
    print(f"ours higher on {wins} of {len(cases)} graphs")


def planted_big(
    n: int, m: int, size: int = 100, mu: float = 0.3, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """m distinct edges over n nodes in groups of `size`: a share 1-mu inside a group, mu anywhere."""
    rng = np.random.default_rng(seed)
    extra = int(m * 1.05) + 1000
    a = rng.integers(0, n, extra)
    inside = rng.random(extra) >= mu
    b = np.where(
        inside, (a // size) * size + rng.integers(0, size, extra), rng.integers(0, n, extra)
    )
    b = np.minimum(b, n - 1)
    low, high = np.minimum(a, b), np.maximum(a, b)
    keys = np.unique((low * n + high)[low != high])
    keys = rng.permutation(keys)[:m]
    return keys // n, keys % n


def scale_child(n: int, m: int, sources: int) -> None:
    a, b = planted_big(n, m)
    started = time.perf_counter()
    net = network([str(i) for i in range(n)], a, b, np.ones(m))
    built = time.perf_counter()
    found = detect(net, seeds=1)
    communities = time.perf_counter()
    centrality(net, sources=sources)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    truth = np.arange(n) // 100
    print(
        json.dumps(
            {
                "nodes": n,
                "edges": net.edges,
                "build_s": round(built - started, 1),
                "communities_s": round(communities - built, 1),
                "resolution": round(found.resolution, 3),
                "communities": found.count,
                "nmi_vs_planted": round(nmi(truth, found.membership), 3),
                "pagerank_betweenness_s": round(done - communities, 1),
                "betweenness_sources": sources,
                "analysis_s": round(done - built, 1),
                "total_s": round(done - started, 1),
                "peak_rss_gib": round(peak, 2),
            }
        )
    )


def scale() -> None:
    n, m = 1_000_000, 5_000_000
    sources = sample_size(n, m)
    print(
        f"\n== Speed and memory: {n:,} nodes, {m:,} edges (groups of 100, 30% of edges between groups)"
    )
    done = subprocess.run(
        [sys.executable, __file__, "--child", f"{n},{m},{sources}"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(figures, indent=1))
    print(
        f"communities + PageRank + sampled betweenness ({sources} sources): {figures['analysis_s']} s "
        f"(graph build {figures['build_s']} s); peak memory {figures['peak_rss_gib']} GiB"
    )


def ratio() -> None:
    n, m = 20_000, 100_000
    a, b = planted_big(n, m, seed=1)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(zip(a.tolist(), b.tolist(), strict=True))
    k = 64
    print(
        f"\n== Side by side with networkx: {n:,} nodes, {graph.number_of_edges():,} edges; "
        f"communities + PageRank + betweenness from {k} sampled sources"
    )
    started = time.perf_counter()
    net = network([str(i) for i in range(n)], a, b, np.ones(m))
    built = time.perf_counter()
    build = built - started
    leiden(net, 1.0, 0, iterations=2)
    centrality(net, sources=k)
    same = time.perf_counter() - built
    started_full = time.perf_counter()
    found = detect(net, seeds=1)
    centrality(net, sources=k)
    full = time.perf_counter() - started_full
    started = time.perf_counter()
    louvain_communities(graph, seed=0)
    nx.pagerank(graph)
    nx.betweenness_centrality(graph, k=k, seed=0)
    theirs = time.perf_counter() - started
    print(f"networkx (Louvain at resolution 1, PageRank, betweenness k={k}): {theirs:.1f} s")
    print(
        f"crossroute, the same work (one Leiden at resolution 1, igraph's default 2 passes): {same:.2f} s, "
        f"{theirs / same:.0f}x faster (graph build {build:.2f} s not counted)"
    )
    print(
        f"crossroute with the resolution search ({', '.join(f'{g:g}' for g in found.resolutions_tried)}; "
        f"{found.count} communities): {full:.2f} s, {theirs / full:.0f}x faster"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="medium,lfr,scale,ratio")
    parser.add_argument("--work", type=Path, default=None, help="Keep the medium scenario here.")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        n, m, sources = (int(x) for x in args.child.split(","))
        scale_child(n, m, sources)
        return
    parts = args.only.split(",")
    work = args.work or Path(tempfile.mkdtemp(prefix="crossroute-network-"))
    if "medium" in parts:
        medium(work)
    if "lfr" in parts:
        lfr()
    if "ratio" in parts:
        ratio()
    if "scale" in parts:
        scale()


if __name__ == "__main__":
    main()
