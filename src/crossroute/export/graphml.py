"""GraphML (Gephi, yEd, networkx, igraph)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from crossroute.export.view import EDGE_KEYS, NODE_KEYS, ExportGraph, edge_attrs

NS = "http://graphml.graphdrawing.org/xmlns"


def write_graphml(graph: ExportGraph, path: Path) -> Path:
    root = ET.Element("graphml", xmlns=NS)
    for key in NODE_KEYS:
        attrs = {"id": f"n_{key}", "for": "node", "attr.name": key, "attr.type": "string"}
        ET.SubElement(root, "key", attrs)
    for key in EDGE_KEYS:
        kind = "double" if key == "weight" else "string"
        attrs = {"id": f"e_{key}", "for": "edge", "attr.name": key, "attr.type": kind}
        ET.SubElement(root, "key", attrs)
    body = ET.SubElement(root, "graph", id="crossroute", edgedefault="undirected")
    for node in graph.nodes:
        element = ET.SubElement(body, "node", id=node.id)
        for key, value in {"type": node.type, "label": node.label, **node.attrs}.items():
            ET.SubElement(element, "data", key=f"n_{key}").text = value
    for i, edge in enumerate(graph.edges):
        element = ET.SubElement(body, "edge", id=f"e{i}", source=edge.source, target=edge.target)
        for key, value in edge_attrs(edge).items():
            ET.SubElement(element, "data", key=f"e_{key}").text = value
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path
