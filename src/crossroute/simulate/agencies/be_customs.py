"""Belgian Customs, Antwerp: container shipments from South America (ISO 6346 container numbers, IMO vessel
numbers), the companies and vessels involved, cocaine seizures and the suspects (port insiders, couriers)."""

from __future__ import annotations

from datetime import date
from typing import Any

from crossroute.simulate.agencies.base import (
    Codes,
    Desk,
    Services,
    country_text,
    country_values,
    date_text,
)
from crossroute.simulate.events import Box, Seizure, Ship, Shipment
from crossroute.simulate.network import Company
from crossroute.simulate.noise import Style, phone_text
from crossroute.simulate.people import Person
from crossroute.simulate.translit import Transliterator

OPTIONS: dict[str, Any] = {"delimiter": ";", "encoding": "utf-8", "newline": "\n"}
VESSELS = ("schip_id", "naam", "imo", "mmsi", "vlag")
COMPANIES = ("bedrijf_id", "naam", "ondernemingsnummer", "land")
CONTAINERS = ("container_id", "containernummer", "type")
SHIPMENTS = (
    "zending_id",
    "container_id",
    "containernummer",
    "schip_id",
    "verlader_id",
    "ontvanger_id",
    "laadhaven",
    "land_van_oorsprong",
    "overslaghaven",
    "loshaven",
    "terminal",
    "goederen",
    "gn_code",
    "gewicht_kg",
    "vertrekdatum",
    "aankomstdatum",
)
STAFF = (
    "personeel_id",
    "naam",
    "voornaam",
    "geboortedatum",
    "nationaliteit",
    "telefoon",
    "functie",
)
SEIZURES = (
    "beslag_id",
    "datum",
    "plaats",
    "goederen",
    "hoeveelheid",
    "eenheid",
    "container_id",
    "schip_id",
    "verdachten",
)
SUSPECTS = (
    "verdachte_id",
    "naam",
    "voornaam",
    "geboortedatum",
    "nationaliteit",
    "telefoon",
    "functie",
    "hoedanigheid",
)
HOEDANIGHEID = Codes(
    {
        "suspect": ("verdachte",),
        "convicted": ("veroordeelde",),
        "contact": ("betrokkene",),
        "potential_future_offender": ("risicopersoon",),
        "victim": ("slachtoffer",),
        "witness": ("getuige",),
    }
)
FUNCTIE = {
    "port_insider": "havenarbeider",
    "courier": "koerier",
    "driver": "chauffeur",
    "organiser": "bestuurder",
}
DATE = "%d-%m-%Y"
VESSEL_PROPERTIES = {
    "name": {"column": "naam"},
    "imoNumber": {"column": "imo"},
    "mmsi": {"column": "mmsi"},
    "flag": {"column": "vlag"},
}
COMPANY_PROPERTIES = {
    "name": {"column": "naam"},
    "registrationNumber": {"column": "ondernemingsnummer"},
}
CONTAINER_PROPERTIES = {"number": {"column": "containernummer"}, "type": {"column": "type"}}


def style(translit: Transliterator) -> Style:
    return Style(translit, upper_family=0.5, swap=0.03, full_only=0.0)


