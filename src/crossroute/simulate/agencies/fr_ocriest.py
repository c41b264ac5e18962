"""France, OCRIEST: a Windows-1252, semicolon-separated person file with French headers and codes, and a file
of small-boat departures and interceptions on the northern beaches."""

from __future__ import annotations

import random
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
from crossroute.simulate.events import Crossing
from crossroute.simulate.noise import Style, phone_text
from crossroute.simulate.people import Person
from crossroute.simulate.translit import Transliterator

PERSONS = (
    "NUM_FICHE",
    "NOM",
    "PRENOM",
    "NOM_PERE",
    "DATE_NAISSANCE",
    "LIEU_NAISSANCE",
    "SEXE",
    "NATIONALITE",
    "NUM_DOCUMENT",
    "TELEPHONES",
    "COURRIEL",
    "PSEUDO_RESEAUX",
    "ADRESSE",
    "VILLE",
    "QUALITE",
    "CODE_DIFFUSION",
    "RESTRICTION",
    "COTATION",
    "DATE_SAISIE",
)
CROSSINGS = (
    "NUM_EVENEMENT",
    "DATE_EVENEMENT",
    "PLAGE",
    "COMMUNE",
    "TYPE_EVENEMENT",
    "NB_PERSONNES",
    "NUM_EMBARCATION",
    "EMBARCATION",
    "MOTEUR",
    "PILOTE",
    "PASSAGERS",
    "CODE_DIFFUSION",
    "COTATION",
)
QUALITE = Codes(
    {
        "suspect": ("mis en cause", "MIS EN CAUSE", "Mis en cause"),
        "convicted": ("condamné",),
        "contact": ("personne en contact", "entourage"),
        "potential_future_offender": ("auteur potentiel",),
        "victim": ("victime", "VICTIME"),
        "witness": ("témoin", "TEMOIN"),
    }
)
SEXE = Codes({"male": ("M", "M", "H"), "female": ("F",)})
EVENEMENT = Codes(
    {
        "intercepted": ("interception sur plage", "Interception plage"),
        "departed": ("départ constaté",),
        "aborted": ("tentative avortée", "retour à terre"),
        "rescued": ("sauvetage CROSS Gris-Nez",),
    }
)
OUTCOME = {
    "arrived": "departed",
    "rescued_uk": "departed",
    "intercepted": "intercepted",
    "aborted": "aborted",
    "rescued_fr": "rescued",
}
RESTRICTIONS = (
    "Ne pas diffuser sans accord de l'OCRIEST",
    "Pas d'usage judiciaire sans autorisation",
    "Diffusion restreinte aux services d'enquête",
)
DATE = "%d/%m/%Y"


def _handle(handle: str, rng: random.Random) -> str:
    """A handle as noted by an investigator: '@name' or the profile's address."""
    x = rng.random()
    if x < 0.5:
        return f"@{handle}"
    return f"https://www.tiktok.com/@{handle}" if x < 0.75 else f"https://www.facebook.com/{handle}"


def _french_boat(model: str) -> str:
    """'Schlauchboot 9 m' -> 'Bateau pneumatique 9 m'; 'Festrumpf-Schlauchboot 10 m' -> 'Semi-rigide 10 m'."""
    size = model.rsplit(" ", 2)[-2:]
    kind = "Semi-rigide" if model.startswith("Festrumpf") else "Bateau pneumatique"
    return f"{kind} {' '.join(size)}"


def style(translit: Transliterator) -> Style:
    return Style(
        translit, upper_family=0.92, swap=0.06, patronymic=0.04, jan1_migrant=0.12, address=0.7
    )


