"""Migrants: who the groups bring to the beaches (origins per network), families travelling together (shared
phone and address), papers, phones, and the route each took to the coast."""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta

from crossroute.simulate.events import Journey
from crossroute.simulate.network import Group
from crossroute.simulate.people import MIGRANT, Person, PersonFactory
from crossroute.simulate.phones import MOBILE_PREFIXES
from crossroute.simulate.translit import pick
from crossroute.simulate.world import World

# Origins of the people each kind of network moves (weights).
ORIGINS: dict[str, dict[str, float]] = {
    "kurdish": {"IQ": 40, "IR": 20, "SY": 15, "SD": 10, "ER": 8, "AF": 7},
    "albanian": {"AL": 55, "VN": 30, "IQ": 5, "ER": 5, "SD": 5},
    "afghan_iranian": {"AF": 45, "IR": 30, "SY": 7, "ER": 10, "SD": 8},
}
# Chance of passing through Germany / Belgium on the way to the coast.
ROUTES: dict[str, tuple[float, float]] = {
    "AL": (0.1, 0.5),
    "VN": (0.6, 0.3),
    "ER": (0.15, 0.25),
    "SD": (0.15, 0.25),
}
BALKANS = (0.55, 0.3)
PHONE_REGIONS = (("origin", 0.35), ("FR", 0.45), ("GB", 0.1), ("BE", 0.05), ("DE", 0.05))
FAMILY_SHARE = 0.12
NAMESAKES = 0.01  # a migrant with exactly the name of another, born within two years of them


@dataclass
class MigrantFactory:
    """Makes the passengers of one crossing."""

    world: World
    rng: random.Random
    people: PersonFactory
    recent: deque[Person] = field(default_factory=lambda: deque(maxlen=400))

    def passengers(self, group: Group, count: int) -> list[tuple[Person, Journey]]:
        origins = ORIGINS.get(group.archetype.key) or ORIGINS["kurdish"]
        out: list[tuple[Person, Journey]] = []
        while len(out) < count:
            origin = self.rng.choices(list(origins), weights=list(origins.values()))[0]
            journey = self._journey(origin)
            unit = (
                self._family(origin) if self.rng.random() < FAMILY_SHARE else [self.migrant(origin)]
            )
            out.extend((p, Journey(journey.via_de, journey.via_be)) for p in unit)
        return out

    def migrant(self, origin: str) -> Person:
        rng = self.rng
        spec = self.world.origins[origin]
        pool = rng.choices([p for p, _ in spec.pools], weights=[w for _, w in spec.pools])[0]
        male = 0.97 if origin == "AL" else 0.88
        age = (20, 40) if origin == "AL" else (16, 45)
        person = self.people.person(
            pool,
            origin,
            MIGRANT,
            sex="male" if rng.random() < male else "female",
            age=age,
            migrant=True,
        )
        if rng.random() < NAMESAKES:
            self._namesake(person)
        self.recent.append(person)
        self._equip(person, origin)
        return person

    def _namesake(self, person: Person) -> None:
        """Give `person` the name of an earlier migrant of the same pool and sex, born close by."""
        same = [p for p in self.recent if p.pool is person.pool and p.sex == person.sex]
        if same:
            model = self.rng.choice(same)
            person.given, person.family = model.given, model.family
            person.birth = model.birth + timedelta(days=self.rng.randint(-730, 730))

    def _equip(self, person: Person, origin: str) -> None:
        rng = self.rng
        if rng.random() < self.world.origins[origin].passport:
            self.people.give_passport(person, origin)
        if rng.random() < 0.65:
            region = pick(rng, PHONE_REGIONS)
            region = origin if region == "origin" else region
            self.people.give_phone(person, region if region in MOBILE_PREFIXES else "FR")
        if rng.random() < 0.04:
            self.people.give_email(person)
        if rng.random() < 0.6:
            camp = rng.choice(self.world.place_list("camps"))
            person.addresses["FR"] = (str(camp["address"]), str(camp["city"]))

    def _family(self, origin: str) -> list[Person]:
        """A couple with children, or siblings: one phone, one address, the children's family name."""
        rng = self.rng
        head = self.migrant(origin)
        head.sex = "male"
        head.given = rng.choice(head.pool.male)
        out = [head]
        if rng.random() < 0.7:
            out.append(
                self.people.relative(head, "female", (20, 40), same_family=origin in ("AL", "VN"))
            )
        for _ in range(rng.randint(0 if len(out) > 1 else 1, 3)):
            sex = "male" if rng.random() < 0.5 else "female"
            out.append(self.people.relative(head, sex, (2, 17), same_family=True))
        return out

    def _journey(self, origin: str) -> Journey:
        via_de, via_be = ROUTES.get(origin, BALKANS)
        return Journey(self.rng.random() < via_de, self.rng.random() < via_be)
