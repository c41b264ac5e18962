"""CSV for Neo4j's bulk importer (`neo4j-admin database import full --nodes=nodes.csv
--relationships=relationships.csv`): typed ids, labels and relationship types in the header."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from crossroute.export.view import ExportGraph, edge_attrs

NODE_HEADER = (
    "id:ID",
    ":LABEL",
    "label",
    "community:int",
    "role",
    "countries",
    "customer:boolean",
    "records",
)
EDGE_HEADER = (
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "weight:double",
    "kinds:string[]",
    "first",
    "last",
    "agencies:string[]",
    "handling:string[]",
    "grading:string[]",
    "records:string[]",
)


def _label(text: str) -> str:
    return re.sub(r"\W", "_", text[:1].upper() + text[1:]) or "Node"


def write_neo4j(graph: ExportGraph, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = folder / "nodes.csv", folder / "relationships.csv"
    with nodes.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(NODE_HEADER)
        for n in graph.nodes:
            a = n.attrs
            customer = a.get("customer", "")
            writer.writerow(
                (
                    n.id,
                    f"Entity;{_label(n.type)}",
                    n.label,
                    a.get("community", ""),
                    a.get("role", ""),
                    a.get("countries", ""),
                    customer,
                    a.get("records", ""),
                )
            )
    with edges.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(EDGE_HEADER)
        for e in graph.edges:
            attrs = edge_attrs(e)
            writer.writerow(
                (
                    e.source,
                    e.target,
                    "TIED",
                    attrs["weight"],
                    attrs["kinds"],
                    attrs["first"],
                    attrs["last"],
                    attrs["agencies"],
                    attrs["handling"],
                    attrs["grading"],
                    attrs["records"],
                )
            )
    return [nodes, edges]
