"""Intelligence-led picks: declarations whose parties the caller's own entity graph ties to the networks.

A targeting centre inspects on intelligence as well as on risk scores. A party of a declaration (importer,
declarant, seller, forwarder) is *watched* when, in the graph of the records the caller may see in full
(`percaller.caller_case`), the company with that registration number (or the `party:ID` record of
`ports records`):
- is the consignee of a shipment whose container was seized, or the suspect of a seizure; or
- is tied to a known member of the networks (a person with an inferred network role, or arrested),
  directly (director, membership, shared phone or account) or through one event (a payment, a
  shipment, a call).
The watched declarations of a day go first on its inspection list (`chosen_by` "intel"), within the
budget, with the tie in words. The names in those words reach the caller through the gate (one audit
entry); a tie the caller may not see in full is never used, so hidden records change no list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from crossroute.analysis.network.gated import Indexed, view
from crossroute.analysis.network.percaller import caller_case
from crossroute.analysis.ports.insiders import seized_consignees
from crossroute.analysis.ports.records import ROLES, party_id
from crossroute.sharing import Purpose
from crossroute.store import Workspace

PARTY_COLUMNS = tuple(ROLES)
SEIZURE_TIES = ("consignee", "suspect")


@dataclass
class Watch:
    """Why one party is watched: the tie in words (labels filled in through the gate)."""

    node: int
    member: int | None  # the network member it is tied to (None: a seizure tie)
    how: str  # "consignee of a seized container", "director", "payment"...
    evidence: list[int] = field(default_factory=list)


def watched_parties(index: Indexed, members: set[int], parties: set[str]) -> dict[str, Watch]:
    """Per party (as written in declarations) its strongest tie in this graph, if any."""
    graph = index.graph
    nodes = _party_nodes(index, parties)
    seized = _seized_ends(index)
    out: dict[str, Watch] = {}
    for party, node in nodes.items():
        if node in seized:
            how, evidence = seized[node]
            out[party] = Watch(node, None, how, evidence)
            continue
        for i, other in index.ties(node):
            if other in members:
                out[party] = Watch(node, other, graph.evidence[i].kind, [i])
                break
            if other in graph.events:
                hit = next(
                    ((j, m) for j, m in index.ties(other) if m in members and m != node), None
                )
                if hit is not None:
                    e = graph.evidence[i]
                    out[party] = Watch(node, hit[1], f"{e.schema.lower()} ({e.kind})", [i, hit[0]])
                    break
    return out


def intel_picks(
    workspace: Workspace,
    user: str,
    purpose: Purpose,
    declarations: pd.DataFrame,
    *,
    today: dt.date | None = None,
    path: str = "ports intel",
) -> dict[str, str]:
    """Declaration id -> the intelligence reason, for the declarations (declaration_id and the party
    columns) whose parties the caller's graph ties to the networks."""
    parties = {
        str(value)
        for column in PARTY_COLUMNS
        for value in declarations[column].dropna()
        if str(value).strip()
    }
    if not parties:
        return {}
    mine = caller_case(workspace, user, purpose, today=today)
    index = mine.index
    watched = watched_parties(index, mine.case.members(), parties)
    if not watched:
        return {}
    ends = [end for w in watched.values() for i in w.evidence for end in _ends(index, i)]
    seen = view(
        workspace, user, purpose, index,
        [*(n for w in watched.values() for n in (w.node, w.member) if n is not None), *ends],
        [i for w in watched.values() for i in w.evidence],
        path=path, today=today, detail={"parties": len(watched)},
    )  # fmt: skip
    words = {
        party: _words(w, seen.label(w.member) if w.member is not None else "")
        for party, w in watched.items()
        if w.node in seen.nodes
        and (w.member is None or w.member in seen.nodes)
        and set(w.evidence) <= seen.evidence
    }
    out: dict[str, str] = {}
    for row in declarations.itertuples(index=False):
        found = [
            f"{ROLES[column]} {getattr(row, column)}: {words[str(getattr(row, column))]}"
            for column in PARTY_COLUMNS
            if str(getattr(row, column)) in words
        ]
        if found:
            out[str(row.declaration_id)] = "intelligence: " + "; ".join(found)
    return out


def _ends(index: Indexed, evidence: int) -> tuple[int, int]:
    tie = index.graph.evidence[evidence]
    return tie.a, tie.b


def _words(watch: Watch, member: str) -> str:
    if watch.member is None:
        return watch.how
    return f"tied to network member {member} ({watch.how.replace('-', ' ')})"


def _party_nodes(index: Indexed, parties: set[str]) -> dict[str, int]:
    """The graph node of each party: the company named by that registration number, or the node
    holding its `party:ID` record."""
    graph = index.graph
    by_id = {party_id(p): p for p in parties}
    out: dict[str, int] = {}
    for node, node_type in enumerate(graph.types):
        if node_type != "Organization":
            continue
        _, _, value = graph.ids[node].partition(":")
        if value in parties:
            out.setdefault(value, node)
            continue
        for _, record_id in graph.records[node]:
            if record_id in by_id:
                out.setdefault(by_id[record_id], node)
    return out


def _seized_ends(index: Indexed) -> dict[int, tuple[str, list[int]]]:
    """Parties behind a seizure: consignees of a shipment whose container was seized, and seizures'
    suspects, with the evidence that says so."""
    graph = index.graph
    out = {node: ("consignee of a seized container", chain)
           for node, chain in seized_consignees(index).items()}  # fmt: skip
    for seizure, node_type in enumerate(graph.types):
        if node_type == "Seizure":
            for i, suspect in index.ties(seizure):
                if graph.evidence[i].kind == "suspect" and graph.types[suspect] == "Organization":
                    out.setdefault(suspect, ("suspect at a seizure", [i]))
    return out
