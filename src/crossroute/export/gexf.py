"""GEXF 1.3 (Gephi's own format)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from crossroute.export.view import EDGE_KEYS, NODE_KEYS, ExportGraph, edge_attrs

NS = "http://gexf.net/1.3"


def write_gexf(graph: ExportGraph, path: Path) -> Path:
    root = ET.Element("gexf", {"xmlns": NS, "version": "1.3"})
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "Crossroute"
    body = ET.SubElement(root, "graph", {"defaultedgetype": "undirected", "mode": "static"})
    node_keys = [k for k in NODE_KEYS if k != "label"]
    for cls, keys in (("node", node_keys), ("edge", [k for k in EDGE_KEYS if k != "weight"])):
        declared = ET.SubElement(body, "attributes", {"class": cls})
        for i, key in enumerate(keys):
            ET.SubElement(
                declared, "attribute", {"id": f"{cls[0]}{i}", "title": key, "type": "string"}
            )
    nodes = ET.SubElement(body, "nodes")
    for node in graph.nodes:
        element = ET.SubElement(nodes, "node", {"id": node.id, "label": node.label})
        values = ET.SubElement(element, "attvalues")
        given = {"type": node.type, **node.attrs}
        for i, key in enumerate(node_keys):
            if key in given:
                ET.SubElement(values, "attvalue", {"for": f"n{i}", "value": given[key]})
    edges = ET.SubElement(body, "edges")
    edge_keys = [k for k in EDGE_KEYS if k != "weight"]
    for i, edge in enumerate(graph.edges):
        element = ET.SubElement(
            edges,
            "edge",
            {
                "id": f"e{i}",
                "source": edge.source,
                "target": edge.target,
                "weight": f"{edge.weight:g}",
            },
        )
        values = ET.SubElement(element, "attvalues")
        attrs = edge_attrs(edge)
        for j, key in enumerate(edge_keys):
            ET.SubElement(values, "attvalue", {"for": f"e{j}", "value": attrs[key]})
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path
