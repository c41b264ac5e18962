"""UK National Crime Agency: the canonical person CSV (3x5x2 grading and handling) and canonical records JSONL
(small-boat arrivals, arrests, hawala payments, call data)."""

from __future__ import annotations

from datetime import date
from typing import Any

from crossroute.model.person_csv import PERSON_COLUMNS
from crossroute.simulate.agencies.base import (
    UK_GRADES,
    Desk,
    Services,
    arrest_properties,
    country_text,
)
from crossroute.simulate.events import Arrest, Call, Crossing, Payment
from crossroute.simulate.noise import Style, phone_text
from crossroute.simulate.people import Person
from crossroute.simulate.translit import Transliterator, pick

PROVENANCE = ("handling", "grading", "subject_category")
# Share of dates written day/month/year rather than ISO (UK practice; both are canonical).
DMY_SHARE = 0.25


def style(translit: Transliterator) -> Style:
    return Style(translit, upper_family=0.3, swap=0.05, jan1_migrant=0.15, phone=0.8)


class UkNca(Desk):
    code = "UK-NCA"
    region = "GB"

    def __init__(self, services: Services, translit: Transliterator) -> None:
        super().__init__(services, style(translit))
        self.csv("persons", "persons.csv", PERSON_COLUMNS + PROVENANCE, None)
        self.jsonl("records", "records.jsonl")

    def person(self, person: Person, category: str, when: date | None) -> str:
        rng = self.rng
        seen = self.seen(person)
        record_id = self.ids.next("NCA-P-", 7)
        full = seen.full or (f"{seen.given} {seen.family}".strip() if rng.random() < 0.6 else "")
        english = rng.random() < 0.5
        born = seen.birth
        row = {
            "record_id": record_id,
            "source": self.code,
            "full_name": full,
            "given_name": seen.given,
            "family_name": seen.family,
            "date_of_birth": (
                born.strftime("%d/%m/%Y") if rng.random() < DMY_SHARE else born.isoformat()
            )
            if born
            else "",
            "sex": seen.sex or "",
            "nationality": country_text(self.world, seen.nationality, "en")
            if english
            else seen.nationality,
            "place_of_birth": seen.birthplace,
            "document_number": seen.document,
            "phone": phone_text(seen.phones[0], self.region, rng) if seen.phones else "",
            "email": seen.email,
            "address": seen.address,
            "city": seen.city,
            "country": country_text(self.world, seen.country, "en") if english else seen.country,
            "handling": "P" if rng.random() < 0.85 else "C",
            "grading": pick(rng, UK_GRADES),
            "subject_category": category,
        }
        self.emit("persons", row, (record_id, person.id, "Person"))
        return record_id

    def _record(
        self, prefix: str, schema: str, entity_id: str, properties: dict[str, list[str]]
    ) -> None:
        record_id = self.ids.next(prefix, 7)
        row: dict[str, Any] = {
            "record_id": record_id,
            "source": self.code,
            "schema": schema,
            "properties": {k: v for k, v in properties.items() if v},
            "handling": "P" if self.rng.random() < 0.8 else "C",
            "grading": pick(self.rng, UK_GRADES),
        }
        self.emit("records", row, (record_id, entity_id, schema))

    def crossing(self, crossing: Crossing) -> None:
        if not crossing.arrived:
            return
        participants = [r for r in (self.ref(p) for p in crossing.passengers) if r]
        self._record(
            "NCA-X-",
            "Crossing",
            crossing.id,
            {
                "date": [crossing.day.isoformat()],
                "arrivalPlace": [crossing.arrival],
                "peopleCount": [str(len(crossing.passengers) + 1)],
                "outcome": [
                    "landed"
                    if crossing.outcome == "arrived"
                    else "intercepted at sea by Border Force"
                ],
                "pilot": _ids(self.ref(crossing.pilot)),
                "participant": participants,
            },
        )

    def arrest(self, arrest: Arrest) -> None:
        person_ref = self.ref(arrest.person)
        if arrest.country != "GB" or person_ref is None:
            return
        self._record(
            "NCA-A-",
            "Arrest",
            arrest.id,
            arrest_properties(arrest, person_ref),
        )

    def payment(self, payment: Payment) -> None:
        if payment.currency != "GBP":
            return
        payer, beneficiary = self.ref(payment.payer), self.ref(payment.beneficiary)
        if payer is None and beneficiary is None:
            return
        self._record(
            "NCA-PAY-",
            "Payment",
            payment.id,
            {
                "date": [payment.day.isoformat()],
                "payer": _ids(payer),
                "beneficiary": _ids(beneficiary),
                "amount": [str(payment.amount)],
                "currency": [payment.currency],
                "method": [payment.method],
                "purpose": [payment.purpose],
            },
        )

    def call(self, call: Call) -> None:
        """Call data the NCA obtains: mostly calls involving a UK number."""
        rng = self.rng
        british = "GB" in (call.caller_phone.region, call.receiver_phone.region)
        if rng.random() > (0.8 if british else 0.25):
            return
        self._record(
            "NCA-C-",
            "Call",
            call.id,
            {
                "date": [call.day.isoformat()],
                "caller": _ids(self.ref(call.caller)),
                "receiver": _ids(self.ref(call.receiver)),
                "callerNumber": [phone_text(call.caller_phone, self.region, rng)],
                "receiverNumber": [phone_text(call.receiver_phone, self.region, rng)],
                "duration": [str(call.seconds)],
            },
        )


def _ids(record_id: str | None) -> list[str]:
    return [record_id] if record_id else []
