"""FollowTheMoney entities, one JSON object a line (Aleph, OpenSanctions tools, `ftm` CLI). Things become
their FtM schema; events (crossings, shipments, seizures, one-sided payments) become Event entities with
the things involved; other ties become UnknownLink with the kinds of evidence as role. FtM has no phone or
e-mail entity, so numbers and addresses become properties of the people and things tied to them."""

from __future__ import annotations

import json
from pathlib import Path

from followthemoney import model

from crossroute.export.view import ExportGraph, edge_attrs

SCHEMA = {
    "Person": "Person",
    "Organization": "Organization",
    "Vessel": "Vessel",
    "imo": "Vessel",
    "mmsi": "Vessel",
    "Vehicle": "Vehicle",
    "plate": "Vehicle",
    "BankAccount": "BankAccount",
    "iban": "BankAccount",
    "document": "Identification",
    "Passport": "Passport",
    "Identification": "Identification",
    "Address": "Address",
    "handle": "UserAccount",
    "Container": "Asset",
    "container": "Asset",
    "Crossing": "Event",
    "Shipment": "Event",
    "Seizure": "Event",
    "Payment": "Event",
    "Post": "Event",
    "Unknown": "LegalEntity",
}
AS_PROPERTY = {"phone": "phone", "email": "email"}
NAME_PROP = {
    "Vehicle": "registrationNumber",
    "BankAccount": "iban",
    "Identification": "number",
    "Passport": "number",
    "UserAccount": "username",
    "Address": "full",
}


def write_ftm(graph: ExportGraph, path: Path) -> Path:
    """Write the entities; returns the path. Every entity is built and cleaned by FtM's own model."""
    kinds = {n.id: n.type for n in graph.nodes}
    entities = {}
    for node in graph.nodes:
        schema = SCHEMA.get(node.type)
        if schema is None:
            continue
        proxy = model.make_entity(schema)
        proxy.id = node.id
        proxy.add(NAME_PROP.get(schema, "name"), node.label, quiet=True)
        if schema != "Event":
            proxy.add("name", node.label, quiet=True)
        for country in filter(None, node.attrs.get("countries", "").split(";")):
            proxy.add("country", country, quiet=True)
        proxy.add(
            "notes",
            f"crossroute type {node.type}; records {node.attrs.get('records', '')}",
            quiet=True,
        )
        entities[node.id] = proxy
    links = []
    for i, edge in enumerate(graph.edges):
        a, b = edge.source, edge.target
        for me, other in ((a, b), (b, a)):
            prop = AS_PROPERTY.get(kinds[other])
            if prop and me in entities:
                entities[me].add(prop, _value(other), quiet=True)
        if a not in entities or b not in entities:
            continue
        event = next((x for x in (a, b) if entities[x].schema.name == "Event"), None)
        if event is not None:
            entities[event].add("involved", b if event == a else a)
            continue
        link = model.make_entity("UnknownLink")
        link.id = f"link-{i}"
        link.add("subject", a)
        link.add("object", b)
        attrs = edge_attrs(edge)
        link.add("role", attrs["kinds"])
        link.add("date", edge.first, quiet=True)
        link.add(
            "summary",
            f"agencies {attrs['agencies']}; handling {attrs['handling']}; grading {attrs['grading']}",
        )
        link.add("sourceUrl", None, quiet=True)
        links.append(link)
    with path.open("w", encoding="utf-8") as handle:
        for proxy in [*entities.values(), *links]:
            handle.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    return path


def _value(node_id: str) -> str:
    return node_id.split(":", 1)[1]
