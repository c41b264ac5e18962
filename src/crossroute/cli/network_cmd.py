"""`crossroute network`: groups, key players, brokers, roles, disruption, paths and exports, on any edge
list (`network analyse EDGES.csv --out DIR`) or on a resolved workspace (`network groups WS` ...)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from crossroute.cli.console import console, errors, fail
from crossroute.cli.sharing_options import CaseOpt, PurposeOpt, UserOpt

if TYPE_CHECKING:  # the analysis (igraph, matplotlib) loads only when a network command runs
    from contextlib import AbstractContextManager

    from crossroute.analysis.network.case import CaseNetwork
    from crossroute.analysis.network.gated import Asked
    from crossroute.cli.network_session import NetworkSession, Shown

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


def _session(
    workspace: Path,
    user: str,
    purpose: str | None,
    case: str | None,
    command: str,
    resolution: float | None = None,
) -> AbstractContextManager[NetworkSession]:
    from crossroute.cli.network_session import network_session

    return network_session(workspace, user, purpose, case, command, resolution)


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


@network_app.command()
def groups(
    workspace: WorkspaceArg,
    user: UserOpt,
    purpose: PurposeOpt = None,
    case_ref: CaseOpt = None,
    resolution: ResolutionOpt = None,
    min_members: Annotated[int, typer.Option(help="Smallest group to list.")] = 3,
    as_json: JsonOpt = False,
) -> None:
    """Organised-crime-group candidates: members, size, countries, roles and route segments (Leiden on
    the entity graph without the customers, at the coarse resolution; reported). Members are named
    only where the sharing gate shows you a record behind them."""
    with _session(workspace, user, purpose, case_ref, "groups", resolution) as session:
        case = session.case
        found = session.caller.groups(min_members=min_members)
        membership = case.communities.membership
        events = [
            e for e in case.graph.segments if int(membership[e]) in {g.community for g in found}
        ]
        shown = session.reveal([*(m for g in found for m in g.members), *events])
    c = case.communities
    errors.print(
        f"resolution {c.resolution:g} (scanned {', '.join(f'{g:g}' for g in c.resolutions_tried)}), "
        f"stability over {len(c.seeds)} seeds (mean NMI) {c.stability or 0:.3f}"
    )
    rows: list[dict[str, object]] = []
    for g in found:
        seen = [m for m in g.members if shown.whole(m)]
        if not seen:
            continue
        countries = Counter(x for m in seen for x in shown.view.countries(m))
        roles = Counter(case.roles[m].role for m in seen if m in case.roles)
        routes = Counter(
            case.graph.segments[e]
            for e in events
            if e in shown.nodes and int(membership[e]) == g.community
        )
        rows.append(
            {
                "group": g.community,
                "size": len(seen),
                "countries": ", ".join(f"{k} {v}" for k, v in countries.most_common(5)),
                "roles": ", ".join(f"{k} {v}" for k, v in roles.most_common()),
                "routes": "; ".join(f"{k} ({v})" for k, v in routes.most_common(5)),
                "members": [shown.name(m) for m in seen]
                if as_json
                else _top_members(case, shown, seen),
            }
        )
    _emit(rows, f"{len(rows)} group candidates", as_json)


TOP_MEMBERS = 5


def _top_members(case: CaseNetwork, shown: Shown, members: list[int]) -> str:
    """The group's most central members (by PageRank) among those you may see whole, and how many
    more (nothing is said of members you may not see)."""
    ranked = sorted(members, key=lambda m: (-float(case.centrality.pagerank[m]), m))
    text = "; ".join(shown.name(m) for m in ranked[:TOP_MEMBERS])
    more = len(ranked) - TOP_MEMBERS
    return text + (f" (+{more} more)" if more > 0 else "")


@network_app.command("key-players")
def key_players_cmd(
    workspace: WorkspaceArg,
    user: UserOpt,
    purpose: PurposeOpt = None,
    case_ref: CaseOpt = None,
    top: TopOpt = 20,
    k: KOpt = 10,
    as_json: JsonOpt = False,
) -> None:
    """People who hold the network together, with why: betweenness, PageRank, degree, brokerage between
    groups (Gould-Fernandez) and the KPP-Neg set whose removal most fragments the network."""
    with _session(workspace, user, purpose, case_ref, "key-players") as session:
        case = session.case
        players, _ = session.caller.key_players(top=top, k=k)
        shown = session.reveal(p.node for p in players)
    rows: list[dict[str, object]] = [
        {
            "rank": rank,  # among those shown: a gap in the ranks would count the hidden ones
            "person": shown.name(p.node),
            "group": int(case.communities.membership[p.node]),
            "role": case.roles[p.node].role if p.node in case.roles else "",
            "score": round(p.score, 4),
            "reasons": p.reasons,
        }
        for rank, p in enumerate((p for p in players if shown.whole(p.node)), start=1)
    ]
    _emit(rows, "Key players", as_json)


@network_app.command()
def roles(
    workspace: WorkspaceArg,
    user: UserOpt,
    purpose: PurposeOpt = None,
    case_ref: CaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Each person's inferred role (organiser, recruiter, driver, boat supplier, money handler, document
    forger, port insider, pilot, courier) with the evidence behind it, for the people you may see."""
    with _session(workspace, user, purpose, case_ref, "roles") as session:
        case = session.case
        shown = session.reveal(case.roles)
    rows: list[dict[str, object]] = [
        {
            "person": shown.name(r.node),
            "role": r.role,
            "confidence": round(r.confidence, 2),
            "evidence": "; ".join(r.evidence),
        }
        for r in sorted(case.roles.values(), key=lambda r: (r.role, -r.confidence, r.node))
        if shown.whole(r.node)
    ]
    _emit(rows, "Roles", as_json)


