"""What a briefing says, gathered through the sharing gate: groups, key players with reasons, the
recommended disruption targets and their expected effect, money flows and the countries on the routes;
each claim with the records (agency, grading, handling) behind it."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from crossroute.analysis.network.case import CaseNetwork, GroupCandidate
from crossroute.analysis.network.disruption import disrupt
from crossroute.analysis.network.gated import View, seen_case, view
from crossroute.analysis.network.keyplayers import KeyPlayer
from crossroute.analysis.network.percaller import caller_case
from crossroute.ingest.rates import Converter
from crossroute.model.gazetteer import locate
from crossroute.report import comms_section, online_section
from crossroute.report.comms_section import CommsSection
from crossroute.report.money_flows_section import money_flows_section
from crossroute.report.money_section import money_section
from crossroute.report.online_section import OnlineSection
from crossroute.report.ports_section import ports_section
from crossroute.report.ports_watch_section import with_watch
from crossroute.sharing import Purpose
from crossroute.sharing.records import Key
from crossroute.store import Workspace

TOP_GROUPS = 6
TOP_PLAYERS = 12
TARGETS = 5
# Ports the simulated cases use, by country (a shipment names its port, not the port's country).
PORT_COUNTRY = {
    "Antwerpen": "BEL", "Antwerp": "BEL", "Rotterdam": "NLD", "Le Havre": "FRA", "Hamburg": "DEU",
    "Felixstowe": "GBR", "Southampton": "GBR", "London Gateway": "GBR", "Valencia": "ESP",
    "Algeciras": "ESP", "Zeebrugge": "BEL", "Dunkerque": "FRA", "Calais": "FRA", "Dover": "GBR",
}  # fmt: skip


@dataclass
class Briefing:
    user: str
    purpose: str
    generated: str
    case: CaseNetwork
    shown: dict[Key, dict[str, Any]]  # every record the briefing rests on, as the gate showed it
    seen: View  # labels, countries and records of nodes, from the records the caller may see
    groups: list[tuple[GroupCandidate, list[int]]] = field(default_factory=list)  # visible members
    players: list[KeyPlayer] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    effect: dict[str, Any] = field(default_factory=dict)
    payments: list[dict[str, Any]] = field(default_factory=list)
    countries: Counter[str] = field(default_factory=Counter)
    flows: Counter[tuple[str, str]] = field(default_factory=Counter)
    crossings: Counter[tuple[str, str]] = field(
        default_factory=Counter
    )  # (departure, landing) places
    comms: CommsSection | None = None  # seized communications (report/comms_section.py)
    money_alerts: str = ""  # HTML of report.money_section (laundering typologies)
    online: OnlineSection | None = None  # online adverts (report/online_section.py)
    ports: str = ""  # the ports section's HTML (report/ports_section.py), '' without ports scores
    eur: Converter | None = None  # amounts in EUR at the workspace's reference rates

    def sources(self, node: int) -> list[dict[str, Any]]:
        """The records behind a node that the caller may see."""
        return [self.shown[k] for k in self.seen.keys(node)]

    def label(self, node: int) -> str:
        """The node's label from the records the caller may see."""
        return self.seen.label(node)

    def whole(self, node: int) -> bool:
        """A node shown with what the analysis found of it: every record and tie of it visible."""
        return node in self.seen.nodes and self.seen.complete(node)


def gather(
    ws: Workspace,
    user: str,
    purpose: Purpose,
    *,
    today: dt.date | None = None,
    output: str | None = None,
) -> Briefing:
    mine = caller_case(ws, user, purpose, today=today)  # the network this caller may see
    case, graph = mine.case, mine.case.graph
    groups = mine.groups()[:TOP_GROUPS]
    players, kpp = mine.key_players(top=TOP_PLAYERS)
    nodes = {m for g in groups for m in g.members} | {p.node for p in players}
    nodes |= set(kpp.nodes if kpp else ())
    events = [
        e
        for e in graph.segments
        if int(case.communities.membership[e]) in {g.community for g in groups}
    ]
    keys = [
        (e.source, e.record_id)
        for e in graph.evidence
        if e.schema in ("Payment", "Shipment", "Crossing")
    ]
    seen = view(  # every node: the disruption's figures rest on the whole network the caller sees
        ws, user, purpose, mine.index, range(len(graph.ids)), (), keys, path="report",
        today=today, detail={"output": output} if output else None,
    )  # fmt: skip
    briefing = Briefing(
        user,
        purpose.text,
        dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        case,
        seen.records,
        seen,
    )
    visible = {n for n in nodes if briefing.whole(n)}
    briefing.groups = [
        (_as_seen(briefing, g, events), [m for m in g.members if m in visible]) for g in groups
    ]
    briefing.groups = [(g, m) for g, m in briefing.groups if m]
    briefing.players = [  # ranked among those shown: a gap would count the hidden ones
        replace(p, rank=rank)
        for rank, p in enumerate((p for p in players if p.node in visible), start=1)
    ]
    briefing.targets = [n for n in (kpp.nodes if kpp else ()) if n in visible][:TARGETS]
    if briefing.targets:
        _effect(briefing)
    _money_and_routes(briefing)
    briefing.comms = comms_section.gather(ws, user, purpose)
    briefing.money_alerts = money_section(ws, user, purpose, today)
    briefing.money_alerts += money_flows_section(briefing, ws, user, purpose, today)
    briefing.eur = Converter.of(ws)
    briefing.online = online_section.gather(
        ws, user, purpose, case, {g.community for g, _ in briefing.groups}
    )
    briefing.ports = with_watch(ports_section(ws), ws, user, purpose, today)
    return briefing


