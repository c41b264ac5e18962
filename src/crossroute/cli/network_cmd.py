"""`crossroute network`: groups, key players, brokers, roles, disruption, paths and exports, on any edge
list (`network analyse EDGES.csv --out DIR`) or on a resolved workspace (`network groups WS` ...)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from crossroute.cli.console import console, errors, fail

if TYPE_CHECKING:  # the analysis (igraph, matplotlib) loads only when a network command runs
    from crossroute.analysis.network.case import CaseNetwork

network_app = typer.Typer(
    name="network",
    help="Network analysis: groups, key players, brokers, roles, disruption, paths, exports.",
    no_args_is_help=True,
)

TopOpt = Annotated[int, typer.Option("--top", help="How many key players to list.")]
KOpt = Annotated[int, typer.Option("--k", help="Size of the key-player (KPP-Neg) set.")]
ResolutionOpt = Annotated[
    float | None,
    typer.Option(
        "--resolution",
        help="Leiden resolution; default: chosen from the graph (Newman's planted-partition estimate).",
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(network_app)


@network_app.command()
def analyse(
    edges: Annotated[
        Path, typer.Argument(help="CSV with columns source,target and optional weight,time.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder for the results.")],
    top: TopOpt = 50,
    k: KOpt = 10,
    resolution: ResolutionOpt = None,
    seeds: Annotated[
        int | None, typer.Option(help="Leiden runs to keep the best of (default by size).")
    ] = None,
    picture: Annotated[bool, typer.Option(help="Draw network.png and network.svg.")] = True,
) -> None:
    """Communities and key players of any edge list. Writes DIR/communities.csv (node,community),
    DIR/key_players.csv (node,rank,score,reasons), DIR/network.png and .svg, and DIR/summary.json
    (resolution chosen, stability over seeds, modularity)."""
    from crossroute.analysis.network import EdgeListError, analyse_edges

    try:
        summary = analyse_edges(
            edges,
            out,
            top=top,
            k=k,
            resolution=resolution,
            seeds=seeds,
            picture=picture,
            progress=lambda text: errors.print(f"[dim]{text}[/]"),
        )
    except EdgeListError as error:
        fail(str(error))
        raise
    stability = "n/a" if summary.stability_nmi is None else f"{summary.stability_nmi:.3f}"
    console.print(
        f"{summary.nodes:,} nodes, {summary.edges:,} edges ({summary.edges_read:,} rows read): "
        f"{summary.communities:,} communities at resolution {summary.resolution:g} "
        f"(tried {', '.join(f'{g:g}' for g in summary.resolutions_tried)}), modularity "
        f"{summary.modularity:.3f}, stability over {summary.seeds} seeds (mean NMI) {stability}; "
        f"betweenness {summary.betweenness}. {summary.seconds:.1f} s."
    )
    console.print(f"Wrote {', '.join(str(out / f) for f in summary.files)}.")


WorkspaceArg = Annotated[Path, typer.Argument(help="The workspace folder (resolved).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (for scripts).")]


def _case(workspace: Path, resolution: float | None = None) -> CaseNetwork:
    from crossroute.analysis.network.case import analyse_case
    from crossroute.cli.workspace_cmd import open_workspace

    with open_workspace(workspace) as ws:
        if not ws.scalar("SELECT count(*) FROM clusters"):
            fail(f"{workspace} has no resolution yet: run `crossroute resolve {workspace}` first")
        errors.print("[dim]building the entity graph and its groups[/]")
        return analyse_case(ws, resolution=resolution)


def _emit(rows: list[dict[str, object]], title: str, as_json: bool) -> None:
    if as_json:
        console.print_json(json.dumps(rows, default=str))
        return
    table = Table(title=title)
    for key in rows[0] if rows else ["(none)"]:
        table.add_column(key, overflow="fold")
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    console.print(table)


def _name(case: CaseNetwork, node: int) -> str:
    label = case.graph.labels[node]
    return f"{label} [{case.graph.ids[node]}]" if label else case.graph.ids[node]


@network_app.command()
def groups(
    workspace: WorkspaceArg,
    resolution: ResolutionOpt = None,
    min_members: Annotated[int, typer.Option(help="Smallest group to list.")] = 3,
    as_json: JsonOpt = False,
) -> None:
    """Organised-crime-group candidates: members, size, countries, roles and route segments (Leiden on
    the entity graph without the customers, at the coarse resolution; reported)."""
    case = _case(workspace, resolution)
    from crossroute.analysis.network.case import group_candidates

    found = group_candidates(case, min_members=min_members)
    c = case.communities
    errors.print(
        f"resolution {c.resolution:g} (scanned {', '.join(f'{g:g}' for g in c.resolutions_tried)}), "
        f"stability over {len(c.seeds)} seeds (mean NMI) {c.stability or 0:.3f}"
    )
    rows: list[dict[str, object]] = [
        {
            "group": g.community,
            "size": len(g.members),
            "customers": g.customers,
            "countries": ", ".join(f"{k} {v}" for k, v in g.countries),
            "roles": ", ".join(f"{k} {v}" for k, v in g.roles),
            "routes": "; ".join(f"{k} ({v})" for k, v in g.routes),
            "members": [_name(case, m) for m in g.members] if as_json else len(g.members),
        }
        for g in found
    ]
    _emit(rows, f"{len(found)} group candidates", as_json)


@network_app.command("key-players")
def key_players_cmd(
    workspace: WorkspaceArg, top: TopOpt = 20, k: KOpt = 10, as_json: JsonOpt = False
) -> None:
    """People who hold the network together, with why: betweenness, PageRank, degree, brokerage between
    groups (Gould-Fernandez) and the KPP-Neg set whose removal most fragments the network."""
    case = _case(workspace)
    from crossroute.analysis.network.case import case_key_players

    players, _ = case_key_players(case, top=top, k=k)
    rows: list[dict[str, object]] = [
        {
            "rank": p.rank,
            "person": _name(case, p.node),
            "group": int(case.communities.membership[p.node]),
            "role": case.roles[p.node].role if p.node in case.roles else "",
            "score": round(p.score, 4),
            "reasons": p.reasons,
        }
        for p in players
    ]
    _emit(rows, "Key players", as_json)


@network_app.command()
def roles(workspace: WorkspaceArg, as_json: JsonOpt = False) -> None:
    """Each person's inferred role (organiser, recruiter, driver, boat supplier, money handler, document
    forger, port insider, pilot, courier) with the evidence behind it."""
    case = _case(workspace)
    rows: list[dict[str, object]] = [
        {
            "person": _name(case, r.node),
            "role": r.role,
            "confidence": round(r.confidence, 2),
            "evidence": "; ".join(r.evidence),
        }
        for r in sorted(case.roles.values(), key=lambda r: (r.role, -r.confidence, r.node))
    ]
    _emit(rows, "Roles", as_json)


def _nodes(case: CaseNetwork, names: list[str]) -> list[int]:
    from crossroute.analysis.network.paths import find_node

    found = []
    for text in names:
        node = find_node(case.graph, text)
        if node is None:
            fail(f"no node {text!r} in the network (use an entity id, a node id or an exact name)")
            raise AssertionError
        found.append(node)
    return found


@network_app.command()
def disrupt(
    workspace: WorkspaceArg,
    remove: Annotated[list[str], typer.Argument(help="Entities to remove (arrest).")],
    as_json: JsonOpt = False,
) -> None:
    """Remove people (arrests) and report what is left: largest component, groups split, route segments
    left without a provider, and who would likely take over as broker."""
    from crossroute.analysis.network.disruption import disrupt as simulate

    case = _case(workspace)
    result = simulate(case, _nodes(case, remove))
    summary: dict[str, object] = {
        "removed": [_name(case, n) for n in result.removed],
        "largest_component": f"{result.largest_before} -> {result.largest_after}",
        "components": f"{result.components_before} -> {result.components_after}",
        "fragmentation": f"{result.fragmentation_before:.3f} -> {result.fragmentation_after:.3f}",
        "groups_split": [
            f"group {g.community}: {g.members_left}/{g.members_before} left in {g.pieces} pieces"
            for g in result.groups
            if g.pieces > 1 or g.members_left < g.members_before
        ],
        "segments_without_provider": list(result.segments_orphaned),
        "likely_successors": [
            f"{_name(case, n)} betweenness {b:.4f} -> {a:.4f}" for n, b, a in result.successors
        ],
    }
    _emit([summary], "Disruption", as_json)


@network_app.command()
def path(
    workspace: WorkspaceArg,
    source: Annotated[str, typer.Argument(help="From (entity id, node id or exact name).")],
    target: Annotated[str, typer.Argument(help="To.")],
    slack: Annotated[int, typer.Option(help="Also list paths up to this many steps longer.")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Shortest (and all short) paths between two entities, with the evidence on each edge."""
    from crossroute.analysis.network.paths import paths

    case = _case(workspace)
    a, b = _nodes(case, [source, target])
    found = paths(case.graph, a, b, slack=slack)
    rows: list[dict[str, object]] = [
        {
            "path": i + 1,
            "step": f"{_name(case, s.a)} -- {_name(case, s.b)}",
            "evidence": "; ".join(
                f"{e.kind} ({e.schema} {e.source} {e.record_id}, {e.date or 'undated'}, "
                f"handling {e.handling or '-'}, grading {e.grading or '-'})"
                for e in s.evidence[:5]
            ),
        }
        for i, steps in enumerate(found)
        for s in steps
    ]
    if not rows:
        fail(f"no path between {source} and {target}")
    _emit(rows, f"{len(found)} path(s)", as_json)


