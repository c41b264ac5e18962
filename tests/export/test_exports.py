"""Every export opens in a parser of its format, and the counts and ids survive the round trip."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import networkx as nx
import pytest
from followthemoney import model

from crossroute.analysis.network.case import CaseNetwork
from crossroute.export import ExportGraph, from_case
from crossroute.export.write import write


@pytest.fixture(scope="module")
def view(case: CaseNetwork) -> ExportGraph:
    return from_case(case, include_customers=False)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_gephi_formats_round_trip(view: ExportGraph, tmp_path: Path, fmt: str) -> None:
    [path] = write(view, fmt, tmp_path / f"graph.{fmt}")
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert graph.number_of_nodes() == len(view.nodes)
    assert graph.number_of_edges() == len(view.edges)
    assert set(graph.nodes) == {n.id for n in view.nodes}
    some = view.edges[0]
    data = graph.edges[some.source, some.target]
    assert data["handling"] == ";".join(some.handling)
    assert float(data["weight"]) == some.weight


def test_anx_carries_grading_and_handling(view: ExportGraph, tmp_path: Path) -> None:
    [path] = write(view, "anx", tmp_path / "chart.anx")
    chart = ET.parse(path).getroot()
    entities = chart.findall("./ChartItemCollection/ChartItem/End/Entity")
    links = chart.findall("./ChartItemCollection/ChartItem/Link")
    assert {e.get("EntityId") for e in entities} == {n.id for n in view.nodes}
    assert len(links) == len(view.edges)
    classes = {c.get("Name") for c in chart.findall("./AttributeClassCollection/AttributeClass")}
    assert {"Grading", "Handling"} <= classes
    graded = [
        a.get("Value")
        for a in chart.findall("./ChartItemCollection/ChartItem/AttributeCollection/Attribute")
        if a.get("AttributeClass") == "Grading"
    ]
    assert len(graded) > 0.9 * len(links)
    icons = {i.get("Type") for i in chart.findall(".//IconStyle")}
    assert {"Person", "phone"} <= icons
    dated = [
        i for i in chart.findall("./ChartItemCollection/ChartItem") if i.get("DateSet") == "true"
    ]
    assert dated and all(i.get("DateTime") for i in dated)


def test_ftm_entities_parse_with_followthemoney(view: ExportGraph, tmp_path: Path) -> None:
    [path] = write(view, "ftm", tmp_path / "entities.ftm.json")
    proxies = [model.get_proxy(json.loads(line)) for line in path.read_text("utf-8").splitlines()]
    ids = {p.id for p in proxies}
    persons = [n.id for n in view.nodes if n.type == "Person"]
    assert set(persons) <= ids
    links = [p for p in proxies if p.schema.name == "UnknownLink"]
    assert links and all(set(p.get("subject") + p.get("object")) <= ids for p in links)
    assert any(p.get("phone") for p in proxies if p.schema.name == "Person")


def test_neo4j_csv_ids_match(view: ExportGraph, tmp_path: Path) -> None:
    nodes, edges = write(view, "neo4j", tmp_path / "neo4j")
    with nodes.open(encoding="utf-8") as handle:
        node_rows = list(csv.DictReader(handle))
    with edges.open(encoding="utf-8") as handle:
        edge_rows = list(csv.DictReader(handle))
    ids = {r["id:ID"] for r in node_rows}
    assert len(ids) == len(node_rows) == len(view.nodes)
    assert len(edge_rows) == len(view.edges)
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in edge_rows)
    assert all(r[":LABEL"].startswith("Entity;") for r in node_rows)
