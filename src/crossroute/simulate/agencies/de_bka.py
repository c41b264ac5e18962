"""Germany, BKA: a person CSV with German headers and Admiralty grading, vehicles (an XLSX sheet) and the
purchases of boats and outboard engines in the Ruhr and around Osnabrück."""

from __future__ import annotations

from datetime import date
from typing import Any

from crossroute.simulate.agencies.base import (
    ADMIRALTY_GRADES,
    Codes,
    Desk,
    Services,
    country_text,
    country_values,
    date_text,
)
from crossroute.simulate.events import Boat
from crossroute.simulate.network import Vehicle
from crossroute.simulate.noise import Style, phone_text
from crossroute.simulate.people import Person
from crossroute.simulate.translit import Transliterator, pick

PERSONS = (
    "Personen-ID",
    "Nachname",
    "Vorname",
    "Geburtsdatum",
    "Geburtsort",
    "Geschlecht",
    "Staatsangehörigkeit",
    "Ausweisnummer",
    "Telefon",
    "Anschrift",
    "Wohnort",
    "Land",
    "Personenrolle",
    "Bewertung",
    "Weitergabe",
    "Erfassungsdatum",
)
VEHICLES = (
    "Fahrzeug-ID",
    "Kennzeichen",
    "Zulassungsstaat",
    "Hersteller/Modell",
    "Fahrzeugart",
    "Halter",
    "Bewertung",
)
PURCHASES = (
    "Vorgang",
    "Kaufdatum",
    "Händler",
    "Ort",
    "Artikel",
    "Motor",
    "Seriennummer",
    "Preis (EUR)",
    "Käufer",
    "Boots-ID",
    "Bewertung",
)
ROLLE = Codes(
    {
        "suspect": ("Beschuldigter", "Beschuldigte/r", "Tatverdächtiger"),
        "convicted": ("Verurteilter",),
        "contact": ("Kontaktperson", "Kontakt-/Begleitperson"),
        "potential_future_offender": ("potentieller Straftäter",),
        "victim": ("Geschädigter", "Opfer"),
        "witness": ("Zeuge", "Zeugin"),
    }
)
GESCHLECHT = Codes({"male": ("männlich", "männlich", "m"), "female": ("weiblich", "w")})
DATE = "%d.%m.%Y"
WEITERGABE = (("H0", 0.15), ("H1", 0.35), ("H2", 0.5))


def style(translit: Transliterator) -> Style:
    return Style(
        translit, upper_family=0.25, swap=0.07, patronymic=0.03, jan1_migrant=0.15, address=0.5
    )


