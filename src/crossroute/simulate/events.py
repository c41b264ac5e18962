"""What happens: boats bought in Germany, Channel crossings with their passengers, calls, payments, arrests,
container shipments and seizures. Events are plain data; `scenario.py` makes them and the desks record them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from crossroute.simulate.network import Account, Company, Group, Vehicle
from crossroute.simulate.people import Person
from crossroute.simulate.phones import Phone

SCENARIO_END = date(2025, 12, 31)
OUTCOMES = (
    ("arrived", 0.6),
    ("intercepted", 0.18),
    ("aborted", 0.1),
    ("rescued_fr", 0.07),
    ("rescued_uk", 0.05),
)
ARRIVED = ("arrived", "rescued_uk")


def until_end(day: date) -> date:
    """The day, or the scenario's last day if it falls later (no date of the scenario is in its future)."""
    return min(day, SCENARIO_END)


@dataclass(slots=True)
class Boat:
    """An inflatable boat and its engine, bought and stored in Germany, driven to the coast."""

    id: str
    model: str
    engine: str
    serial: str
    shop: str
    shop_city: str
    bought: date
    price: int
    buyer: Person | None
    driver: Person | None
    van: Vehicle | None


@dataclass(slots=True)
class Journey:
    """How a migrant got to the coast: the countries crossed on the way."""

    via_de: bool
    via_be: bool
    attempts: int = 0


@dataclass(slots=True)
class Crossing:
    """One small-boat launch from a northern French beach."""

    id: str
    day: date
    beach: str
    commune: str
    arrival: str
    outcome: str
    group: Group
    organiser: Person
    pilot: Person
    boat: Boat
    passengers: list[Person] = field(default_factory=list)
    journeys: dict[str, Journey] = field(default_factory=dict)

    @property
    def arrived(self) -> bool:
        return self.outcome in ARRIVED


@dataclass(slots=True)
class Call:
    id: str
    day: date
    caller: Person
    receiver: Person
    caller_phone: Phone
    receiver_phone: Phone
    seconds: int


@dataclass(slots=True)
class Payment:
    id: str
    day: date
    payer: Person | None
    beneficiary: Person | None
    payer_account: Account | None
    beneficiary_account: Account | None
    amount: int
    currency: str
    method: str
    purpose: str


@dataclass(slots=True)
class Arrest:
    id: str
    day: date
    place: str
    person: Person
    charge: str
    operation: str
    country: str


@dataclass(slots=True)
class Ship:
    id: str
    name: str
    imo: str
    mmsi: str
    flag: str


@dataclass(slots=True)
class Box:
    """A shipping container."""

    id: str
    number: str
    type: str


@dataclass(slots=True)
class Shipment:
    id: str
    box: Box
    seal: str
    ship: Ship
    shipper: Company
    consignee: Company
    origin_port: str
    origin_country: str
    transshipment: str | None
    destination: str
    destination_country: str
    terminal: str
    goods: str
    hs_code: str
    weight: int
    departure: date
    arrival: date
    group: Group | None = None
    insider: Person | None = None


@dataclass(slots=True)
class Seizure:
    id: str
    day: date
    place: str
    quantity: int
    shipment: Shipment
    suspects: list[Person] = field(default_factory=list)
    goods: str = "cocaine"
    unit: str = "kg"


@dataclass(slots=True)
class Post:
    """An advert for crossings on social media: price, "payment on arrival", a number to call."""

    id: str
    day: date
    author: Person
    handle: str
    platform: str
    text: str
    language: str
    price: int
    currency: str
    contact: Phone | None