def _as_seen(b: Briefing, group: GroupCandidate, events: list[int]) -> GroupCandidate:
    """The group's countries and route segments from what the caller may see (its members whole to
    the caller, its events the caller may see); its customer count withheld."""
    graph, membership = b.case.graph, b.case.communities.membership
    countries = Counter(c for m in group.members if b.whole(m) for c in b.seen.countries(m))
    routes = Counter(
        graph.segments[e]
        for e in events
        if int(membership[e]) == group.community and e in b.seen.nodes
    )
    return replace(
        group,
        countries=tuple(countries.most_common(5)),
        routes=tuple(routes.most_common(5)),
        customers=0,
    )


def _effect(b: Briefing) -> None:
    visible_case, counted = seen_case(b.case, b.seen)
    d = disrupt(visible_case, b.targets, among=counted)
    b.effect = {
        "fragmentation": (d.fragmentation_before, d.fragmentation_after),
        "largest": (d.largest_before, d.largest_after),
        "components": (d.components_before, d.components_after),
        "groups_split": [(g.community, g.members_before, g.members_left, g.pieces) for g in d.groups if g.pieces > 1 or g.members_left < g.members_before],
        "segments_orphaned": list(d.segments_orphaned),
        "successors": [(b.label(i), before, after) for i, before, after in d.successors if i in b.seen.nodes],
    }  # fmt: skip


def _money_and_routes(b: Briefing) -> None:
    graph = b.case.graph
    payer_of: dict[Key, int] = {}
    for e in graph.evidence:
        if e.schema == "Payment" and e.kind.startswith("payer"):
            person = e.a if graph.types[e.a] == "Person" else e.b
            if graph.types[person] == "Person":
                payer_of[(e.source, e.record_id)] = person
    for key, record in b.shown.items():
        props = record.get("properties") or {}
        if record["schema"] == "Payment":
            amount = _first(props, "amount")
            try:
                value = float(amount) if amount else None
            except ValueError:
                value = None
            if value is not None:
                payer = payer_of.get(key)
                b.payments.append({
                    "date": _first(props, "date"), "amount": value,
                    "currency": _first(props, "currency") or "?",
                    "payer": b.label(payer) if payer is not None and b.whole(payer) else "(other payers)",
                    "record": record,
                })  # fmt: skip
        elif record["schema"] == "Shipment":
            origin, port = _first(props, "originCountry"), _first(props, "destinationPort")
            if origin:
                b.countries[origin] += 1
                if port and port in PORT_COUNTRY:
                    b.flows[(origin, PORT_COUNTRY[port])] += 1
        elif record["schema"] == "Crossing":
            b.countries["FRA"] += 1
            b.countries["GBR"] += 1
            b.flows[("FRA", "GBR")] += 1
            departure, landing = (
                locate(_first(props, name) or "") for name in ("departurePlace", "arrivalPlace")
            )
            if departure or landing:
                b.crossings[
                    (departure.name if departure else "?", landing.name if landing else "?")
                ] += 1
    for _, members in b.groups:
        for m in members:
            for country in b.seen.countries(m):
                if len(country) == 3:
                    b.countries[country] += 1
                    if country not in ("FRA", "GBR"):
                        b.flows[(country, "FRA")] += 1


def _first(props: dict[str, Any], name: str) -> str | None:
    values = props.get(name) or []
    return str(values[0]) if values else None


def grading_text(records: list[dict[str, Any]]) -> str:
    """Agencies and gradings as given, e.g. `EU-EUROPOL A2, UK-NCA 2B`."""
    seen: dict[str, set[str]] = defaultdict(set)
    for r in records:
        g = r.get("grading") or {}
        seen[str(r["source"])].add(
            f"{g.get('source') or '?'}{g.get('info') or '?'}" if g.get("scheme") else "ungraded"
        )
    return ", ".join(f"{a} {'/'.join(sorted(v))}" for a, v in sorted(seen.items()))