class DeBka(Desk):
    code = "DE-BKA"
    region = "DE"

    def __init__(self, services: Services, translit: Transliterator) -> None:
        super().__init__(services, style(translit))
        options: dict[str, Any] = {"delimiter": ";", "encoding": "utf-8-sig", "newline": "\r\n"}
        self.csv("personen", "personen.csv", PERSONS, self._person_mapping(), **options)
        self.sheet("fahrzeuge", "fahrzeuge", VEHICLES, "Fahrzeuge", self._vehicle_mapping())
        self.csv("bootskaeufe", "bootskaeufe.csv", PURCHASES, self._purchase_mapping(), **options)

    def person(self, person: Person, category: str, when: date | None) -> str:
        rng = self.rng
        seen = self.seen(person)
        record_id = self.ids.next("BKA-", 8)
        row = {
            "Personen-ID": record_id,
            "Nachname": seen.family or seen.full,
            "Vorname": seen.given,
            "Geburtsdatum": date_text(seen.birth, DATE),
            "Geburtsort": seen.birthplace,
            "Geschlecht": GESCHLECHT.write(seen.sex, rng) if seen.sex else "",
            "Staatsangehörigkeit": country_text(
                self.world, seen.nationality, "de_adj" if rng.random() < 0.4 else "de"
            ),
            "Ausweisnummer": seen.document,
            "Telefon": ", ".join(phone_text(p, self.region, rng) for p in seen.phones),
            "Anschrift": seen.address,
            "Wohnort": seen.city,
            "Land": country_text(self.world, seen.country, "de"),
            "Personenrolle": ROLLE.write(category, rng),
            "Bewertung": pick(rng, ADMIRALTY_GRADES),
            "Weitergabe": pick(rng, WEITERGABE),
            "Erfassungsdatum": date_text(self.collected(when), DATE),
        }
        self.emit("personen", row, (record_id, person.id, "Person"))
        return record_id

    def vehicle(self, vehicle: Vehicle) -> None:
        owner = self.ref(vehicle.owner)
        if owner is None and self.rng.random() < 0.7:
            return
        record_id = self.ids.next("KFZ-", 6)
        row = {
            "Fahrzeug-ID": record_id,
            "Kennzeichen": vehicle.plate,
            "Zulassungsstaat": country_text(self.world, vehicle.country, "de"),
            "Hersteller/Modell": vehicle.model,
            "Fahrzeugart": vehicle.type,
            "Halter": owner,
            "Bewertung": pick(self.rng, ADMIRALTY_GRADES),
        }
        self.emit("fahrzeuge", row, (record_id, vehicle.id, "Vehicle"))

    def boat(self, boat: Boat) -> None:
        if self.rng.random() < 0.55:
            return
        record_id = self.ids.next("KV-", 6)
        boat_id = self.ids.next("BOOT-", 6)
        row = {
            "Vorgang": record_id,
            "Kaufdatum": boat.bought.strftime(DATE),
            "Händler": boat.shop,
            "Ort": boat.shop_city,
            "Artikel": boat.model,
            "Motor": boat.engine,
            "Seriennummer": boat.serial,
            "Preis (EUR)": f"{boat.price:,}".replace(",", ".") + ",00",
            "Käufer": self.ref(boat.buyer),
            "Boots-ID": boat_id,
            "Bewertung": pick(self.rng, ADMIRALTY_GRADES),
        }
        self.emit(
            "bootskaeufe",
            row,
            (record_id, f"{boat.id}-purchase", "Payment"),
            (boat_id, boat.id, "Vessel"),
        )

    def _base(self, dataset: str) -> dict[str, Any]:
        return {
            "agency": self.code,
            "region": "DE",
            "dataset": dataset,
            "defaults": {"handling": "SIENA:H1", "fact_or_assessment": "fact", "review_years": 5},
        }

    def _grading(self) -> dict[str, Any]:
        return {"grading": {"column": "Bewertung", "template": "ADMIRALTY:{}"}}

    def _person_mapping(self) -> dict[str, Any]:
        return {
            **self._base("schleusung-aermelkanal"),
            "read": {"format": "csv", "delimiter": ";", "encoding": "utf-8-sig"},
            "entities": [
                {
                    "key": "person",
                    "schema": "Person",
                    "id": {"column": "Personen-ID", "required": True},
                    "properties": {
                        "lastName": {"column": "Nachname"},
                        "firstName": {"column": "Vorname"},
                        "birthDate": {"column": "Geburtsdatum", "format": DATE},
                        "birthPlace": {"column": "Geburtsort"},
                        "gender": {"column": "Geschlecht", "values": GESCHLECHT.values()},
                        "nationality": {
                            "column": "Staatsangehörigkeit",
                            "values": country_values(self.world, ("de", "de_adj")),
                        },
                        "passportNumber": {"column": "Ausweisnummer"},
                        "phone": {"column": "Telefon", "split": ","},
                        "address": {"column": "Anschrift"},
                        "city": {"column": "Wohnort"},
                        "country": {
                            "column": "Land",
                            "values": country_values(self.world, ("de",)),
                        },
                    },
                    "provenance": {
                        **self._grading(),
                        "handling": {"column": "Weitergabe", "template": "SIENA:{}"},
                        "subject_category": {"column": "Personenrolle", "values": ROLLE.values()},
                        "collected_on": {"column": "Erfassungsdatum", "format": DATE},
                    },
                }
            ],
        }

    def _vehicle_mapping(self) -> dict[str, Any]:
        return {
            **self._base("kfz-schleusung"),
            "read": {"format": "xlsx", "sheet": "Fahrzeuge"},
            "entities": [
                {
                    "key": "vehicle",
                    "schema": "Vehicle",
                    "id": {"column": "Fahrzeug-ID", "required": True},
                    "properties": {
                        "registrationNumber": {"column": "Kennzeichen"},
                        "country": {
                            "column": "Zulassungsstaat",
                            "values": country_values(self.world, ("de",)),
                        },
                        "model": {"column": "Hersteller/Modell"},
                        "type": {"column": "Fahrzeugart"},
                        "owner": {"column": "Halter"},
                    },
                    "provenance": self._grading(),
                }
            ],
        }

    def _purchase_mapping(self) -> dict[str, Any]:
        return {
            **self._base("boots-und-motorenkaeufe"),
            "read": {"format": "csv", "delimiter": ";", "encoding": "utf-8-sig"},
            "entities": [
                {
                    "key": "purchase",
                    "schema": "Payment",
                    "id": {"column": "Vorgang", "required": True},
                    "properties": {
                        "date": {"column": "Kaufdatum", "format": DATE},
                        "payer": {"column": "Käufer"},
                        "amount": {"column": "Preis (EUR)"},
                        "currency": {"literal": "EUR"},
                        "method": {"literal": "cash"},
                        "purpose": {"columns": ["Artikel", "Motor"], "join": ", "},
                        "notes": {"columns": ["Händler", "Ort"], "join": ", "},
                    },
                    "provenance": self._grading(),
                },
                {
                    "key": "boat",
                    "schema": "Vessel",
                    "id": {"column": "Boots-ID"},
                    "properties": {
                        "name": {"column": "Artikel"},
                        "type": {"literal": "small boat"},
                        "engine": {"columns": ["Motor", "Seriennummer"], "join": " SN "},
                        "owner": {"column": "Käufer"},
                    },
                    "provenance": self._grading(),
                },
            ],
        }