class BeCustoms(Desk):
    code = "BE-CUSTOMS"
    region = "BE"

    def __init__(self, services: Services, translit: Transliterator) -> None:
        super().__init__(services, style(translit))
        countries = {"column": "land", "values": country_values(self.world, ("nl",))}
        for key, columns, schema, id_column, properties in (
            ("schepen", VESSELS, "Vessel", "schip_id", VESSEL_PROPERTIES),
            (
                "bedrijven",
                COMPANIES,
                "Organization",
                "bedrijf_id",
                {**COMPANY_PROPERTIES, "country": countries},
            ),
            ("containers", CONTAINERS, "Container", "container_id", CONTAINER_PROPERTIES),
        ):
            self.csv(
                key,
                f"{key}.csv",
                columns,
                self._mapping(key, schema, id_column, properties),
                **OPTIONS,
            )
        self.csv("verdachten", "verdachten.csv", SUSPECTS, self._suspect_mapping(), **OPTIONS)
        self.csv("zendingen", "zendingen.csv", SHIPMENTS, self._shipment_mapping(), **OPTIONS)
        self.csv("havenpersoneel", "havenpersoneel.csv", STAFF, self._staff_mapping(), **OPTIONS)
        self.csv("inbeslagnames", "inbeslagnames.csv", SEIZURES, self._seizure_mapping(), **OPTIONS)
        self.known: dict[str, str] = {}  # true id of a ship, company or container -> record id

    def _once(self, key: str, entity_id: str, row_of: Any, schema: str) -> str:
        record_id = self.known.get(entity_id)
        if record_id is None:
            record_id = self.ids.next(f"DA-{key}-", 6)
            self.known[entity_id] = record_id
            self.emit(_TABLES[key], row_of(record_id), (record_id, entity_id, schema))
        return record_id

    def _ship(self, ship: Ship) -> str:
        return self._once(
            "S",
            ship.id,
            lambda rid: {
                "schip_id": rid,
                "naam": ship.name,
                "imo": ship.imo,
                "mmsi": ship.mmsi,
                "vlag": ship.flag,
            },
            "Vessel",
        )

    def _company(self, company: Company) -> str:
        return self._once(
            "B",
            company.id,
            lambda rid: {
                "bedrijf_id": rid,
                "naam": company.name,
                "ondernemingsnummer": company.number,
                "land": country_text(self.world, company.country, "nl"),
            },
            "Organization",
        )

    def _box(self, box: Box) -> str:
        return self._once(
            "C",
            box.id,
            lambda rid: {"container_id": rid, "containernummer": box.number, "type": box.type},
            "Container",
        )

    def person(self, person: Person, category: str, when: date | None) -> str:
        rng = self.rng
        seen = self.seen(person)
        record_id = self.ids.next("DA-V-", 6)
        row = {
            "verdachte_id": record_id,
            "naam": seen.family or seen.full,
            "voornaam": seen.given,
            "geboortedatum": date_text(seen.birth, DATE),
            "nationaliteit": country_text(self.world, seen.nationality, "nl"),
            "telefoon": phone_text(seen.phones[0], self.region, rng) if seen.phones else "",
            "functie": person.job.split(",")[0] if person.job else FUNCTIE.get(person.role, ""),
            "hoedanigheid": HOEDANIGHEID.write(category, rng),
        }
        self.emit("verdachten", row, (record_id, person.id, "Person"))
        return record_id

    def staff(self, person: Person) -> None:
        """The register of screened port staff (badge holders): job and employer, no suspicion."""
        seen = self.seen(person)
        record_id = self.ids.next("DA-P-", 6)
        row = {
            "personeel_id": record_id,
            "naam": seen.family or seen.full,
            "voornaam": seen.given,
            "geboortedatum": date_text(seen.birth, DATE),
            "nationaliteit": country_text(self.world, seen.nationality, "nl"),
            "telefoon": phone_text(seen.phones[0], self.region, self.rng) if seen.phones else "",
            "functie": person.job or "",
        }
        self.emit("havenpersoneel", row, (record_id, person.id, "Person"))
        person.records.setdefault(self.code, []).append(record_id)

    def shipment(self, shipment: Shipment) -> None:
        if shipment.destination_country != "BE":
            return
        record_id = self.ids.next("DA-Z-", 7)
        number = shipment.box.number
        row = {
            "zending_id": record_id,
            "container_id": self._box(shipment.box),
            "containernummer": f"{number[:4]} {number[4:10]} {number[10]}"
            if self.rng.random() < 0.3
            else number,
            "schip_id": self._ship(shipment.ship),
            "verlader_id": self._company(shipment.shipper),
            "ontvanger_id": self._company(shipment.consignee),
            "laadhaven": shipment.origin_port,
            "land_van_oorsprong": country_text(self.world, shipment.origin_country, "nl"),
            "overslaghaven": shipment.transshipment,
            "loshaven": shipment.destination,
            "terminal": shipment.terminal,
            "goederen": shipment.goods,
            "gn_code": shipment.hs_code,
            "gewicht_kg": str(shipment.weight),
            "vertrekdatum": date_text(shipment.departure, DATE),
            "aankomstdatum": date_text(shipment.arrival, DATE),
        }
        self.emit("zendingen", row, (record_id, shipment.id, "Shipment"))

    def seizure(self, seizure: Seizure) -> None:
        shipment = seizure.shipment
        if shipment.destination_country != "BE":
            return
        record_id = self.ids.next("DA-I-", 5)
        suspects = [r for r in (self.ref(p) for p in seizure.suspects) if r]
        row = {
            "beslag_id": record_id,
            "datum": date_text(seizure.day, DATE),
            "plaats": seizure.place,
            "goederen": "cocaïne",
            "hoeveelheid": str(seizure.quantity),
            "eenheid": seizure.unit,
            "container_id": self._box(shipment.box),
            "schip_id": self._ship(shipment.ship),
            "verdachten": "|".join(suspects),
        }
        self.emit("inbeslagnames", row, (record_id, seizure.id, "Seizure"))

    def _mapping(
        self, dataset: str, schema: str, id_column: str, properties: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "agency": self.code,
            "region": "BE",
            "dataset": f"douane-antwerpen-{dataset}",
            "read": {"format": "csv", "delimiter": ";", "encoding": "utf-8"},
            "defaults": {
                "handling": "SIENA:H2",
                "grading": "EUROPOL:A2",
                "fact_or_assessment": "fact",
                "review_years": 5,
            },
            "entities": [
                {
                    "key": schema.lower(),
                    "schema": schema,
                    "id": {"column": id_column, "required": True},
                    "properties": properties,
                }
            ],
        }

    def _person_properties(self) -> dict[str, Any]:
        """The columns of a person in the suspects' and the port staff's tables (the same layout)."""
        return {
            "lastName": {"column": "naam"},
            "firstName": {"column": "voornaam"},
            "birthDate": {"column": "geboortedatum", "format": DATE},
            "nationality": {
                "column": "nationaliteit",
                "values": country_values(self.world, ("nl",)),
            },
            "phone": {"column": "telefoon"},
            "role": {"column": "functie"},
        }

    def _suspect_mapping(self) -> dict[str, Any]:
        mapping = self._mapping(
            "verdachten",
            "Person",
            "verdachte_id",
            self._person_properties(),
        )
        mapping["entities"][0]["provenance"] = {
            "subject_category": {"column": "hoedanigheid", "values": HOEDANIGHEID.values()},
        }
        return mapping

    def _staff_mapping(self) -> dict[str, Any]:
        mapping = self._mapping(
            "havenpersoneel",
            "Person",
            "personeel_id",
            self._person_properties(),
        )
        mapping["defaults"] = {**mapping["defaults"], "grading": "EUROPOL:A1"}
        return mapping

    def _shipment_mapping(self) -> dict[str, Any]:
        return self._mapping(
            "zendingen",
            "Shipment",
            "zending_id",
            {
                "container": {"column": "container_id"},
                "containerNumber": {"column": "containernummer"},
                "vessel": {"column": "schip_id"},
                "shipper": {"column": "verlader_id"},
                "consignee": {"column": "ontvanger_id"},
                "originPort": {"column": "laadhaven"},
                "originCountry": {
                    "column": "land_van_oorsprong",
                    "values": country_values(self.world, ("nl",)),
                },
                "transshipmentPort": {"column": "overslaghaven"},
                "destinationPort": {"column": "loshaven"},
                "cargo": {"column": "goederen"},
                "hsCode": {"column": "gn_code"},
                "weight": {"column": "gewicht_kg"},
                "departureDate": {"column": "vertrekdatum", "format": DATE},
                "arrivalDate": {"column": "aankomstdatum", "format": DATE},
                "notes": {"column": "terminal"},
            },
        )

    def _seizure_mapping(self) -> dict[str, Any]:
        return self._mapping(
            "inbeslagnames",
            "Seizure",
            "beslag_id",
            {
                "date": {"column": "datum", "format": DATE},
                "place": {"column": "plaats"},
                "goods": {"column": "goederen"},
                "quantity": {"column": "hoeveelheid"},
                "unit": {"column": "eenheid"},
                "container": {"column": "container_id"},
                "vessel": {"column": "schip_id"},
                "suspect": {"column": "verdachten", "split": "|"},
            },
        )


_TABLES = {"S": "schepen", "B": "bedrijven", "C": "containers"}