class FrOcriest(Desk):
    code = "FR-OCRIEST"
    region = "FR"

    def __init__(self, services: Services, translit: Transliterator) -> None:
        super().__init__(services, style(translit))
        options: dict[str, Any] = {"delimiter": ";", "encoding": "cp1252", "newline": "\r\n"}
        self.csv("personnes", "personnes.csv", PERSONS, self._person_mapping(), **options)
        self.csv("traversees", "traversees.csv", CROSSINGS, self._crossing_mapping(), **options)

    def person(self, person: Person, category: str, when: date | None) -> str:
        rng = self.rng
        seen = self.seen(person)
        record_id = self.ids.next("OCR-", 7)
        handling = self.siena()
        nationality = seen.nationality
        form = ("fr_f" if person.sex == "female" else "fr_m") if rng.random() < 0.7 else "fr"
        nationality_text = country_text(self.world, nationality, form)
        row = {
            "NUM_FICHE": record_id,
            "NOM": seen.family or seen.full,
            "PRENOM": seen.given,
            "NOM_PERE": seen.father if rng.random() < 0.2 else "",
            "DATE_NAISSANCE": date_text(seen.birth, DATE),
            "LIEU_NAISSANCE": (seen.birthplace or "").upper(),
            "SEXE": SEXE.write(seen.sex, rng) if seen.sex else "",
            "NATIONALITE": nationality_text.upper() if rng.random() < 0.5 else nationality_text,
            "NUM_DOCUMENT": seen.document,
            "TELEPHONES": " / ".join(phone_text(p, self.region, rng) for p in seen.phones),
            "COURRIEL": seen.email,
            "PSEUDO_RESEAUX": _handle(person.handle, rng)
            if person.handle and rng.random() < 0.7
            else "",
            "ADRESSE": seen.address,
            "VILLE": seen.city,
            "QUALITE": QUALITE.write(category, rng),
            "CODE_DIFFUSION": handling,
            "RESTRICTION": rng.choice(RESTRICTIONS) if handling == "H3" else "",
            "COTATION": self.europol_grade(),
            "DATE_SAISIE": date_text(self.collected(when), DATE),
        }
        self.emit("personnes", row, (record_id, person.id, "Person"))
        return record_id

    def crossing(self, crossing: Crossing) -> None:
        if crossing.arrived and self.rng.random() < 0.65:
            return
        rng = self.rng
        record_id = self.ids.next("TRAV-", 6)
        boat_id = self.ids.next("EMB-", 6)
        boat = crossing.boat
        participants = [r for r in (self.ref(p) for p in crossing.passengers) if r]
        row = {
            "NUM_EVENEMENT": record_id,
            "DATE_EVENEMENT": crossing.day.strftime(DATE),
            "PLAGE": crossing.beach,
            "COMMUNE": crossing.commune,
            "TYPE_EVENEMENT": EVENEMENT.write(OUTCOME[crossing.outcome], rng),
            "NB_PERSONNES": str(len(crossing.passengers) + 1),
            "NUM_EMBARCATION": boat_id,
            "EMBARCATION": _french_boat(boat.model),
            "MOTEUR": boat.engine.replace("PS", "CV")
            + (f" n° {boat.serial}" if rng.random() < 0.5 else ""),
            "PILOTE": self.ref(crossing.pilot),
            "PASSAGERS": "|".join(participants),
            "CODE_DIFFUSION": self.siena(),
            "COTATION": self.europol_grade(),
        }
        self.emit(
            "traversees", row, (record_id, crossing.id, "Crossing"), (boat_id, boat.id, "Vessel")
        )

    def _provenance(self) -> dict[str, Any]:
        return {
            "handling": {"column": "CODE_DIFFUSION", "template": "SIENA:{}"},
            "grading": {"column": "COTATION", "template": "EUROPOL:{}"},
        }

    def _person_mapping(self) -> dict[str, Any]:
        return {
            "agency": self.code,
            "region": "FR",
            "dataset": "fichier-passeurs-manche",
            "read": {"format": "csv", "delimiter": ";", "encoding": "cp1252"},
            "defaults": {"fact_or_assessment": "fact", "review_years": 3},
            "entities": [
                {
                    "key": "person",
                    "schema": "Person",
                    "id": {"column": "NUM_FICHE", "required": True},
                    "properties": {
                        "lastName": {"column": "NOM"},
                        "firstName": {"column": "PRENOM"},
                        "fatherName": {"column": "NOM_PERE"},
                        "birthDate": {"column": "DATE_NAISSANCE", "format": DATE},
                        "birthPlace": {"column": "LIEU_NAISSANCE"},
                        "gender": {"column": "SEXE", "values": SEXE.values()},
                        "nationality": {
                            "column": "NATIONALITE",
                            "values": country_values(self.world, ("fr", "fr_m", "fr_f")),
                        },
                        "passportNumber": {"column": "NUM_DOCUMENT"},
                        "phone": {"column": "TELEPHONES", "split": "/"},
                        "email": {"column": "COURRIEL"},
                        "socialHandle": {"column": "PSEUDO_RESEAUX"},
                        "address": {"column": "ADRESSE"},
                        "city": {"column": "VILLE"},
                    },
                    "provenance": {
                        **self._provenance(),
                        "handling_note": {"column": "RESTRICTION"},
                        "subject_category": {"column": "QUALITE", "values": QUALITE.values()},
                        "collected_on": {"column": "DATE_SAISIE", "format": DATE},
                        "source_ref": {"column": "NUM_FICHE"},
                    },
                }
            ],
        }

    def _crossing_mapping(self) -> dict[str, Any]:
        return {
            "agency": self.code,
            "region": "FR",
            "dataset": "traversees-manche",
            "read": {"format": "csv", "delimiter": ";", "encoding": "cp1252"},
            "defaults": {"fact_or_assessment": "fact", "review_years": 3},
            "entities": [
                {
                    "key": "crossing",
                    "schema": "Crossing",
                    "id": {"column": "NUM_EVENEMENT", "required": True},
                    "properties": {
                        "date": {"column": "DATE_EVENEMENT", "format": DATE},
                        "departurePlace": {"columns": ["PLAGE", "COMMUNE"], "join": ", "},
                        "outcome": {"column": "TYPE_EVENEMENT", "values": EVENEMENT.values()},
                        "peopleCount": {"column": "NB_PERSONNES"},
                        "vessel": {"entity": "boat"},
                        "pilot": {"column": "PILOTE"},
                        "participant": {"column": "PASSAGERS", "split": "|"},
                    },
                    "provenance": self._provenance(),
                },
                {
                    "key": "boat",
                    "schema": "Vessel",
                    "id": {"column": "NUM_EMBARCATION"},
                    "properties": {
                        "name": {"column": "EMBARCATION"},
                        "type": {"literal": "small boat"},
                        "engine": {"column": "MOTEUR"},
                    },
                    "provenance": self._provenance(),
                },
            ],
        }