@network_app.command()
def windows(
    workspace: WorkspaceArg,
    period: Annotated[str, typer.Option(help="month or quarter.")] = "quarter",
    as_json: JsonOpt = False,
) -> None:
    """The network per time window and what changed: who appeared, who became central, who was arrested."""
    from crossroute.analysis.network.paths import windows as by_window

    if period not in ("month", "quarter"):
        fail("--period must be month or quarter")
    case = _case(workspace)
    rows: list[dict[str, object]] = [
        {
            "window": w.start,
            "nodes": w.nodes,
            "edges": w.edges,
            "central": ", ".join(_name(case, n) for n in w.central[:5]),
            "appeared": len(w.appeared),
            "newly_central": ", ".join(_name(case, n) for n in w.newly_central[:5]),
            "arrested": len(w.arrested_before),
        }
        for w in by_window(case.graph, period=period)
    ]
    _emit(rows, "Network per window", as_json)


@network_app.command("export")
def export_cmd(
    workspace: WorkspaceArg,
    fmt: Annotated[str, typer.Option("--format", help="graphml, gexf, anx, ftm or neo4j.")],
    out: Annotated[Path, typer.Option("--out", help="File to write (a folder for neo4j).")],
    customers: Annotated[
        bool, typer.Option(help="Include customers (passengers) and their identifiers.")
    ] = True,
) -> None:
    """Write the entity graph for analysts' tools: GraphML/GEXF (Gephi), i2 ANX (with grading and handling
    codes as attributes), FollowTheMoney JSON lines, or Neo4j bulk-import CSV."""
    from crossroute.export import FORMATS, from_case
    from crossroute.export.write import write

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    case = _case(workspace)
    view = from_case(case, include_customers=customers)
    files = write(view, fmt, out)
    console.print(
        f"{len(view.nodes):,} nodes, {len(view.edges):,} edges -> {', '.join(map(str, files))}"
    )


@network_app.command("phases")
def phases_cmd(
    files: Annotated[
        list[Path], typer.Argument(help="One edge list or adjacency matrix per phase, in order.")
    ],
    top: Annotated[int, typer.Option("--top", help="Key players to show per phase.")] = 5,
    as_json: JsonOpt = False,
) -> None:
    """A network seen in phases (e.g. CAVIAR's wiretap periods between seizures): key players per phase
    and how the network reorganised (who appeared, who left, who rose to the top)."""
    from crossroute.analysis.network import EdgeListError
    from crossroute.analysis.network.phases import phases

    try:
        found = phases(files, top=top)
    except (EdgeListError, OSError) as error:
        fail(str(error))
        raise
    rows: list[dict[str, object]] = [
        {
            "phase": p.name,
            "nodes": p.nodes,
            "edges": p.edges,
            "communities": p.communities,
            "key_players": ", ".join(f"{n} ({s:g})" for n, s in p.top),
            "rose_to_top": ", ".join(p.newly_top),
            "appeared": len(p.appeared),
            "left": len(p.left),
        }
        for p in found
    ]
    _emit(rows, "Phases", as_json)
