"""Albania, State Police (ASP): an XLSX register with Albanian headers and correct Albanian diacritics,
father's name (atësia) included, as Albanian registers do."""

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
from crossroute.simulate.noise import Style, phone_text
from crossroute.simulate.people import Person
from crossroute.simulate.translit import Transliterator

PERSONS = (
    "id_personi",
    "emri",
    "mbiemri",
    "atësia",
    "datëlindja",
    "vendlindja",
    "gjinia",
    "shtetësia",
    "nr_pasaportës",
    "telefoni",
    "adresa",
    "qyteti",
    "statusi",
    "kodi_trajtimit",
    "vlerësimi",
    "data_regjistrimit",
)
STATUSI = Codes(
    {
        "suspect": ("i dyshuar", "e dyshuar"),
        "convicted": ("i dënuar",),
        "contact": ("person kontakti",),
        "potential_future_offender": ("autor i mundshëm",),
        "victim": ("viktimë",),
        "witness": ("dëshmitar", "dëshmitare"),
    }
)
GJINIA = Codes({"male": ("M", "mashkull"), "female": ("F", "femër")})
DATE = "%d.%m.%Y"


def style(translit: Transliterator) -> Style:
    return Style(
        translit,
        upper_family=0.4,
        swap=0.04,
        patronymic=0.0,
        jan1_migrant=0.03,
        document=0.95,
        address=0.7,
    )


class AlAsp(Desk):
    code = "AL-ASP"
    region = "AL"

    def __init__(self, services: Services, translit: Transliterator) -> None:
        super().__init__(services, style(translit))
        self.sheet("persona", "persona", PERSONS, "Persona", self._mapping())

    def person(self, person: Person, category: str, when: date | None) -> str:
        rng = self.rng
        seen = self.seen(person)
        record_id = self.ids.next("ASP-", 7)
        form = "sq_adj" if rng.random() < 0.6 else "sq"
        row = {
            "id_personi": record_id,
            "emri": seen.given,
            "mbiemri": seen.family or seen.full,
            "atësia": seen.father if rng.random() < 0.85 else "",
            "datëlindja": date_text(seen.birth, DATE),
            "vendlindja": seen.birthplace,
            "gjinia": GJINIA.write(seen.sex, rng) if seen.sex else "",
            "shtetësia": country_text(self.world, seen.nationality, form),
            "nr_pasaportës": seen.document,
            "telefoni": "; ".join(phone_text(p, self.region, rng) for p in seen.phones),
            "adresa": seen.address,
            "qyteti": seen.city,
            "statusi": STATUSI.write(category, rng),
            "kodi_trajtimit": self.siena(),
            "vlerësimi": self.europol_grade(),
            "data_regjistrimit": date_text(self.collected(when), DATE),
        }
        self.emit("persona", row, (record_id, person.id, "Person"))
        return record_id

    def _mapping(self) -> dict[str, Any]:
        return {
            "agency": self.code,
            "region": "AL",
            "dataset": "trafikim-emigrante",
            "read": {"format": "xlsx", "sheet": "Persona"},
            "defaults": {"fact_or_assessment": "fact", "review_years": 5},
            "entities": [
                {
                    "key": "person",
                    "schema": "Person",
                    "id": {"column": "id_personi", "required": True},
                    "properties": {
                        "firstName": {"column": "emri"},
                        "lastName": {"column": "mbiemri"},
                        "fatherName": {"column": "atësia"},
                        "birthDate": {"column": "datëlindja", "format": DATE},
                        "birthPlace": {"column": "vendlindja"},
                        "gender": {"column": "gjinia", "values": GJINIA.values()},
                        "nationality": {
                            "column": "shtetësia",
                            "values": country_values(self.world, ("sq", "sq_adj")),
                        },
                        "passportNumber": {"column": "nr_pasaportës"},
                        "phone": {"column": "telefoni", "split": ";"},
                        "address": {"column": "adresa"},
                        "city": {"column": "qyteti"},
                    },
                    "provenance": {
                        "handling": {"column": "kodi_trajtimit", "template": "SIENA:{}"},
                        "grading": {"column": "vlerësimi", "template": "EUROPOL:{}"},
                        "subject_category": {"column": "statusi", "values": STATUSI.values()},
                        "collected_on": {"column": "data_regjistrimit", "format": DATE},
                    },
                }
            ],
        }
