"""The companies and consignments named in declarations, as canonical records (docs/formats.md) that a
customs agency loads with `crossroute ingest` like any other file, so they resolve with the rest.

Every party (importer, declarant, seller, forwarder) becomes one Organization record: its name as written
and, when it looks like a code (a digit and no spaces: `IMP123456`, `BE0123456789`), that code as its
registration number, which is how the entity graph ties it to the same company in other agencies'
records. Declarations become Shipment records (consignee: the importer; shipper: the seller; declarant
and forwarder), by default only those found in fraud, since the clean traffic of a year would bury the
graph; a container number becomes a Container record, and an inspection outcome that says "seiz..."
a Seizure of that container. The file holds no source or handling code: `crossroute ingest --agency
... --handling ...` gives them, as for any file an agency supplies.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crossroute.store import Workspace

ROLES = {
    "importer": "importer",
    "declarant": "declarant",
    "seller": "seller",
    "courier": "forwarder",
}
SHIPMENT_ENDS = {"importer": "consignee", "seller": "shipper", "declarant": "declarant",
                 "courier": "forwarder"}  # fmt: skip
Record = dict[str, Any]


@dataclass(frozen=True)
class Written:
    organizations: int
    shipments: int
    containers: int
    seizures: int


def write_records(
    workspace: Workspace, out: Path, every_declaration: bool = False, since: str | None = None
) -> Written:
    """Write the records as JSON lines to `out`; returns how many of each kind."""
    counts: dict[str, int] = defaultdict(int)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for record in declaration_records(workspace, every_declaration, since):
            counts[record["schema"]] += 1
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return Written(
        counts["Organization"], counts["Shipment"], counts["Container"], counts["Seizure"]
    )


def declaration_records(
    workspace: Workspace, every_declaration: bool = False, since: str | None = None
) -> Iterator[Record]:
    """Organization records for every party of the stored declarations (from `since`), then Shipment,
    Container and Seizure records for the declarations found in fraud (or every one)."""
    roles: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    parties = workspace.rows(
        "SELECT role, party, count(*) FROM (UNPIVOT (SELECT importer, declarant, seller, courier "
        "FROM ports.declarations WHERE ?::DATE IS NULL OR date >= ?::DATE) "
        "ON importer, declarant, seller, courier INTO NAME role VALUE party) "
        "WHERE trim(party) <> '' GROUP BY ALL ORDER BY party, role",
        [since, since],
    )
    for role, party, count in parties:
        roles[str(party)][str(role)] = int(count)
    for party, named in roles.items():
        yield organization(party, named)
    shipments = workspace.rows(
        "SELECT declaration_id, date, office, importer, declarant, seller, courier, hs6, origin, "
        "departure, net_mass, container, transshipment, fraud, critical_fraud, inspection_outcome "
        "FROM ports.declarations WHERE (?::DATE IS NULL OR date >= ?::DATE) AND (? OR fraud > 0 "
        "OR lower(coalesce(inspection_outcome, '')) LIKE '%seiz%') ORDER BY date, declaration_id",
        [since, since, every_declaration],
    )
    containers: set[str] = set()
    for row in shipments:
        yield from shipment_records(row, containers)


def organization(party: str, roles: dict[str, int]) -> Record:
    named = ", ".join(f"{ROLES[role]} ({count})" for role, count in sorted(roles.items()))
    properties: dict[str, list[str]] = {
        "name": [party],
        "notes": [f"named in customs declarations as {named}"],
    }
    if looks_like_code(party):
        properties["registrationNumber"] = [party]
    return {"record_id": party_id(party), "schema": "Organization", "properties": properties}


def shipment_records(row: tuple[Any, ...], containers: set[str]) -> Iterator[Record]:
    (declaration, date, office, importer, declarant, seller, courier, hs6, origin, departure,
     mass, container, transshipment, fraud, critical, outcome) = row  # fmt: skip
    parties = {"importer": importer, "declarant": declarant, "seller": seller, "courier": courier}
    properties: dict[str, list[str]] = {
        SHIPMENT_ENDS[role]: [party_id(str(name))]
        for role, name in parties.items()
        if name and str(name).strip()
    }
    finding = _finding(fraud, critical, outcome)
    properties |= _present(
        hsCode=hs6,
        originCountry=origin,
        originPort=departure,
        destinationPort=office,
        transshipmentPort=transshipment,
        weight=mass,
        arrivalDate=date,
        cargo=f"HS {hs6}" + (f"; customs finding: {finding}" if finding else ""),
    )
    if container:
        properties["container"] = [container_id(str(container))]
        properties["containerNumber"] = [str(container)]
        if container not in containers:
            containers.add(container)
            yield {
                "record_id": container_id(str(container)),
                "schema": "Container",
                "properties": {"number": [str(container)]},
            }
    yield {
        "record_id": f"declaration:{declaration}",
        "schema": "Shipment",
        "properties": properties,
    }
    if container and outcome and "seiz" in str(outcome).lower():
        yield {
            "record_id": f"seizure:{declaration}",
            "schema": "Seizure",
            "properties": _present(
                date=date,
                place=office,
                goods=f"HS {hs6}: {outcome}",
                container=container_id(str(container)),
                suspect=party_id(str(importer)) if importer else None,
            ),
        }


def party_id(party: str) -> str:
    return f"party:{party.strip()}"


def container_id(number: str) -> str:
    return f"container:{number}"


def looks_like_code(text: str) -> bool:
    """A registration-number-like value: at least one digit and no spaces."""
    value = text.strip()
    return bool(value) and any(c.isdigit() for c in value) and not any(c.isspace() for c in value)


def _finding(fraud: Any, critical: Any, outcome: Any) -> str:
    if outcome:
        return str(outcome)
    if critical == 2:
        return "critical fraud"
    return "fraud" if fraud else ""


def _present(**values: Any) -> dict[str, list[str]]:
    return {name: [str(value)] for name, value in values.items() if value not in (None, "")}
