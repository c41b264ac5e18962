"""Routes as objects: a route is a chain of legs (origin -> transit -> staging -> crossing ->
destination). The case's records are placed on the legs through the sharing gate (one gate call, one
audit entry): passengers' nationalities on the origin, addresses by country on transit, staging or
destination, crossings from beach to landing, adverts on recruitment, payments on money. Each group is
shown with what it does (recruitment, transport, boats, launching, money) and the legs that serves; the
disruption of the recommended targets reports the functions and legs left without a provider. Public
figures for the same leg and period sit beside the case's."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from crossroute.analysis.network.case import CaseNetwork, case_key_players, group_candidates
from crossroute.analysis.network.gated import Indexed, shown
from crossroute.sharing import Purpose
from crossroute.sharing.records import Key
from crossroute.store import Workspace

LEGS = ("origin", "transit", "staging", "crossing", "destination")
# what a group does on a route: the roles that show it, and the legs it serves
FUNCTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "recruitment": (("recruiter",), ("origin", "transit")),
    "transport": (("driver", "courier"), ("transit", "staging")),
    "boats": (("boat_supplier",), ("transit", "staging")),
    "launching": (("organiser", "pilot"), ("staging", "crossing")),
    "money": (("money_handler",), ("origin", "destination")),
}
FUNCTION_OF = {role: name for name, (roles, _) in FUNCTIONS.items() for role in roles}
CROSSING_FROM, CROSSING_TO = "FRA", "GBR"
MAX_PASSENGERS = 3000
CASE_SCHEMATA = ("Crossing", "Payment", "Post")


class Place(Protocol):
    """A gazetteer place (the faces pass their gazetteer's lookup in)."""

    @property
    def name(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def country(self) -> str: ...


Locate = Callable[[str], Place | None]


@dataclass
class Leg:
    name: str
    places: Counter[str] = field(default_factory=Counter)  # gazetteer place names
    countries: Counter[str] = field(default_factory=Counter)  # ISO 3166 alpha-3
    records: Counter[str] = field(default_factory=Counter)  # schema -> records placed here
    figures: dict[str, Any] = field(default_factory=dict)  # the case's figures for this leg
    public: dict[str, Any] = field(default_factory=dict)  # public figures for the same leg


@dataclass(frozen=True)
class GroupOnRoute:
    community: int
    members: int  # members the caller may see
    functions: dict[str, int]  # function -> visible members doing it
    legs: tuple[str, ...]
    crossings: int  # crossings its members organised or piloted (records the caller may see)


@dataclass
class RoutePicture:
    locate: Locate
    legs: dict[str, Leg]
    groups: list[GroupOnRoute]
    places: dict[str, tuple[float, float, str]]  # name -> lat, lon, country
    disruption: dict[str, Any]
    shown: int
    withheld: int

    def as_json(self) -> dict[str, Any]:
        return {
            "legs": [
                {
                    "name": leg.name,
                    "places": dict(leg.places.most_common(12)),
                    "countries": dict(leg.countries.most_common(12)),
                    "records": dict(leg.records),
                    "figures": leg.figures,
                    "public": leg.public,
                    "functions": [f for f, (_, legs) in FUNCTIONS.items() if leg.name in legs],
                }
                for leg in self.legs.values()
            ],
            "groups": [g.__dict__ for g in self.groups],
            "places": [
                {"name": n, "lat": lat, "lon": lon, "country": c}
                for n, (lat, lon, c) in sorted(self.places.items())
            ],
            "origin_countries": [
                country_json(code, count)
                for code, count in self.legs["origin"].countries.most_common(12)
            ],
            "disruption": self.disruption,
            "records_shown": self.shown,
            "records_withheld": self.withheld,
        }


def country_json(code: str, count: int) -> dict[str, Any]:
    """A country with its ISO numeric code (the world-atlas shapes' id) and common name."""
    import pycountry

    from crossroute.analysis.routes.trends import country_name

    found = pycountry.countries.get(alpha_3=code)
    numeric = str(found.numeric) if found is not None else None
    return {"code": code, "numeric": numeric, "name": country_name(code), "count": count}


def _first(record: dict[str, Any], prop: str) -> str | None:
    values = (record.get("properties") or {}).get(prop) or []
    return str(values[0]) if values else None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def passengers(index: Indexed) -> list[int]:
    graph, out = index.graph, []
    for e in graph.evidence:
        if e.kind == "participant" and e.schema == "Crossing":
            out.append(e.a if graph.types[e.a] == "Person" else e.b)
    return list(dict.fromkeys(out))[:MAX_PASSENGERS]


def case_keys(index: Indexed) -> list[Key]:
    return list(
        dict.fromkeys(
            (e.source, e.record_id) for e in index.graph.evidence if e.schema in CASE_SCHEMATA
        )
    )


def route_picture(
    ws: Workspace,
    user: str,
    purpose: Purpose,
    case: CaseNetwork,
    index: Indexed,
    *,
    locate: Locate,
    path: str,
    remove: Iterable[int] | None = None,
) -> RoutePicture:
    """The case on the legs of the route, as this caller may see it (one gate call, logged)."""
    graph = case.graph
    groups = group_candidates(case)
    members = {m for g in groups for m in g.members}
    riders = passengers(index)
    keys = case_keys(index)
    seen = shown(ws, user, purpose, index, [*members, *riders], keys, path=path)
    legs = {name: Leg(name) for name in LEGS}
    picture = RoutePicture(locate, legs, [], {}, {}, len(seen.records), 0)
    picture.withheld = sum(k not in seen.records for k in keys)
    for key in keys:
        record = seen.records.get(key)
        if record is not None:
            _place_event(picture, record)
    for node in [*riders, *members]:
        if node in seen.nodes:
            for key in graph.records[node]:
                if key in seen.records:
                    _place_person(picture, seen.records[key], rider=node not in members)
    organised = _organised(case, seen.records.keys())
    for g in groups:
        visible = [m for m in g.members if m in seen.nodes]
        if visible:
            picture.groups.append(group_on_route(case, g.community, visible, organised))
    targets = list(remove) if remove is not None else _targets(case, seen.nodes)
    picture.disruption = _disruption(case, seen.nodes, targets)
    return picture


def empty_picture(locate: Locate) -> RoutePicture:
    return RoutePicture(locate, {name: Leg(name) for name in LEGS}, [], {}, {}, 0, 0)


def place_records(picture: RoutePicture, records: Iterable[dict[str, Any]]) -> None:
    """Crossings, adverts and payments (records the caller may see) onto their legs."""
    for record in records:
        _place_event(picture, record)


def group_on_route(
    case: CaseNetwork, community: int, visible: list[int], organised: dict[int, set[int]]
) -> GroupOnRoute:
    """What a group does (from its visible members' roles) and the legs that serves."""
    functions = Counter(
        FUNCTION_OF[case.roles[m].role]
        for m in visible
        if m in case.roles and case.roles[m].role in FUNCTION_OF
    )
    served = tuple(leg for leg in LEGS if any(leg in FUNCTIONS[f][1] for f in functions))
    crossings = len({c for m in visible for c in organised.get(m, ())})
    return GroupOnRoute(community, len(visible), dict(functions), served, crossings)


def organised_by(case: CaseNetwork, visible: Iterable[Key]) -> dict[int, set[int]]:
    """Person -> crossings they organised or piloted, on records the caller may see."""
    return _organised(case, visible)


def _place_event(picture: RoutePicture, record: dict[str, Any]) -> None:
    legs, schema = picture.legs, str(record["schema"])
    if schema == "Crossing":
        crossing = legs["crossing"]
        crossing.records["Crossing"] += 1
        start = _point(picture, _first(record, "departurePlace"))
        end = _point(picture, _first(record, "arrivalPlace"))
        if start:
            legs["staging"].places[start] += 1
        if end:
            legs["destination"].places[end] += 1
        if start or end:
            crossing.places[f"{start or 'French coast'} -> {end or 'UK coast'}"] += 1
        people = _number(_first(record, "peopleCount"))
        figures = crossing.figures
        figures["crossings"] = figures.get("crossings", 0) + 1
        if people is not None:
            figures["people"] = figures.get("people", 0) + people
            figures["counted"] = figures.get("counted", 0) + 1
        date = _first(record, "date")
        if date:
            figures["first"] = min(figures.get("first", date), date)
            figures["last"] = max(figures.get("last", date), date)
        outcome = _first(record, "outcome")
        if outcome:
            figures.setdefault("outcomes", Counter())[outcome] += 1
    elif schema == "Post":
        legs["origin"].records["Post"] += 1
        platform = _first(record, "platform") or "unknown platform"
        legs["origin"].figures.setdefault("adverts", Counter())[platform] += 1
    elif schema == "Payment":
        for leg in ("origin", "destination"):
            legs[leg].records["Payment"] += 1
        amount = _number(_first(record, "amount"))
        if amount is not None:
            money = legs["destination"].figures.setdefault("payments", Counter())
            money[_first(record, "currency") or "?"] += amount


def _point(picture: RoutePicture, text: str | None) -> str | None:
    if not text:
        return None
    place = picture.locate(text)
    if place is None:
        return None
    picture.places[place.name] = (place.lat, place.lon, place.country)
    return place.name


def _place_person(picture: RoutePicture, record: dict[str, Any], *, rider: bool) -> None:
    legs = picture.legs
    nationality = _first(record, "nationality")
    if rider and nationality:
        legs["origin"].countries[nationality] += 1
    address, city = _first(record, "address"), _first(record, "city")
    text = f"{address}, {city}" if address and city else address or city
    name = _point(picture, text)
    if name is None:
        return
    country = picture.places[name][2]
    leg = {CROSSING_FROM: "staging", CROSSING_TO: "destination"}.get(country, "transit")
    legs[leg].places[name] += 1
    legs[leg].countries[country] += 1


def _organised(case: CaseNetwork, visible: Iterable[Key]) -> dict[int, set[int]]:
    """Person -> crossings (event nodes) they organised or piloted, on records the caller may see."""
    allowed, graph = set(visible), case.graph
    out: dict[int, set[int]] = defaultdict(set)
    for e in graph.evidence:
        if e.kind in ("organiser", "pilot") and (e.source, e.record_id) in allowed:
            person, event = (e.a, e.b) if graph.types[e.a] == "Person" else (e.b, e.a)
            out[person].add(event)
    return out


def _targets(case: CaseNetwork, visible: frozenset[int]) -> list[int]:
    _, kpp = case_key_players(case, top=10)
    return [n for n in (kpp.nodes if kpp else ()) if n in visible][:5]


def _disruption(case: CaseNetwork, visible: frozenset[int], removed: list[int]) -> dict[str, Any]:
    """The functions (and their legs) whose every visible provider is among `removed`."""
    providers: dict[str, set[int]] = defaultdict(set)
    for node, role in case.roles.items():
        if node in visible and not case.customer[node] and role.role in FUNCTION_OF:
            providers[FUNCTION_OF[role.role]].add(node)
    gone = set(removed)
    orphaned = sorted(f for f, people in providers.items() if people and people <= gone)
    legs_left = sorted(
        {leg for f in orphaned for leg in FUNCTIONS[f][1]}
        - {leg for f, people in providers.items() if people - gone for leg in FUNCTIONS[f][1]}
    )
    return {
        "removed": [case.graph.labels[n] or case.graph.ids[n] for n in removed],
        "providers": {f: len(p) for f, p in sorted(providers.items())},
        "functions_without_provider": orphaned,
        "legs_without_provider": legs_left,
        "providers_left": {f: len(p - gone) for f, p in sorted(providers.items())},
    }


def add_public(ws: Workspace, picture: RoutePicture) -> None:
    """Public figures beside the case's: on the crossing leg, the UK arrivals and the dead and missing
    in and around the Channel over the case's own crossing period; on the origin leg, Frontex
    detections of the case's passengers' nationalities (last 12 months and the 12 before)."""
    from crossroute.analysis.routes.trends import CHANNEL_BOX

    crossing = picture.legs["crossing"]
    first, last = crossing.figures.get("first"), crossing.figures.get("last")
    if first and last and ws.scalar("SELECT count(*) FROM uk_boats_daily"):
        people, boats = ws.rows(
            "SELECT sum(migrants_arrived), sum(boats_arrived) FROM uk_boats_daily "
            "WHERE full_date BETWEEN ? AND ?",
            [first, last],
        )[0]
        box = CHANNEL_BOX
        dead = ws.scalar(
            "SELECT sum(dead) FROM iom_incidents WHERE t BETWEEN ? AND ? "
            "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
            [first, last, *box["lat"], *box["lon"]],
        )
        crossing.public = {
            "period": [first, last],
            "uk_people": int(people or 0),
            "uk_boats": int(boats or 0),
            "uk_per_boat": round(people / boats, 1) if boats else None,
            "channel_dead_or_missing": float(dead or 0),
            "source": "UK Home Office small-boat arrivals; IOM Missing Migrants Project",
        }
        case_people, case_boats = crossing.figures.get("people"), crossing.figures.get("counted")
        if case_people and case_boats:
            crossing.figures["per_boat"] = round(case_people / case_boats, 1)
        if boats:
            share = 100 * crossing.figures["crossings"] / boats
            crossing.figures["percent_of_uk_boats"] = round(share, 1)
    origin = picture.legs["origin"]
    nats = [n for n, _ in origin.countries.most_common(5)]
    if nats and ws.scalar("SELECT count(*) FROM frontex_detections"):
        rows = ws.rows(
            "WITH e AS (SELECT max(t) AS last FROM frontex_detections) "
            "SELECT nat, sum(n) FILTER (WHERE t > last - INTERVAL 12 MONTH), "
            "sum(n) FILTER (WHERE t <= last - INTERVAL 12 MONTH AND t > last - INTERVAL 24 MONTH) "
            "FROM frontex_detections, e WHERE list_contains(?, nat) GROUP BY nat",
            [nats],
        )
        origin.public = {
            "frontex_last_12_months": {n: float(a or 0) for n, a, _ in rows},
            "frontex_previous_12_months": {n: float(b or 0) for n, _, b in rows},
            "source": "Frontex detections of irregular border crossings, all routes",
        }
