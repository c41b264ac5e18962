"""Channel crossings: the launch calendar (more in the summer months, fuller boats in 2025), the boat bought in
Germany and driven to the coast, the pilot, the passengers (new and those trying again), and the calls,
payments and arrests around each crossing."""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta

from crossroute.simulate.events import (
    ARRIVED,
    OUTCOMES,
    Arrest,
    Boat,
    Call,
    Crossing,
    Journey,
    Payment,
    until_end,
)
from crossroute.simulate.identifiers import engine_serial
from crossroute.simulate.migrants import MigrantFactory
from crossroute.simulate.network import Account, Counter, Group, residence
from crossroute.simulate.people import Person
from crossroute.simulate.translit import pick
from crossroute.simulate.world import World

MONTH_WEIGHTS = (3, 3, 4, 6, 8, 9, 9, 9, 9, 8, 5, 3)
RETRY_SHARE = 0.15
RETRY_POOL = 5000
CHARGES = {
    "pilot": "Immigration Act 1971 s.24(D1) (arriving without entry clearance), s.25 facilitation",
    "cannabis": "Misuse of Drugs Act 1971 s.6 (cultivation of cannabis)",
}


def schedule(rng: random.Random, count: int) -> list[date]:
    """Launch dates over 2024-2025, weighted by month (weather), in order."""
    days = [date(2024, 1, 1) + timedelta(days=i) for i in range(731)]
    weights = [MONTH_WEIGHTS[d.month - 1] for d in days]
    return sorted(rng.choices(days, weights=weights, k=count))