def _candidates(asked: list[Asked]) -> list[int] | None:
    """The node each asked text means before the gate (None when one means no single node)."""
    found = [x.nodes[0] for x in asked if len(x.nodes) == 1]
    return found if len(found) == len(asked) else None


def _answer(shown: Shown, asked: list[Asked]) -> list[int]:
    """The nodes the caller may see that the texts mean, or one refusal, the same whether a node is
    hidden from the caller or does not exist (the gate call before it logged what was asked)."""
    found = []
    for x in asked:
        node = shown.view.answer(x)
        if node is None:
            fail(
                f"no node {x.text!r} that you may see (use an entity id, a node id or an exact name)"
            )
            raise AssertionError
        found.append(node)
    return found


@network_app.command()
def disrupt(
    workspace: WorkspaceArg,
    remove: Annotated[list[str], typer.Argument(help="Entities to remove (arrest).")],
    user: UserOpt,
    purpose: PurposeOpt = None,
    case_ref: CaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Remove people (arrests) and report what is left: largest component, groups split, route segments
    left without a provider, and who would likely take over as broker."""
    from crossroute.analysis.network.disruption import disrupt as simulate
    from crossroute.analysis.network.gated import seen_case

    with _session(workspace, user, purpose, case_ref, "disrupt") as session:
        case = session.case
        asked = session.ask(remove)
        shown = session.reveal(range(len(case.graph.ids)), asked=asked)  # figures: all one sees
        removed = _answer(shown, asked)
        visible_case, counted = seen_case(case, shown.view)
        result = simulate(visible_case, removed, among=counted)
    summary: dict[str, Any] = {
        "removed": [shown.name(n) for n in result.removed],
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
            f"{shown.name(n)} betweenness {b:.4f} -> {a:.4f}"
            for n, b, a in result.successors
            if n in shown.nodes
        ],
    }
    if as_json:
        _emit([summary], "Disruption", as_json)
        return
    table = Table(title="Disruption", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("", overflow="fold")
    for key, value in summary.items():
        lines = value if isinstance(value, list) else [value]
        table.add_row(key.replace("_", " "), "\n".join(str(v) for v in lines) or "none")
    console.print(table)


@network_app.command()
def path(
    workspace: WorkspaceArg,
    source: Annotated[str, typer.Argument(help="From (entity id, node id or exact name).")],
    target: Annotated[str, typer.Argument(help="To.")],
    user: UserOpt,
    purpose: PurposeOpt = None,
    case_ref: CaseOpt = None,
    slack: Annotated[int, typer.Option(help="Also list paths up to this many steps longer.")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Shortest (and all short) paths between two entities, with the evidence on each edge; only paths
    every step of which you may see are shown (an entity you may not see is answered as one that does
    not exist)."""
    from crossroute.analysis.network.paths import paths

    with _session(workspace, user, purpose, case_ref, "path") as session:
        case = session.case
        asked = session.ask([source, target])
        ends = _candidates(asked)
        found = paths(case.graph, ends[0], ends[1], slack=slack) if ends else []
        between = case.graph.evidence_between()
        listed = {
            (s.a, s.b): between[(min(s.a, s.b), max(s.a, s.b))]
            for path_steps in found
            for s in path_steps
        }
        shown = session.reveal(
            [n for a, b in listed for n in (a, b)],
            [i for indexes in listed.values() for i in indexes],
            asked=asked,
        )
        if _answer(shown, asked) != ends:
            found = []
    evidence = case.graph.evidence
    whole = [  # a path is shown only when the caller may see every step of it
        p for p in found
        if all(s.a in shown.nodes and s.b in shown.nodes
               and any(e in shown.evidence for e in listed[(s.a, s.b)]) for s in p)
    ]  # fmt: skip
    rows: list[dict[str, object]] = [
        {
            "path": i + 1,
            "step": f"{shown.name(s.a)} -- {shown.name(s.b)}",
            "evidence": "; ".join(
                f"{evidence[e].kind} ({evidence[e].schema} {evidence[e].source} "
                f"{evidence[e].record_id}, {evidence[e].date or 'undated'}, "
                f"handling {evidence[e].handling or '-'}, grading {evidence[e].grading or '-'})"
                for e in [e for e in listed[(s.a, s.b)] if e in shown.evidence][:5]
            ),
        }
        for i, path_steps in enumerate(whole)
        for s in path_steps
    ]
    if not rows:
        fail(f"no path between {source} and {target} that you may see")
    _emit(rows, f"{len(whole)} path(s)", as_json)


@network_app.command()
def windows(
    workspace: WorkspaceArg,
    user: UserOpt,
    purpose: PurposeOpt = None,
    case_ref: CaseOpt = None,
    period: Annotated[str, typer.Option(help="month or quarter.")] = "quarter",
    as_json: JsonOpt = False,
) -> None:
    """The network per time window and what changed: who appeared, who became central, who was arrested."""
    from crossroute.analysis.network.paths import windows as by_window

    if period not in ("month", "quarter"):
        fail("--period must be month or quarter")
    with _session(workspace, user, purpose, case_ref, "windows") as session:
        found = by_window(session.case.graph, period=period)
        shown = session.reveal(n for w in found for n in (*w.central[:5], *w.newly_central[:5]))
    rows: list[dict[str, object]] = [
        {
            "window": w.start,
            "nodes": w.nodes,
            "edges": w.edges,
            "central": ", ".join(shown.name(n) for n in w.central[:5] if shown.whole(n)),
            "appeared": len(w.appeared),
            "newly_central": ", ".join(
                shown.name(n) for n in w.newly_central[:5] if shown.whole(n)
            ),
            "arrested": len(w.arrested_before),
        }
        for w in found
    ]
    _emit(rows, "Network per window", as_json)


@network_app.command("export")
def export_cmd(
    workspace: WorkspaceArg,
    fmt: Annotated[str, typer.Option("--format", help="graphml, gexf, anx, ftm or neo4j.")],
    out: Annotated[Path, typer.Option("--out", help="File to write (a folder for neo4j).")],
    user: UserOpt,
    purpose: PurposeOpt = None,
    case_ref: CaseOpt = None,
    customers: Annotated[
        bool, typer.Option(help="Include customers (passengers) and their identifiers.")
    ] = True,
) -> None:
    """Write the entity graph for analysts' tools: GraphML/GEXF (Gephi), i2 ANX (with grading and handling
    codes as attributes), FollowTheMoney JSON lines, or Neo4j bulk-import CSV. Only the nodes and ties
    whose records the sharing gate shows you are written."""
    from crossroute.export import FORMATS, from_case
    from crossroute.export.write import write

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    with _session(workspace, user, purpose, case_ref, "export") as session:
        session.output = {"output": str(out.resolve()), "format": fmt}  # named in the audit entry
        graph = session.case.graph
        shown = session.reveal(range(len(graph.ids)), range(len(graph.evidence)))
    view = from_case(session.case, include_customers=customers, seen=shown.view)
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
