"""The scenario, phase by phase: the groups and their people, the crossings (streamed, one at a time), the
background of calls, money and arrests, then the container traffic. Every event goes to every desk; each
desk records what its agency would see. The truth log is written alongside."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations

from crossroute.simulate.adverts import AdvertWriter
from crossroute.simulate.agencies.base import Desk
from crossroute.simulate.crossings import CrossingPlanner, schedule
from crossroute.simulate.events import Arrest, Call, Crossing, Payment, Seizure, Shipment
from crossroute.simulate.migrants import MigrantFactory
from crossroute.simulate.network import Counter, Group, NetworkBuilder, residence
from crossroute.simulate.people import Person, PersonFactory
from crossroute.simulate.phones import PhoneFactory
from crossroute.simulate.port_staff import REGISTERED, PortStaff
from crossroute.simulate.scales import ScaleConfig
from crossroute.simulate.shipping import ShippingPlanner
from crossroute.simulate.truth import Truth
from crossroute.simulate.views import CUSTOMS, EU, category, copies, member_views, migrant_views
from crossroute.simulate.world import World

Progress = Callable[[str, int, int], None]
OPERATIONS = (
    "Operation Sandglass",
    "Operation Punnet",
    "Operation Mermaid",
    "Operation Tarrasque",
    "Operation Desert Light",
    "Operation Cutlass",
    "Operation Pilot Fish",
)
CHARGES = {
    "smuggling": "facilitation of illegal immigration (Directive 2002/90/EC), participation in an OCG",
    "drugs": "drug trafficking (cocaine import), participation in an OCG",
}
PURPOSES = ("invoice", "goods payment", "family support", "loan repayment", "car parts", "textiles")


def _quiet(task: str, done: int, total: int) -> None:
    """The default progress callback: says nothing."""


@dataclass
class Scenario:
    config: ScaleConfig
    world: World
    rng: random.Random
    truth: Truth
    desks: list[Desk]
    progress: Progress = _quiet
    ids: Counter = field(default_factory=Counter)
    crossings: int = 0
    shipments: int = 0

    def __post_init__(self) -> None:
        self.people = PersonFactory(self.world, self.rng, PhoneFactory(self.rng))
        self.by_code = {d.code: d for d in self.desks}
        # port staff draw from their own stream (seeded from the scenario's, which it does not advance),
        # so adding them leaves every other person, group and record of a seed as it was
        own = random.Random(repr(self.rng.getstate()[1][:8]) + "port staff")
        self.staff = PortStaff(own, self.people, self.ids)

    def run(self) -> list[Group]:
        groups = self.build_groups()
        self.run_crossings(groups)
        self.run_background(groups)
        self.run_shipping(groups)
        self.run_port_staff(groups)
        return groups

    # people --------------------------------------------------------------------------------------------------

    def see(self, person: Person, agencies: list[str], when: date | None) -> None:
        """Record a person at each agency that sees them (a known migrant is often found under an old record)."""
        for code in agencies:
            if person.migrant and code in person.records and self.rng.random() < 0.5:
                continue
            desk, kind = self.by_code[code], category(person, self.rng)
            for _ in range(copies(code, person, self.rng)):
                person.records.setdefault(code, []).append(desk.person(person, kind, when))

    # groups --------------------------------------------------------------------------------------------------

    def build_groups(self) -> list[Group]:
        c = self.config
        builder = NetworkBuilder(self.world, self.rng, self.people, self.ids)
        groups = builder.groups(c.smuggling_groups, c.drug_groups, c.group_size)
        for person in self.staff.insiders(groups):  # their jobs, before any agency records them
            person.job = self.staff.jobs[person.id]
        for i, group in enumerate(groups):
            self.record_group(group)
            self.progress("network", i + 1, len(groups))
        return groups

    def record_group(self, group: Group) -> None:
        truth = self.truth
        truth.group(group)
        for person in group.members:
            truth.person(person)
            truth.link(person.id, group.id, "member")
            self.see(person, member_views(person, group.kind, self.rng), None)
        for cell in group.cells:
            for a, b in combinations(cell, 2):
                truth.link(a.id, b.id, "associate")
        for desk in self.desks:
            desk.group(group)
        self.record_assets(group)

    def record_assets(self, group: Group) -> None:
        for vehicle in group.vehicles:
            self.truth.link(vehicle.owner.id, vehicle.id, "owns")
            for desk in self.desks:
                desk.vehicle(vehicle)
        for account in group.accounts:
            self.truth.link(account.holder.id, account.id, "holds")
            for desk in self.desks:
                desk.account(account)
        for company in group.companies:
            if company.director:
                self.truth.link(company.director.id, company.id, "director")

    # crossings -----------------------------------------------------------------------------------------------

    def run_crossings(self, groups: list[Group]) -> None:
        smugglers = [g for g in groups if g.kind == "smuggling"]
        migrants = MigrantFactory(self.world, self.rng, self.people)
        planner = CrossingPlanner(self.world, self.rng, migrants, self.ids)
        days = schedule(self.rng, self.config.crossings)
        for i, day in enumerate(days):
            crossing, new = planner.crossing(day, self.rng.choice(smugglers))
            self.record_crossing(crossing, new)
            self.record_events(
                planner.calls(crossing), planner.payments(crossing), planner.arrests(crossing)
            )
            self.crossings += 1
            self.progress("crossings", i + 1, len(days))

    def record_crossing(self, crossing: Crossing, new: list[Person]) -> None:
        truth, boat = self.truth, crossing.boat
        for person in new:
            truth.person(person)
        self._crossing_links(crossing, new)
        for desk in self.desks:
            desk.boat(boat)
        for person in [*crossing.passengers, crossing.pilot]:
            if person.migrant:
                self.see(person, migrant_views(person, crossing, self.rng), crossing.day)
        for desk in self.desks:
            desk.crossing(crossing)

    def _crossing_links(self, crossing: Crossing, new: list[Person]) -> None:
        truth, boat, group = self.truth, crossing.boat, crossing.group
        truth.link(crossing.organiser.id, crossing.id, "organised")
        truth.link(crossing.pilot.id, crossing.id, "piloted")
        truth.link(crossing.id, boat.id, "vessel")
        if boat.buyer:
            truth.link(boat.buyer.id, boat.id, "supplied")
        if boat.driver:
            truth.link(boat.driver.id, boat.id, "drove")
        recruiters = group.role("recruiter")
        for person in crossing.passengers:
            truth.link(person.id, crossing.id, "travelled_on")
        forgers = group.role("document_forger")
        for person in new:
            if recruiters:
                truth.link(self.rng.choice(recruiters).id, person.id, "recruited")
            forger = next((f for f in forgers if f.nationality == person.nationality), None)
            if forger and person.passport and self.rng.random() < 0.15:
                truth.link(forger.id, person.id, "forged_papers_for")
        self._family_links(new)

    def _family_links(self, new: list[Person]) -> None:
        """People who share a phone list were made as one family."""
        families: dict[int, list[Person]] = {}
        for person in new:
            families.setdefault(id(person.phones), []).append(person)
        for members in families.values():
            for a, b in combinations(members, 2):
                self.truth.link(a.id, b.id, "family")

    def record_events(
        self, calls: list[Call], payments: list[Payment], arrests: list[Arrest]
    ) -> None:
        for call in calls:
            self.truth.link(
                call.caller.id, call.receiver.id, "called", once=not call.receiver.migrant
            )
            for desk in self.desks:
                desk.call(call)
        for payment in payments:
            if payment.payer and payment.beneficiary:
                self.truth.link(payment.payer.id, payment.beneficiary.id, "paid")
            for desk in self.desks:
                desk.payment(payment)
        for arrest in arrests:
            for desk in self.desks:
                desk.arrest(arrest)

    # background ----------------------------------------------------------------------------------------------

    def run_background(self, groups: list[Group]) -> None:
        calls = [c for c in (self._background_call(groups) for _ in range(self.config.calls)) if c]
        payments = [
            p for p in (self._settlement(groups) for _ in range(self.config.settlements)) if p
        ]
        arrests = [a for g in groups for a in self._arrests(g)]
        self.record_events(calls, payments, arrests)
        self.record_posts(groups)

    def record_posts(self, groups: list[Group]) -> None:
        """Recruiters' adverts, found online and referred to Europol (EU IRU)."""
        writer = AdvertWriter(self.rng, self.ids)
        authors = [p for g in groups if g.kind == "smuggling" for p in g.members if p.handle]
        for _ in range(self.config.calls // 5 if authors else 0):
            post = writer.post(self.rng.choice(authors), self._day())
            self.truth.link(post.author.id, post.id, "posted")
            for desk in self.desks:
                desk.post(post)

    def _day(self) -> date:
        return date(2024, 1, 1) + timedelta(days=self.rng.randint(0, 730))

    def _background_call(self, groups: list[Group]) -> Call | None:
        cell = self.rng.choice(self.rng.choice(groups).cells)
        talkers = [p for p in cell if p.phones]
        if len(talkers) < 2:
            return None
        a, b = self.rng.sample(talkers, 2)
        return Call(
            self.ids.next("C"),
            self._day(),
            a,
            b,
            self.rng.choice(a.phones),
            self.rng.choice(b.phones),
            self.rng.randint(5, 1200),
        )

    def _settlement(self, groups: list[Group]) -> Payment | None:
        """Hawala settlement between two of a group's accounts, disguised as trade or family money."""
        group = self.rng.choice(groups)
        if len(group.accounts) < 2:
            return None
        source, target = self.rng.sample(group.accounts, 2)
        currency = "GBP" if source.iban.startswith("GB") else "EUR"
        purpose = f"{self.rng.choice(PURPOSES)} {self.rng.randint(100, 9999)}"
        return Payment(
            self.ids.next("M"),
            self._day(),
            source.holder,
            target.holder,
            source,
            target,
            self.rng.randrange(2000, 95000, 50),
            currency,
            "transfer",
            purpose,
        )

    def _arrests(self, group: Group) -> list[Arrest]:
        out = []
        for person in group.members:
            if self.rng.random() < 0.12:
                country = residence(person)
                place = person.addresses.get(country, ("", country))[1] or country
                out.append(
                    Arrest(
                        self.ids.next("R"),
                        self._day(),
                        place,
                        person,
                        CHARGES[group.kind],
                        self.rng.choice(OPERATIONS),
                        country,
                    )
                )
        return out

    # shipping ------------------------------------------------------------------------------------------------

    def run_shipping(self, groups: list[Group]) -> None:
        planner = ShippingPlanner(self.world, self.rng, self.ids)
        planner.prepare(self.config.shipments)
        days = schedule(self.rng, self.config.shipments)
        for i, day in enumerate(days):
            shipment = planner.shipment(day, groups)
            self.record_shipment(shipment)
            seizure = planner.seizure(shipment)
            if seizure:
                self.record_seizure(seizure)
            self.shipments += 1
            if (i + 1) % 100 == 0 or i + 1 == len(days):
                self.progress("shipments", i + 1, len(days))

    def run_port_staff(self, groups: list[Group]) -> None:
        """Port staff in Belgian Customs' register: insiders (bribed by their group) and honest colleagues
        (simulate/port_staff.py)."""
        insiders = [p for p in (q for g in groups for q in g.role("port_insider")) if p.job]
        honest = self.staff.honest(insiders)
        for person in honest:
            person.job = self.staff.jobs[person.id]
            self.truth.person(person)
        registered = [p for p in insiders if self.rng.random() < REGISTERED] + honest
        for person in registered:
            for desk in self.desks:
                desk.staff(person)
        by_id = {p.id: g for g in groups for p in g.members}
        payments = []
        for insider in insiders:
            for payment in self.staff.bribes(insider, by_id[insider.id], self._day()):
                for party in (payment.payer, payment.beneficiary):
                    if party is not None and "BE-FJP" not in party.records:
                        self.see(party, ["BE-FJP"], payment.day)
                payments.append(payment)
        calls = self.staff.calls(honest, groups, date(2024, 1, 1))
        self.record_events(calls, payments, [])

    def record_shipment(self, shipment: Shipment) -> None:
        self.truth.link(shipment.shipper.id, shipment.id, "shipped")
        self.truth.link(shipment.id, shipment.consignee.id, "consigned_to")
        if shipment.insider:
            self.truth.link(shipment.insider.id, shipment.id, "insider_for")
        for desk in self.desks:
            desk.shipment(shipment)

    def record_seizure(self, seizure: Seizure) -> None:
        """Suspects arrested at the terminal are recorded by the port's agency if it did not know them."""
        code = CUSTOMS if seizure.shipment.destination_country == "BE" else EU
        for person in seizure.suspects:
            if code not in person.records and self.rng.random() < 0.8:
                self.see(person, [code], seizure.day)
        for desk in self.desks:
            desk.seizure(seizure)