@dataclass
class CrossingPlanner:
    """Builds one crossing after another; passengers of failed crossings try again later."""

    world: World
    rng: random.Random
    migrants: MigrantFactory
    ids: Counter
    retry: deque[tuple[Person, Journey]] = field(default_factory=deque)

    def crossing(self, day: date, group: Group) -> tuple[Crossing, list[Person]]:
        """A crossing and the passengers who are new to the scenario."""
        rng = self.rng
        size = _size(rng, day)
        again = [
            self.retry.popleft() for _ in range(min(len(self.retry), round(size * RETRY_SHARE)))
        ]
        new = self.migrants.passengers(group, size - len(again))
        beach = rng.choice(self.world.place_list("beaches"))
        crossing = Crossing(
            id=self.ids.next("X"),
            day=day,
            beach=str(beach["beach"]),
            commune=str(beach["commune"]),
            arrival=rng.choice(self.world.place_list("arrivals")),
            outcome=pick(rng, OUTCOMES),
            group=group,
            organiser=rng.choice(group.role("organiser")),
            pilot=self._pilot(group, new),
            boat=self.boat(group, day),
        )
        for _, journey in again:
            journey.attempts += 1
        for person, journey in [*again, *new]:
            if person is not crossing.pilot:
                crossing.passengers.append(person)
            crossing.journeys[person.id] = journey
        if crossing.outcome not in ARRIVED:
            self._retry([*again, *new])
        return crossing, [p for p, _ in new]

    def _pilot(self, group: Group, new: list[tuple[Person, Journey]]) -> Person:
        """A group's pilot, or (as often) a passenger made to steer in exchange for the fare."""
        pilots = group.role("pilot")
        if pilots and self.rng.random() < 0.5:
            return self.rng.choice(pilots)
        adults = [p for p, _ in new if p.sex == "male" and p.birth.year < 2006]
        chosen = self.rng.choice(adults or [p for p, _ in new])
        chosen.role = "pilot"
        return chosen

    def _retry(self, people: list[tuple[Person, Journey]]) -> None:
        for person, journey in people:
            if person.group_id is None and self.rng.random() < 0.7:
                self.retry.append((person, journey))
        while len(self.retry) > RETRY_POOL:
            self.retry.popleft()

    def boat(self, group: Group, day: date) -> Boat:
        rng = self.rng
        shop = rng.choice(self.world.place_list("boat_shops"))
        engine = rng.choice(self.world.place_list("engines"))
        serials = self.world.places["engine_serials"]
        buyer = _choice(rng, group.role("boat_supplier"))
        driver = _choice(rng, group.role("driver"))
        vans = [v for v in group.vehicles if v.owner is driver]
        return Boat(
            id=self.ids.next("B"),
            model=rng.choice(self.world.place_list("boats")),
            engine=engine,
            serial=engine_serial(rng, str(serials[engine.split()[0]])),
            shop=str(shop["name"]),
            shop_city=str(shop["city"]),
            bought=day - timedelta(days=rng.randint(3, 40)),
            price=rng.randrange(2500, 7000, 50),
            buyer=buyer,
            driver=driver,
            van=rng.choice(vans) if vans else None,
        )

    def calls(self, crossing: Crossing) -> list[Call]:
        """The organiser calls the driver the day before and the pilot on the day; recruiters call passengers."""
        day, group = crossing.day, crossing.group
        pairs: list[tuple[Person | None, Person | None, date]] = [
            (crossing.organiser, crossing.boat.driver, day - timedelta(days=1)),
            (crossing.organiser, crossing.pilot, day),
        ]
        recruiters = group.role("recruiter")
        for person in crossing.passengers[:3]:
            pairs.append(
                (
                    _choice(self.rng, recruiters),
                    person,
                    day - timedelta(days=self.rng.randint(2, 20)),
                )
            )
        return [c for a, b, d in pairs if (c := self.call(a, b, d)) is not None]

    def call(self, caller: Person | None, receiver: Person | None, day: date) -> Call | None:
        if caller is None or receiver is None or not caller.phones or not receiver.phones:
            return None
        return Call(
            self.ids.next("C"),
            day,
            caller,
            receiver,
            self.rng.choice(caller.phones),
            self.rng.choice(receiver.phones),
            self.rng.randint(8, 900),
        )

    def payments(self, crossing: Crossing) -> list[Payment]:
        """Fares: held in trust by a UK hawaladar until arrival, or cash paid in to a Belgian account."""
        rng, group, out = self.rng, crossing.group, []
        uk_handlers = [p for p in group.role("money_handler") if residence(p) == "GB"]
        be_accounts = [a for a in group.accounts if a.iban.startswith("BE")]
        for person in crossing.passengers:
            if crossing.arrived and uk_handlers and rng.random() < 0.2:
                out.append(self._hawala(crossing, person, rng.choice(uk_handlers)))
            elif crossing.journeys[person.id].via_be and be_accounts and rng.random() < 0.15:
                out.append(self._deposit(crossing, person, rng.choice(be_accounts)))
        return out

    def _hawala(self, crossing: Crossing, payer: Person, handler: Person) -> Payment:
        day = until_end(crossing.day + timedelta(days=self.rng.randint(0, 3)))
        amount = self.rng.randrange(1500, 7000, 100)
        return Payment(
            self.ids.next("M"),
            day,
            payer,
            handler,
            None,
            None,
            amount,
            "GBP",
            "hawala",
            "crossing fee released on arrival",
        )

    def _deposit(self, crossing: Crossing, payer: Person, account: Account) -> Payment:
        day = crossing.day - timedelta(days=self.rng.randint(5, 60))
        amount = self.rng.randrange(1000, 6000, 100)
        return Payment(
            self.ids.next("M"),
            day,
            payer,
            account.holder,
            None,
            account,
            amount,
            "EUR",
            "cash deposit",
            "voorschot overtocht",
        )

    def arrests(self, crossing: Crossing) -> list[Arrest]:
        """The pilot is arrested on landing; some who cannot pay end up on cannabis farms and are arrested."""
        rng, out = self.rng, []
        if crossing.arrived and rng.random() < 0.6:
            out.append(
                Arrest(
                    self.ids.next("R"),
                    crossing.day,
                    crossing.arrival,
                    crossing.pilot,
                    CHARGES["pilot"],
                    "Op. Deflect",
                    "GB",
                )
            )
        if crossing.arrived:
            for person in crossing.passengers:
                if person.nationality in ("AL", "VN") and rng.random() < 0.03:
                    city = rng.choice(self.world.cities("GB"))
                    out.append(
                        Arrest(
                            self.ids.next("R"),
                            until_end(crossing.day + timedelta(days=rng.randint(30, 300))),
                            city,
                            person,
                            CHARGES["cannabis"],
                            "Op. Hawthorn",
                            "GB",
                        )
                    )
        return out


def _size(rng: random.Random, day: date) -> int:
    """People on a boat: about 48 in 2024, about 56 in 2025."""
    mean, spread = (48, 8) if day.year == 2024 else (56, 9)
    return max(30, min(80, round(rng.gauss(mean, spread))))


def _choice(rng: random.Random, people: list[Person]) -> Person | None:
    return rng.choice(people) if people else None
