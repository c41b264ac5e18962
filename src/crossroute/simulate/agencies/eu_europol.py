"""Europol (EMSC and the drugs analysis projects): canonical records JSONL of persons, groups, memberships,
arrests on action days and cocaine seizures in Rotterdam; SIENA handling, Europol 4x4 grading. One record in
ten of a person whose names have an Arabic-script original gives that original, as partner reports do."""

from __future__ import annotations

from datetime import date
from typing import Any

from crossroute.simulate.agencies.base import Desk, Services, arrest_properties
from crossroute.simulate.events import Arrest, Post, Seizure
from crossroute.simulate.network import Group
from crossroute.simulate.noise import Style, phone_text
from crossroute.simulate.people import Person
from crossroute.simulate.translit import Transliterator

ROLE_NAMES = {
    "organiser": "organiser",
    "recruiter": "recruiter",
    "driver": "driver",
    "boat_supplier": "logistics (boats)",
    "money_handler": "money launderer (hawala)",
    "document_forger": "document fraud",
    "port_insider": "port insider",
    "pilot": "boat pilot",
    "courier": "courier",
}


def style(translit: Transliterator) -> Style:
    return Style(
        translit,
        upper_family=0.1,
        swap=0.04,
        patronymic=0.08,
        script=0.1,
        jan1_migrant=0.05,
        document=0.85,
        phone=0.85,
    )


class EuEuropol(Desk):
    code = "EU-EUROPOL"
    region = None

    def __init__(self, services: Services, translit: Transliterator) -> None:
        super().__init__(services, style(translit))
        self.jsonl("entities", "entities.jsonl")
        self.group_ids: dict[str, str] = {}

    def _record(
        self,
        prefix: str,
        schema: str,
        entity_id: str,
        properties: dict[str, list[str]],
        **provenance: str,
    ) -> str:
        record_id = self.ids.next(prefix, 7)
        row: dict[str, Any] = {
            "record_id": record_id,
            "source": self.code,
            "schema": schema,
            "properties": {k: v for k, v in properties.items() if v},
            "handling": f"SIENA:{self.siena()}",
            "grading": self.europol_grade(),
            **provenance,
        }
        self.emit("entities", row, (record_id, entity_id, schema))
        return record_id

    def person(self, person: Person, category: str, when: date | None) -> str:
        rng = self.rng
        seen = self.seen(person)
        name = seen.full or f"{seen.given} {seen.family}".strip()
        properties = {
            "name": [name],
            "firstName": _one(seen.given),
            "lastName": _one(seen.family),
            "fatherName": _one(seen.father if rng.random() < 0.3 else ""),
            "birthDate": _one(seen.birth.isoformat() if seen.birth else ""),
            "birthPlace": _one(seen.birthplace or ""),
            "gender": _one(seen.sex or ""),
            "nationality": _one(seen.nationality or ""),
            "passportNumber": _one(seen.document or ""),
            "phone": [phone_text(p, None, rng) for p in seen.phones],
            "email": _one(seen.email or ""),
            "role": _one(ROLE_NAMES.get(person.role, "")),
            "socialHandle": _one(
                f"@{person.handle}" if person.handle and rng.random() < 0.8 else ""
            ),
        }
        if seen.script and rng.random() < 0.5:
            properties["alias"] = [f"{person.given} {person.family}"]
        return self._record("EU-P-", "Person", person.id, properties, subject_category=category)

    def group(self, group: Group) -> None:
        org = self._record(
            "EU-O-",
            "Organization",
            group.id,
            {
                "name": [group.name],
                "country": [group.archetype.base_country],
                "sector": [
                    "migrant smuggling" if group.kind == "smuggling" else "drug trafficking"
                ],
            },
        )
        self.group_ids[group.id] = org
        for member in group.members:
            ref = self.ref(member)
            if ref:
                self._record(
                    "EU-M-",
                    "Membership",
                    f"{member.id}-{group.id}",
                    {
                        "member": [ref],
                        "organization": [org],
                        "role": _one(ROLE_NAMES.get(member.role, "")),
                    },
                )

    def arrest(self, arrest: Arrest) -> None:
        ref = self.ref(arrest.person)
        if ref is None or arrest.country == "GB":
            return
        self._record(
            "EU-A-",
            "Arrest",
            arrest.id,
            arrest_properties(arrest, ref),
        )

    def seizure(self, seizure: Seizure) -> None:
        shipment = seizure.shipment
        if shipment.destination_country != "NL":
            return
        box = self._record(
            "EU-K-",
            "Container",
            shipment.box.id,
            {
                "number": [shipment.box.number],
                "type": [shipment.box.type],
            },
        )
        ship = shipment.ship
        vessel = self._record(
            "EU-V-",
            "Vessel",
            ship.id,
            {
                "name": [ship.name],
                "imoNumber": [f"IMO {ship.imo}"],
                "flag": [ship.flag],
            },
        )
        suspects = [r for r in (self.ref(p) for p in seizure.suspects) if r]
        self._record(
            "EU-S-",
            "Seizure",
            seizure.id,
            {
                "date": [seizure.day.isoformat()],
                "place": [seizure.place],
                "goods": [seizure.goods],
                "quantity": [str(seizure.quantity)],
                "unit": [seizure.unit],
                "container": [box],
                "vessel": [vessel],
                "suspect": suspects,
            },
        )

    def post(self, post: Post) -> None:
        rng = self.rng
        self._record(
            "EU-W-",
            "Post",
            post.id,
            {
                "author": _one(self.ref(post.author) or ""),
                "handle": [post.handle if rng.random() < 0.5 else f"@{post.handle}"],
                "platform": [post.platform],
                "date": [post.day.isoformat()],
                "bodyText": [post.text],
                "language": [post.language],
                "price": [str(post.price)],
                "currency": [post.currency],
                "contact": _one(post.contact.e164 if post.contact else ""),
            },
        )


def _one(value: str) -> list[str]:
    return [value] if value else []
