"""One entry point: write a graph in a named format."""

from __future__ import annotations

from pathlib import Path

from crossroute.export.anx import write_anx
from crossroute.export.ftm import write_ftm
from crossroute.export.gexf import write_gexf
from crossroute.export.graphml import write_graphml
from crossroute.export.neo4j import write_neo4j
from crossroute.export.view import ExportGraph


def write(graph: ExportGraph, fmt: str, out: Path) -> list[Path]:
    """Write `graph` as `fmt` to `out` (a file, or a folder for neo4j); returns the files written."""
    if fmt == "neo4j":
        return write_neo4j(graph, out)
    writers = {"graphml": write_graphml, "gexf": write_gexf, "anx": write_anx, "ftm": write_ftm}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r} (choose from neo4j, {', '.join(writers)})")
    out.parent.mkdir(parents=True, exist_ok=True)
    return [writers[fmt](graph, out)]
