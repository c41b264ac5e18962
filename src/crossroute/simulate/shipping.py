"""The cocaine route: reefer containers of bananas and other cover loads from Ecuador, Colombia and their
neighbours to Antwerp and Rotterdam; a few are contaminated (rip-on/rip-off with a port insider) and some of
those are seized."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from crossroute.simulate.events import Box, Seizure, Ship, Shipment, until_end
from crossroute.simulate.identifiers import company_number, container_number, imo_number, mmsi
from crossroute.simulate.network import Company, Counter, Group
from crossroute.simulate.people import Person
from crossroute.simulate.world import World

CONTAMINATED = 0.06
SEIZED = {"BE": 0.55, "NL": 0.45}
EXPORTER_WORDS = (
    "Frutas del Pacífico",
    "Bananera El Oro",
    "Agroexportadora Costa",
    "Tropical Harvest",
    "Exportadora Manabí",
    "Frutícola del Sur",
    "Cacao Fino",
    "Camaronera Golfo",
    "Flores Andinas",
    "Maderas del Chocó",
    "Agrícola Urabá",
    "Frutas Tropicales Caribe",
)
IMPORTER_WORDS = (
    "Fresh Fruit Europe",
    "Banana Trading Antwerp",
    "Tropical Imports",
    "Euro Fresh Logistics",
    "Schelde Fruit",
    "Maas Produce",
    "Fruitmasters",
    "Port Fresh",
    "Green Valley Import",
    "Delta Cold Store",
)


@dataclass
class Fleet:
    """The ships, containers and companies shipments are drawn from."""

    ships: list[Ship] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    exporters: list[Company] = field(default_factory=list)
    importers: list[Company] = field(default_factory=list)


@dataclass
class ShippingPlanner:
    world: World
    rng: random.Random
    ids: Counter
    fleet: Fleet = field(default_factory=Fleet)

    def prepare(self, shipments: int) -> None:
        rng, places = self.rng, self.world.places
        for _ in range(max(12, shipments // 25)):
            flag = rng.choice(places["flags"])
            line = rng.choice(places["shipping_lines"])
            name = f"{line} {rng.choice(places['vessel_words'])}"
            self.fleet.ships.append(
                Ship(self.ids.next("S"), name, imo_number(rng), mmsi(rng, flag), flag)
            )
        for _ in range(max(20, shipments // 12)):
            port = rng.choice(places["origin_ports"])
            word = rng.choice(EXPORTER_WORDS)
            suffix = "S.A." if port["country"] == "EC" else "S.A.S."
            country = str(port["country"])
            self.fleet.exporters.append(
                Company(
                    self.ids.next("O"), f"{word} {suffix}", country, company_number(rng, country)
                )
            )
        for _ in range(max(10, shipments // 30)):
            country = rng.choice(("BE", "NL"))
            name = f"{rng.choice(IMPORTER_WORDS)} {'BV' if country == 'BE' else 'B.V.'}"
            self.fleet.importers.append(
                Company(self.ids.next("O"), name, country, company_number(rng, country))
            )

    def shipment(self, day: date, groups: list[Group]) -> Shipment:
        rng, places = self.rng, self.world.places
        origin = rng.choices(
            places["origin_ports"], weights=[p["weight"] for p in places["origin_ports"]]
        )[0]
        destination = rng.choice(places["destination_ports"])
        cargo = rng.choices(places["cargo"], weights=[c["share"] for c in places["cargo"]])[0]
        dealers = [g for g in groups if g.kind == "drugs"]
        group = rng.choice(dealers) if dealers and rng.random() < CONTAMINATED else None
        consignee = self._consignee(group)
        transit = rng.randint(14, 24)
        return Shipment(
            id=self.ids.next("SH"),
            box=self._box(),
            seal=f"{rng.choice(('ML', 'CM', 'HL', 'EU'))}{rng.randint(1000000, 9999999)}",
            ship=rng.choice(self.fleet.ships),
            shipper=self._exporter(str(origin["country"])),
            consignee=consignee,
            origin_port=str(origin["port"]),
            origin_country=str(origin["country"]),
            transshipment=rng.choice(places["transshipment_ports"])
            if rng.random() < 0.35
            else None,
            destination=str(destination["port"]),
            destination_country=str(destination["country"]),
            terminal=rng.choice(destination["terminal"]),
            goods=str(cargo["goods"]),
            hs_code=str(cargo["hs"]),
            weight=rng.randint(*cargo["weight"]),
            departure=day - timedelta(days=transit),
            arrival=day,
            group=group,
            insider=self._insider(group),
        )

    def _box(self) -> Box:
        rng = self.rng
        if self.fleet.boxes and rng.random() < 0.1:
            return rng.choice(self.fleet.boxes)
        owner = rng.choice(self.world.places["container_owners"])
        box = Box(
            self.ids.next("K"),
            container_number(rng, str(owner)),
            rng.choice(self.world.places["container_types"]),
        )
        self.fleet.boxes.append(box)
        if len(self.fleet.boxes) > 2000:
            self.fleet.boxes.pop(0)
        return box

    def _exporter(self, country: str) -> Company:
        local = [c for c in self.fleet.exporters if c.country == country]
        return self.rng.choice(local or self.fleet.exporters)

    def _consignee(self, group: Group | None) -> Company:
        if group is not None and group.companies and self.rng.random() < 0.5:
            return self.rng.choice(group.companies)
        return self.rng.choice(self.fleet.importers)

    def _insider(self, group: Group | None) -> Person | None:
        insiders = group.role("port_insider") if group else []
        return self.rng.choice(insiders) if insiders else None

    def seizure(self, shipment: Shipment) -> Seizure | None:
        """Customs find the load (some contaminated containers only), with the people arrested for it."""
        rng = self.rng
        if shipment.group is None or rng.random() > SEIZED.get(shipment.destination_country, 0.3):
            return None
        couriers = shipment.group.role("courier")
        suspects = [p for p in (shipment.insider, rng.choice(couriers) if couriers else None) if p]
        return Seizure(
            id=self.ids.next("Z"),
            day=until_end(shipment.arrival + timedelta(days=rng.randint(0, 3))),
            place=f"{shipment.destination}, {shipment.terminal}",
            quantity=rng.randint(800, 4000) if rng.random() < 0.5 else rng.randint(60, 700),
            shipment=shipment,
            suspects=suspects,
        )
