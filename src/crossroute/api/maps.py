"""Map data: where the events the caller may see happened (departures, landings, seizures, arrests,
ports), the staging areas their passengers stayed at, and routes as lines between places; the web UI
draws them on country shapes from world-atlas (no tile server). One audit entry per call."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace
from typing import Any

from fastapi import APIRouter

from crossroute.analysis.network.gated import Indexed, ask, shown
from crossroute.api.deps import AnalystDep, PurposeDep, ServiceDep
from crossroute.api.event_query import Group, NodeText, Since, Until, check_node, event_filter
from crossroute.api.events import Event, events_of, select
from crossroute.api.network import NOT_FOUND
from crossroute.model.gazetteer import Place, locate
from crossroute.sharing.records import Key
from crossroute.store import Workspace

router = APIRouter(prefix="/api", tags=["timeline and map"])
MAPPED = ("Crossing", "Shipment", "Seizure", "Arrest")
MAX_PASSENGERS = 3000
# a crossing record from one side of the Channel names one end; the other end is the other coast
OTHER_COAST = {"departurePlace": "UK coast", "arrivalPlace": "French coast"}
END_KIND = {"departurePlace": "departure", "arrivalPlace": "landing"}


class Atlas:
    """Places with counts per kind, routes between them, and place texts the gazetteer lacks."""

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.counts: dict[str, Counter[str]] = {}
        self.routes: Counter[tuple[str, str, str, bool]] = Counter()
        self.unplaced: Counter[tuple[str, str]] = Counter()

    def point(self, text: str | None, kind: str) -> Place | None:
        if not text:
            return None
        place = locate(text)
        if place is None:
            self.unplaced[(text, kind)] += 1
            return None
        self.places[place.name] = place
        self.counts.setdefault(place.name, Counter())[kind] += 1
        return place

    def route(self, stops: list[Place | None], kind: str, *, approximate: bool = False) -> None:
        known = [p for p in stops if p is not None]
        self.places.update((p.name, p) for p in known)
        for a, b in itertools.pairwise(known):
            if a.name != b.name:
                self.routes[(a.name, b.name, kind, approximate)] += 1

    def as_json(self) -> dict[str, Any]:
        return {
            "places": [
                {
                    "name": p.name,
                    "lat": p.lat,
                    "lon": p.lon,
                    "country": p.country,
                    "counts": dict(self.counts.get(name, {})),
                }
                for name, p in sorted(self.places.items())
            ],
            "routes": [
                {
                    "from": a,
                    "to": b,
                    "kind": k,
                    "approximate": approx,
                    "count": n,
                    "path": [
                        [self.places[a].lon, self.places[a].lat],
                        [self.places[b].lon, self.places[b].lat],
                    ],
                }
                for (a, b, k, approx), n in self.routes.most_common()
            ],
            "unplaced": [
                {"text": t, "kind": k, "count": n} for (t, k), n in self.unplaced.most_common(50)
            ],
        }


def _first(record: dict[str, Any], prop: str) -> str | None:
    values = (record.get("properties") or {}).get(prop) or []
    return str(values[0]) if values else None


def add_event(atlas: Atlas, kind: str, record: dict[str, Any]) -> None:
    if kind == "Crossing":
        ends = {p: atlas.point(_first(record, p), END_KIND[p]) for p in OTHER_COAST}
        if all(ends.values()):
            atlas.route(list(ends.values()), "crossing")
        for prop, place in ends.items():
            if place is not None and ends[next(p for p in OTHER_COAST if p != prop)] is None:
                coast = locate(OTHER_COAST[prop])
                stops = [place, coast] if prop == "departurePlace" else [coast, place]
                atlas.route(stops, "crossing", approximate=True)
    elif kind == "Shipment":
        ports = ("originPort", "transshipmentPort", "destinationPort")
        atlas.route([atlas.point(_first(record, p), "port") for p in ports], "shipment")
    else:
        atlas.point(_first(record, "place"), kind.lower())


def passengers(index: Indexed, found: list[Event]) -> list[int]:
    """The people who travelled on these crossings (their addresses are the staging areas)."""
    graph, out = index.graph, []
    for e in found:
        if e.kind == "Crossing" and e.node is not None:
            for i in index.by_node.get(e.node, ()):
                tie = graph.evidence[i]
                if tie.kind == "participant":
                    out.append(tie.a if tie.b == e.node else tie.b)
    return list(dict.fromkeys(out))[:MAX_PASSENGERS]


@router.get("/map", responses=NOT_FOUND | {422: {"description": "invalid parameters"}})
def map_data(
    user: AnalystDep,
    stated: PurposeDep,
    svc: ServiceDep,
    since: Since = None,
    until: Until = None,
    node: NodeText = None,
    group: Group = None,
) -> dict[str, Any]:
    """Places (latitude, longitude, country, counts of departures, landings, seizures, arrests, ports
    and staging areas), routes (crossings and shipments, as lines between places; `approximate` when a
    record names one end and the other is its coast) and the place texts not in the gazetteer, from the
    records the caller may see (one audit entry)."""

    def work(ws: Workspace) -> dict[str, Any]:
        case, index = svc.case(ws, user.name, stated)
        asked = ask(index, node) if node else None
        wanted = replace(
            event_filter(case, None, since, until, asked, group), kinds=frozenset(MAPPED)
        )
        found = select(case, events_of(index), wanted)
        people = passengers(index, found)
        seen = shown(
            ws, user.name, stated, index, people, [e.key for e in found], path="api map",
            asked=[asked] if asked else (),
        )  # fmt: skip
        check_node(seen, asked, wanted)
        atlas = Atlas()
        for e in found:
            if e.key in seen.records:
                add_event(atlas, e.kind, seen.records[e.key])
        staying: set[Key] = {k for n in people if n in seen.nodes for k in index.graph.records[n]}
        for key in staying & seen.records.keys():
            record = seen.records[key]
            address, city = _first(record, "address"), _first(record, "city")
            if address:
                atlas.point(f"{address}, {city}" if city else address, "staging")
        shown_events = sum(e.key in seen.records for e in found)
        return atlas.as_json() | {"events": shown_events}

    return svc.run(work)
