"""Roles inferred from the evidence around a person: what the agencies state (a membership's role, a
record's role) and what the person did (organised or piloted a crossing, owns a small boat or a van,
received payments, holds accounts, posted adverts, was a suspect at a port seizure, directs a company)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from crossroute.analysis.network.entities import PERSON, EntityGraph
from crossroute.model.roles import ROLES

# (kind of tie, type of the node at the other end) -> (role, weight, what the evidence says)
SIGNS: dict[tuple[str, str], tuple[str, float, str]] = {
    ("organiser", "Crossing"): ("organiser", 3.0, "organised crossing"),
    ("pilot", "Crossing"): ("pilot", 2.0, "piloted crossing"),
    ("owner", "Vessel"): ("boat_supplier", 3.0, "owns or bought a boat"),
    ("payer", "Payment"): ("boat_supplier", 0.5, "paid (boat purchase or other)"),
    ("owner", "Vehicle"): ("driver", 2.0, "owns a vehicle"),
    ("beneficiary", "Payment"): ("money_handler", 1.0, "received a payment"),
    ("holder", "BankAccount"): ("money_handler", 2.0, "holds a bank account"),
    ("author", "Post"): ("recruiter", 2.0, "posted a smuggling advert"),
    ("suspect", "Seizure"): ("port_insider", 2.0, "suspect in a port seizure"),
    ("director", "Organization"): ("courier", 2.0, "directs a (front) company"),
    ("shipper", "Shipment"): ("courier", 1.0, "shipper of a container"),
    ("consignee", "Shipment"): ("courier", 1.0, "consignee of a container"),
}
STATED = 5.0  # weight of a role an agency states outright


@dataclass(frozen=True)
class Role:
    node: int
    role: str
    confidence: float  # the role's share of all role evidence
    evidence: tuple[str, ...]  # "organised crossing x3 (FR-OCRIEST TRAV-000001, ...)"


def infer_roles(graph: EntityGraph) -> dict[int, Role]:
    """A role for every person with any role evidence."""
    score: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    seen: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for e in graph.evidence:
        for me, other in ((e.a, e.b), (e.b, e.a)):
            if graph.types[me] != PERSON:
                continue
            sign = SIGNS.get((e.kind, graph.types[other]))
            if sign:
                role, weight, what = sign
                score[me][role] += weight
                seen[me][what].append(f"{e.source} {e.record_id}")
    for node, stated in enumerate(graph.stated_roles):
        for role, count in stated.items():
            if role in ROLES:
                score[node][role] += STATED * count
                seen[node][f"stated {role} by an agency"].append(f"{count} record(s)")
    out = {}
    for node, counts in score.items():
        role, value = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        evidence = tuple(
            f"{what} x{len(refs)} ({', '.join(refs[:3])}{', ...' if len(refs) > 3 else ''})"
            for what, refs in sorted(seen[node].items(), key=lambda kv: -len(kv[1]))
        )
        out[node] = Role(node, role, value / sum(counts.values()), evidence)
    return out
