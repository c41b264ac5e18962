"""Who each agency sees: partial, overlapping views of the same people, with duplicates within one agency."""

from __future__ import annotations

import random
from collections.abc import Mapping

from crossroute.simulate.events import Crossing
from crossroute.simulate.network import residence
from crossroute.simulate.people import Person

UK, FR, DE, BE, AL, EU, CUSTOMS = (
    "UK-NCA",
    "FR-OCRIEST",
    "DE-BKA",
    "BE-FJP",
    "AL-ASP",
    "EU-EUROPOL",
    "BE-CUSTOMS",
)
AGENCIES = (UK, FR, DE, BE, AL, EU, CUSTOMS)
HOME = {UK: "GB", FR: "FR", DE: "DE", BE: "BE", AL: "AL", CUSTOMS: "BE"}

# Chance that an agency holds a record of a group member, by role (before the home-country bonus).
ROLE_VIEWS: dict[str, Mapping[str, float]] = {
    "organiser": {UK: 0.35, FR: 0.4, DE: 0.3, BE: 0.3, EU: 0.85},
    "recruiter": {UK: 0.15, FR: 0.85, DE: 0.15, BE: 0.2, EU: 0.4},
    "driver": {UK: 0.1, FR: 0.6, DE: 0.7, BE: 0.3, EU: 0.3},
    "boat_supplier": {UK: 0.05, FR: 0.3, DE: 0.85, BE: 0.15, EU: 0.5},
    "money_handler": {UK: 0.3, FR: 0.1, DE: 0.2, BE: 0.4, EU: 0.5},
    "document_forger": {UK: 0.2, FR: 0.2, DE: 0.1, BE: 0.1, EU: 0.6},
    "port_insider": {BE: 0.5, EU: 0.6, CUSTOMS: 0.6, DE: 0.05},
    "pilot": {UK: 0.7, FR: 0.6, EU: 0.3, BE: 0.05},
    "courier": {UK: 0.35, FR: 0.3, DE: 0.25, BE: 0.45, EU: 0.3},
}
# Members of cocaine groups are known to the port, the Belgian police and Europol rather than to the
# Channel investigators.
DRUG_VIEWS: dict[str, Mapping[str, float]] = {
    "organiser": {UK: 0.15, FR: 0.1, DE: 0.1, BE: 0.5, EU: 0.85},
    "recruiter": {BE: 0.4, EU: 0.3, CUSTOMS: 0.1},
    "driver": {FR: 0.05, DE: 0.2, BE: 0.45, EU: 0.3},
    "money_handler": {UK: 0.3, DE: 0.2, BE: 0.5, EU: 0.5},
    "document_forger": {BE: 0.1, EU: 0.5},
    "port_insider": {BE: 0.5, EU: 0.6, CUSTOMS: 0.6},
    "courier": {UK: 0.25, FR: 0.1, DE: 0.15, BE: 0.5, EU: 0.35, CUSTOMS: 0.1},
}
HOME_BONUS = 0.35
CRIMINAL_CATEGORIES = (
    ("suspect", 0.7),
    ("convicted", 0.1),
    ("contact", 0.12),
    ("potential_future_offender", 0.08),
)
MIGRANT_CATEGORIES = (("victim", 0.35), ("witness", 0.35), ("contact", 0.3))
DUPLICATE = {UK: 0.04, FR: 0.06, DE: 0.04, BE: 0.03, AL: 0.05, EU: 0.03, CUSTOMS: 0.02}
DUPLICATE_CRIMINAL = 0.1


def _pick(rng: random.Random, choices: tuple[tuple[str, float], ...]) -> str:
    x = rng.random()
    for value, weight in choices:
        x -= weight
        if x < 0:
            return value
    return choices[-1][0]


def category(person: Person, rng: random.Random) -> str:
    """The data-subject category an agency files a person under."""
    if person.migrant and person.role == "pilot":
        return "suspect"
    return _pick(rng, MIGRANT_CATEGORIES if person.migrant else CRIMINAL_CATEGORIES)


def copies(agency: str, person: Person, rng: random.Random) -> int:
    """How many records of one sighting the agency keeps (a duplicate now and then)."""
    rate = DUPLICATE_CRIMINAL if not person.migrant else DUPLICATE[agency]
    return 2 if rng.random() < rate else 1


def member_views(person: Person, kind: str, rng: random.Random) -> list[str]:
    """The agencies holding records of a member of a group of `kind` (smuggling or drugs)."""
    views = (DRUG_VIEWS if kind == "drugs" else ROLE_VIEWS).get(person.role, {})
    home = residence(person)
    seen = []
    for agency in AGENCIES:
        p = views.get(agency, 0.0)
        if p and HOME.get(agency) == home:
            p = min(0.95, p + HOME_BONUS)
        if agency == AL and person.nationality == "AL":
            p = 0.85
        if rng.random() < p:
            seen.append(agency)
    return seen


def migrant_views(person: Person, crossing: Crossing, rng: random.Random) -> list[str]:
    """The agencies recording a migrant on (or on the way to) one crossing."""
    journey = crossing.journeys[person.id]
    odds = {
        FR: 0.15 if crossing.arrived else 0.75,
        UK: 0.6 if crossing.arrived else 0.0,
        DE: 0.35 if journey.via_de and journey.attempts == 0 else 0.0,
        BE: 0.4 if journey.via_be and journey.attempts == 0 else 0.0,
        AL: (0.7 if person.nationality == "AL" else 0.02 if journey.via_de else 0.0)
        if journey.attempts == 0
        else 0,
        EU: 0.06 if journey.attempts == 0 else 0.0,
    }
    if person.role == "pilot":
        odds[UK] = 0.9 if crossing.arrived else 0.0
        odds[FR] = max(odds[FR], 0.5)
    return [agency for agency in AGENCIES if rng.random() < odds.get(agency, 0.0)]
