"""Corrupt insiders: people whose records give a port, customs, police or dock role or employer, ranked by
what ties them in the entity graph to the networks: suspect at a seizure, payments received from group
members or from consignees of seized containers, ties (calls, shared phones, accounts, vehicles) to
group members, ties to consignees of seized containers or of declarations found fraudulent, and a
criminal role an agency states. Each person comes with the evidence (what, weight, records).

The list is built on the caller's own graph (`percaller.caller_case`: records the caller may see in
full, nothing else adds a node, tie or count), only after the policy's list rule allows the caller
(`sharing.lists`), and reaches the caller through the gate (`gated.view`: one audit entry per call).
A refused call is logged too (one entry, nothing shown)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb

from crossroute.analysis.network.case import CaseNetwork
from crossroute.analysis.network.entities import PERSON, EntityGraph
from crossroute.analysis.network.gated import Indexed, view
from crossroute.analysis.network.percaller import caller_case
from crossroute.model.roles import ROLES
from crossroute.sharing import Purpose, SharingError, audit, lists
from crossroute.sharing.audit import Action
from crossroute.sharing.users import get_user
from crossroute.store import Workspace

LIST = "insiders"
# Words (lower case, accents removed) that give a port, customs, police or dock role or employer.
STAFF_WORDS: dict[str, tuple[str, ...]] = {
    "customs": ("customs", "douane", "douanier", "douanes", "zoll", "zollbeamter", "aduana",
                "customs officer", "douanebeambte"),
    "dock": ("dock worker", "docker", "dockworker", "havenarbeider", "stevedore", "longshoreman",
             "hafenarbeiter", "terminal", "crane operator", "kraanman", "straddle carrier",
             "lasher", "sjorder", "port worker", "havenbedrijf", "port authority", "port insider"),
    "police": ("port police", "havenpolitie", "scheepvaartpolitie", "zeehavenpolitie",
               "wasserschutzpolizei", "police", "politie", "polizei", "policier"),
}  # fmt: skip
WEIGHTS = {
    "seizure": 3.0,  # suspect at a seizure
    "paid_by_group": 3.0,  # payment from a group member
    "paid_by_consignee": 3.0,  # payment from a consignee of a seized container (or its people)
    "consignee_tie": 2.0,  # other tie to such a consignee
    "stated_role": 2.0,  # an agency states a network role (port insider, courier...)
    "group_tie": 1.0,  # direct tie to a group member (call, associate, family)
    "shared": 1.5,  # shares a phone, account or vehicle with a group member
    "payment": 0.5,  # payment from someone not (yet) known to the network
}
CAPS = {"seizure": 2, "paid_by_group": 3, "paid_by_consignee": 3, "consignee_tie": 2,
        "group_tie": 3, "shared": 3, "payment": 2, "stated_role": 1}  # fmt: skip
TOP = 20
TIE_WORDS = {"caller-receiver": "call", "sender-recipient": "message", "person-associate": "associate",
             "person-relative": "family tie", "member-organization": "membership"}  # fmt: skip


@dataclass
class Insider:
    node: int
    label: str
    staff: tuple[str, ...]  # customs | dock | police
    roles: tuple[str, ...]  # the role / employer texts the records give
    score: float
    evidence: list[dict[str, Any]] = field(default_factory=list)  # what, weight, records

    def as_dict(self, rank: int) -> dict[str, Any]:
        return {
            "rank": rank, "person": self.label, "staff": list(self.staff),
            "roles": list(self.roles), "score": round(self.score, 2), "evidence": self.evidence,
        }  # fmt: skip


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_PATTERNS = {
    kind: re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")
    for kind, words in STAFF_WORDS.items()
}


def staff_kinds(text: str) -> tuple[str, ...]:
    """The kinds of port staff a role or employer text names ('' when none)."""
    plain = _plain(text)
    return tuple(kind for kind, pattern in _PATTERNS.items() if pattern.search(plain))


@dataclass
class _Context:
    index: Indexed
    employers: set[int]
    group: set[int]
    consignees: set[int]  # organisations (and their people) behind seized containers
    staff: dict[int, tuple[tuple[str, ...], tuple[str, ...]]]

    @property
    def graph(self) -> EntityGraph:
        return self.index.graph


def _neighbours(ctx: _Context, node: int) -> list[tuple[int, int]]:
    """(evidence index, node at the other end)."""
    return ctx.index.ties(node)


def _context(case: CaseNetwork, index: Indexed, fraud_importers: set[str]) -> _Context:
    graph = case.graph
    employers = {
        n for n, t in enumerate(graph.types)
        if t == "Organization" and staff_kinds(graph.labels[n])
    }  # fmt: skip
    staff: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for n, t in enumerate(graph.types):
        if t != PERSON:
            continue
        texts = [r for r in graph.stated_roles[n] if r not in ROLES]
        texts += [graph.labels[other] for _, other in index.ties(n) if other in employers]
        kinds = sorted({k for text in texts for k in staff_kinds(text)})
        if kinds:
            staff[n] = (tuple(kinds), tuple(sorted(set(texts))))
    consignees = set(seized_consignees(index)) | _fraud_importer_nodes(graph, fraud_importers)
    for org in list(consignees):  # the people who direct or belong to such a company
        for i, other in index.ties(org):
            if graph.types[other] == PERSON and graph.evidence[i].kind in (
                "director",
                "member-organization",
            ):
                consignees.add(other)
    return _Context(index, employers, case.members(), consignees, staff)


def seized_consignees(index: Indexed) -> dict[int, list[int]]:
    """Consignees of shipments whose container was seized (or of a shipment a seizure names), each
    with the evidence that says so (seizure, container, shipment)."""
    graph = index.graph
    found: dict[int, list[int]] = {}

    def consignees(shipment: int, chain: list[int]) -> None:
        for k, party in index.ties(shipment):
            if graph.evidence[k].kind == "consignee":
                found.setdefault(party, [*chain, k])

    for z, t in enumerate(graph.types):
        if t != "Seizure":
            continue
        for i, thing in index.ties(z):
            if graph.types[thing] in ("Container", "container"):
                for j, event in index.ties(thing):
                    if graph.types[event] == "Shipment":
                        consignees(event, [i, j])
            if graph.types[thing] == "Shipment":
                consignees(thing, [i])
    return found


def _fraud_importer_nodes(graph: EntityGraph, fraud_importers: set[str]) -> set[int]:
    """Organisations that are importers of declarations found fraudulent (matched by registration
    number or exact name)."""
    if not fraud_importers:
        return set()
    wanted = {_plain(i) for i in fraud_importers}
    return {
        n
        for n, t in enumerate(graph.types)
        if t == "Organization"
        and {_plain(graph.labels[n]), _plain(graph.ids[n].partition(":")[2])} & wanted
    }


def _evidence_of(ctx: _Context, node: int) -> tuple[float, list[dict[str, Any]], list[int]]:
    graph = ctx.graph
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    used: list[int] = []

    def note(kind: str, what: str, *indexes: int) -> None:
        for i in indexes:
            e = graph.evidence[i]
            found[(kind, what)].append(f"{e.source}:{e.record_id}")
            used.append(i)

    for i, other in _neighbours(ctx, node):
        e = graph.evidence[i]
        kind_other = graph.types[other]
        if other in ctx.employers:
            continue
        if kind_other == "Seizure":
            note("seizure", f"suspect at {graph.labels[other] or 'a seizure'}", i)
        elif e.schema == "Payment":
            for payer in _payers(ctx, node, i, other):
                if payer in ctx.consignees:
                    note("paid_by_consignee", f"payment from {_name(graph, payer)} (consignee of a seized container)", i)  # fmt: skip
                elif payer in ctx.group:
                    note("paid_by_group", f"payment from group member {_name(graph, payer)}", i)
                else:
                    note("payment", f"payment from {_name(graph, payer)}", i)
        elif kind_other == PERSON and other in ctx.group:
            how = TIE_WORDS.get(e.kind, e.kind)
            note("group_tie", f"{how} with group member {_name(graph, other)}", i)
        elif other in ctx.consignees:
            note("consignee_tie", f"{e.kind} of {_name(graph, other)} (consignee of a seized container)", i)  # fmt: skip
        elif kind_other != PERSON and not graph.records[other]:  # an identifier: phone, account...
            for j, holder in _neighbours(ctx, other):
                if holder == node or graph.types[holder] != PERSON or holder not in ctx.group:
                    continue
                link = graph.evidence[j].schema
                if link in ("Call", "Message"):
                    note("group_tie", f"{link.lower()} between their {kind_other.lower()} {graph.labels[other]} and group member {_name(graph, holder)}", i, j)  # fmt: skip
                else:
                    note("shared", f"shares {kind_other.lower()} {graph.labels[other]} with group member {_name(graph, holder)}", i, j)  # fmt: skip
    for role, count in graph.stated_roles[node].items():
        if role in ROLES:
            found[("stated_role", f"named {role.replace('_', ' ')} in {count} record(s)")] += []
    per_kind: Counter[str] = Counter()
    score = 0.0
    out = []
    for (kind, what), records in sorted(found.items(), key=lambda kv: -WEIGHTS[kv[0][0]]):
        if per_kind[kind] >= CAPS[kind]:
            continue
        per_kind[kind] += 1
        score += WEIGHTS[kind]
        out.append({"kind": kind, "what": what, "weight": WEIGHTS[kind],
                    "records": sorted(set(records))})  # fmt: skip
    return score, out, used


def _payers(ctx: _Context, node: int, i: int, other: int) -> list[int]:
    """Who paid `node` in the payment evidence `i` (a direct payer-beneficiary tie, or the payment
    event's payer side); an account stands for its holders."""
    graph = ctx.graph
    e = graph.evidence[i]
    if e.kind == "payer-beneficiary":
        if e.b != node:
            return []
        return _holders(ctx, e.a)
    if other in graph.events:
        if not e.kind.startswith("beneficiary"):
            return []
        out = []
        for j, end in _neighbours(ctx, other):
            if graph.evidence[j].kind.startswith("payer"):
                out.extend(_holders(ctx, end))
        return out
    return []


def _holders(ctx: _Context, node: int) -> list[int]:
    graph = ctx.graph
    if graph.types[node] in (PERSON, "Organization"):
        return [node]
    return [o for _, o in _neighbours(ctx, node) if graph.types[o] in (PERSON, "Organization")]


def _name(graph: EntityGraph, node: int) -> str:
    return graph.labels[node] or graph.ids[node]


def rank(
    case: CaseNetwork, index: Indexed, fraud_importers: set[str]
) -> tuple[list[Insider], int, dict[int, list[int]]]:
    """Port staff with any evidence, best first; the number of port staff considered; and per person
    the evidence indexes used."""
    ctx = _context(case, index, fraud_importers)
    out, used = [], {}
    for node, (kinds, texts) in ctx.staff.items():
        score, evidence, idx = _evidence_of(ctx, node)
        if score <= 0:
            continue
        out.append(Insider(node, _name(case.graph, node), kinds, texts, score, evidence))
        used[node] = idx
    out.sort(key=lambda x: (-x.score, x.label))
    return out, len(ctx.staff), used


def fraud_importers(workspace: Workspace) -> set[str]:
    """Importers of declarations found fraudulent (inspected positive)."""
    try:
        found = workspace.rows(
            "SELECT DISTINCT importer FROM ports.declarations WHERE fraud > 0 AND importer IS NOT NULL"
        )
    except duckdb.CatalogException:  # a read-only workspace that predates the ports schema
        return set()
    return {str(row[0]) for row in found}


def insiders(
    workspace: Workspace,
    user_name: str,
    purpose: Purpose,
    *,
    top: int = TOP,
    today: dt.date | None = None,
    path: str = "ports insiders",
) -> dict[str, Any]:
    """The ranked list as this caller may see it. AccessDenied (logged) when the policy's list rule
    refuses the caller."""
    user = get_user(workspace, user_name)
    try:
        lists.require(workspace, user, LIST)
    except SharingError as refusal:
        audit.append_by(
            workspace, user, Action.CONSULTATION, purpose=purpose.text, case_ref=purpose.case_ref,
            detail={"path": path, "list": LIST, "refused": str(refusal)},
        )  # fmt: skip
        raise
    mine = caller_case(workspace, user_name, purpose, today=today)
    ranked, considered, used = rank(mine.case, mine.index, fraud_importers(workspace))
    chosen = ranked[:top]
    seen = view(
        workspace, user_name, purpose, mine.index, [x.node for x in chosen],
        [i for x in chosen for i in used[x.node]], path=path, today=today,
        detail={"list": LIST},
    )  # fmt: skip
    shown = [x for x in chosen if x.node in seen.nodes]
    for x in shown:
        x.label = seen.label(x.node)
    return {
        "list": LIST,
        "staff_considered": considered,
        "items": [x.as_dict(rank) for rank, x in enumerate(shown, start=1)],
    }
