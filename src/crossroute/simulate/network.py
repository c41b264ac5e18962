"""Organised crime groups: their archetypes, members and roles, cells sharing burner phones, vehicles, bank
accounts and front companies."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crossroute.simulate.identifiers import company_number, iban, plate
from crossroute.simulate.people import Person, PersonFactory
from crossroute.simulate.phones import Phone
from crossroute.simulate.world import World

# (pool, nationality, country of residence, weight)
Who = tuple[str, str, str, float]


@dataclass(frozen=True)
class Archetype:
    """A kind of group: what it trades, where it is based, and who fills each role."""

    key: str
    kind: str  # smuggling | drugs
    base_country: str
    routes: str
    names: tuple[str, ...]
    roles: dict[str, tuple[float, tuple[Who, ...]]]


def archetypes(world: World) -> tuple[Archetype, ...]:
    """The kinds of groups, from data/groups.yaml."""
    return tuple(_archetype(key, raw) for key, raw in world.groups.items())


def _archetype(key: str, raw: Mapping[str, Any]) -> Archetype:
    roles = {
        role: (
            float(spec["share"]),
            tuple((str(p), str(n), str(r), float(w)) for p, n, r, w in spec["who"]),
        )
        for role, spec in raw["roles"].items()
    }
    return Archetype(
        key,
        str(raw["kind"]),
        str(raw["base_country"]),
        str(raw["routes"]),
        tuple(str(n) for n in raw["names"]),
        roles,
    )


@dataclass(slots=True)
class Vehicle:
    id: str
    plate: str
    model: str
    type: str
    country: str
    owner: Person


@dataclass(slots=True)
class Account:
    id: str
    iban: str
    bank: str
    holder: Person


@dataclass(slots=True)
class Company:
    id: str
    name: str
    country: str
    number: str
    director: Person | None = None
    front: bool = False


@dataclass
class Group:
    """One organised crime group and everything it owns."""

    id: str
    name: str
    archetype: Archetype
    members: list[Person] = field(default_factory=list)
    cells: list[list[Person]] = field(default_factory=list)
    vehicles: list[Vehicle] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.archetype.kind

    def role(self, role: str) -> list[Person]:
        return [p for p in self.members if p.role == role]


@dataclass
class Counter:
    """Sequential ids per prefix, e.g. V000001."""

    counts: dict[str, int] = field(default_factory=dict)

    def next(self, prefix: str, width: int = 6) -> str:
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"{prefix}{self.counts[prefix]:0{width}d}"


@dataclass
class NetworkBuilder:
    """Builds the groups of a scenario."""

    world: World
    rng: random.Random
    people: PersonFactory
    ids: Counter

    def groups(self, smuggling: int, drugs: int, size: tuple[int, int]) -> list[Group]:
        kinds_known = archetypes(self.world)
        smugglers = [a for a in kinds_known if a.kind == "smuggling"]
        dealers = [a for a in kinds_known if a.kind == "drugs"]
        kinds = [smugglers[i % len(smugglers)] for i in range(smuggling)]
        kinds += [dealers[i % len(dealers)] for i in range(drugs)]
        return [
            self.group(f"G{i + 1:02d}", a, self.rng.randint(*size)) for i, a in enumerate(kinds)
        ]

    def group(self, group_id: str, archetype: Archetype, size: int) -> Group:
        group = Group(group_id, "", archetype)
        for role, (share, who) in archetype.roles.items():
            for _ in range(max(1, round(share * size))):
                group.members.append(self.member(group, role, who))
        self._namesakes(group)
        leader = group.role("organiser")[0]
        group.name = self.rng.choice(archetype.names).format(family=leader.family)
        group.cells = self._cells(group)
        self._burners(group)
        group.vehicles = [v for p in group.members for v in self._vehicles(p)]
        group.accounts = [a for p in group.members for a in self._accounts(p)]
        group.companies = self._companies(group)
        return group

    def member(self, group: Group, role: str, who: Sequence[Who]) -> Person:
        pool, nationality, residence, _ = self.rng.choices(who, weights=[w[3] for w in who])[0]
        age = (35, 60) if role in ("organiser", "document_forger") else (20, 50)
        person = self.people.person(
            pool,
            nationality,
            role,
            age=age,
            group_id=group.id,
            sex="male" if self.rng.random() < 0.93 else "female",
        )
        self._equip(person, residence)
        return person

    def _equip(self, person: Person, residence: str) -> None:
        rng = self.rng
        if rng.random() < 0.6:
            self.people.give_passport(person, person.nationality)
        region = (
            residence
            if residence in ("GB", "FR", "DE", "BE", "NL", "AL", "IQ", "IR", "TR", "EC", "CO", "MA")
            else "GB"
        )
        if rng.random() < 0.85:
            self.people.give_phone(person, region)
        if rng.random() < 0.2:
            self.people.give_phone(person, rng.choice(("GB", "FR", "BE", "DE")))
        if rng.random() < 0.35:
            self.people.give_email(person)
        if rng.random() < {"recruiter": 0.85, "organiser": 0.2}.get(person.role, 0.0):
            self.people.give_handle(person)
        if rng.random() < 0.7 and residence in self.world.places["streets"]:
            self.people.give_address(person, residence)
        person.addresses.setdefault(residence, ("", self.rng.choice(self.world.cities(residence))))

    def _namesakes(self, group: Group) -> None:
        """A few members carry exactly the name of another member (brothers, cousins, coincidence)."""
        count = max(1, len(group.members) // 50)
        for _ in range(count):
            model = self.rng.choice(group.members)
            twin = self.people.namesake(
                model, self.rng.choice(("courier", "driver", "recruiter")), group.id
            )
            self._equip(twin, next(iter(model.addresses)))
            group.members.append(twin)

    def _cells(self, group: Group) -> list[list[Person]]:
        members = list(group.members)
        self.rng.shuffle(members)
        cells, i = [], 0
        while i < len(members):
            size = self.rng.randint(4, 8)
            cells.append(members[i : i + size])
            i += size
        return cells

    def _burners(self, group: Group) -> None:
        """Each cell shares one or two burner phones."""
        for cell in group.cells:
            region = residence(cell[0])
            region = region if region in ("GB", "FR", "DE", "BE", "NL", "AL") else "FR"
            burners: list[Phone] = [
                self.people.phones.new(region) for _ in range(self.rng.randint(1, 2))
            ]
            for person in cell:
                if self.rng.random() < 0.7:
                    person.phones.append(self.rng.choice(burners))

    def _vehicles(self, person: Person) -> list[Vehicle]:
        rng = self.rng
        country = residence(person)
        if person.role not in (
            "driver",
            "boat_supplier",
            "organiser",
            "courier",
        ) or country not in ("DE", "FR", "BE", "NL", "GB"):
            return []
        count = (
            rng.choice((1, 1, 2))
            if person.role in ("driver", "boat_supplier")
            else int(rng.random() < 0.4)
        )
        out = []
        for _ in range(count):
            van = person.role in ("driver", "boat_supplier") and rng.random() < 0.8
            model = rng.choice(self.world.place_list("vans" if van else "cars"))
            district = rng.choice(self.world.place_list("plates_de"))
            out.append(
                Vehicle(
                    self.ids.next("V"),
                    plate(rng, country, district),
                    model,
                    "Transporter" if van else "PKW",
                    country,
                    person,
                )
            )
        return out

    def _accounts(self, person: Person) -> list[Account]:
        country = residence(person)
        if person.role not in ("money_handler", "organiser") or country not in (
            "BE",
            "GB",
            "NL",
            "DE",
        ):
            return []
        count = (
            self.rng.randint(1, 2)
            if person.role == "money_handler"
            else int(self.rng.random() < 0.5)
        )
        out = []
        for _ in range(count):
            number, bank = iban(self.rng, country)
            out.append(Account(self.ids.next("A"), number, bank, person))
        return out

    def _companies(self, group: Group) -> list[Company]:
        """Front companies: importers for cocaine groups, money-transfer shops for smugglers."""
        rng = self.rng
        out = []
        handlers = group.role("courier" if group.kind == "drugs" else "money_handler")
        for _ in range(rng.randint(1, 3)):
            director = rng.choice(handlers) if handlers else None
            country = (
                rng.choice(("BE", "NL")) if group.kind == "drugs" else rng.choice(("GB", "BE"))
            )
            word = director.family if director else "Euro"
            suffix = {"BE": "BV", "NL": "B.V.", "GB": "Ltd"}[country]
            trade = "Fruit Import" if group.kind == "drugs" else "Money Transfer"
            out.append(
                Company(
                    self.ids.next("O"),
                    f"{word} {trade} {suffix}",
                    country,
                    company_number(rng, country),
                    director,
                    front=True,
                )
            )
        return out


def residence(person: Person) -> str:
    """The country a person lives in (the first address)."""
    return next(iter(person.addresses), person.nationality)
