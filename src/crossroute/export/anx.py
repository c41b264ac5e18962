"""i2 Analyst's Notebook chart (ANX XML): entities with icons by type, links with dates and strength, and
the supplying agencies' grading and handling codes as attributes on every link."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from crossroute.export.view import ExportGraph

# our node type -> i2 icon (standard i2 icon names)
ICONS = {
    "Person": "Person",
    "phone": "Telephone",
    "document": "Passport",
    "Passport": "Passport",
    "email": "E-mail",
    "handle": "Internet",
    "iban": "Bank Account",
    "BankAccount": "Bank Account",
    "Vehicle": "Vehicle",
    "plate": "Vehicle",
    "Vessel": "Boat",
    "imo": "Boat",
    "mmsi": "Boat",
    "Container": "Container",
    "container": "Container",
    "Organization": "Organisation",
    "Address": "Address",
    "Crossing": "Event",
    "Shipment": "Shipment",
    "Seizure": "Police",
    "Payment": "Money",
    "Post": "Internet",
}
ATTRIBUTES = (
    "Grading",
    "Handling",
    "Agencies",
    "Records",
    "Kinds",
    "Role",
    "Community",
    "Countries",
)


def write_anx(graph: ExportGraph, path: Path) -> Path:
    chart = ET.Element("Chart", {"IdReferenceLinking": "false"})
    classes = ET.SubElement(chart, "AttributeClassCollection")
    for name in ATTRIBUTES:
        ET.SubElement(
            classes, "AttributeClass", {"Name": name, "Type": "AttText", "ShowValue": "true"}
        )
    types = ET.SubElement(chart, "EntityTypeCollection")
    for name in sorted({n.type for n in graph.nodes}):
        ET.SubElement(types, "EntityType", {"Name": name, "IconFile": ICONS.get(name, "Question")})
    links = ET.SubElement(chart, "LinkTypeCollection")
    ET.SubElement(links, "LinkType", {"Name": "Link", "Colour": "0"})
    items = ET.SubElement(chart, "ChartItemCollection")
    for node in graph.nodes:
        item = ET.SubElement(items, "ChartItem", {"Label": node.label, "Description": node.type})
        end = ET.SubElement(item, "End")
        entity = ET.SubElement(
            end, "Entity", {"EntityId": node.id, "Identity": node.id, "LabelIsIdentity": "false"}
        )
        icon = ET.SubElement(entity, "Icon")
        ET.SubElement(icon, "IconStyle", {"Type": node.type})
        _attributes(
            item,
            {
                "Role": node.attrs.get("role", ""),
                "Community": node.attrs.get("community", ""),
                "Countries": node.attrs.get("countries", ""),
            },
        )
    for edge in graph.edges:
        dated = edge.first is not None
        item = ET.SubElement(
            items,
            "ChartItem",
            {
                "Label": ", ".join(edge.kinds),
                "DateSet": "true" if dated else "false",
                **({"DateTime": f"{edge.first}T00:00:00"} if dated else {}),
            },
        )
        link = ET.SubElement(item, "Link", {"End1Id": edge.source, "End2Id": edge.target})
        strength = (
            "Confirmed" if any(g[-2:-1] in ("A", "1") for g in edge.grading) else "Unconfirmed"
        )
        ET.SubElement(
            link,
            "LinkStyle",
            {
                "Type": "Link",
                "Strength": strength,
                "ArrowStyle": "ArrowNone",
                "MlStyle": "MultiplicitySingle",
                "LineWidth": str(min(10, int(edge.weight))),
            },
        )
        _attributes(
            item,
            {
                "Grading": ";".join(edge.grading),
                "Handling": ";".join(edge.handling),
                "Agencies": ";".join(edge.agencies),
                "Records": ";".join(edge.records),
                "Kinds": ";".join(edge.kinds),
            },
        )
    ET.ElementTree(chart).write(path, encoding="utf-8", xml_declaration=True)
    return path


def _attributes(item: ET.Element, values: dict[str, str]) -> None:
    collection = ET.SubElement(item, "AttributeCollection")
    for name, value in values.items():
        if value:
            ET.SubElement(collection, "Attribute", {"AttributeClass": name, "Value": value})
