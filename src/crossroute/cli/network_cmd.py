"""`crossroute network`: groups, key players, brokers, roles, disruption, paths and exports, on any edge
list (`network analyse EDGES.csv --out DIR`) or on a resolved workspace (`network groups WS` ...)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crossroute.cli.console import console, errors, fail

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
