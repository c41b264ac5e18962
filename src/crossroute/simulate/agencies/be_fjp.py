"""Belgium, Federal Judicial Police: JSON exports with Dutch field names: persons (with a nested address),
bank accounts of money handlers, and the payments through them (hawala settlements, cash deposits)."""

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
from crossroute.simulate.events import Payment
from crossroute.simulate.network import Account
from crossroute.simulate.noise import Style, phone_text
from crossroute.simulate.people import Person
from crossroute.simulate.translit import Transliterator

HOEDANIGHEID = Codes(
    {
        "suspect": ("verdachte",),
        "convicted": ("veroordeelde",),
        "contact": ("contactpersoon",),
        "potential_future_offender": ("potentiële dader",),
        "victim": ("slachtoffer",),
        "witness": ("getuige",),
    }
)
GESLACHT = Codes({"male": ("M",), "female": ("V",)})
METHODE = {"hawala": "hawala", "cash deposit": "contante storting", "transfer": "overschrijving"}
DATES = ("%d/%m/%Y", "%Y-%m-%d")


def style(translit: Transliterator) -> Style:
    return Style(translit, upper_family=0.15, swap=0.05, jan1_migrant=0.08, address=0.6)


class BeFjp(Desk):
    code = "BE-FJP"
    region = "BE"

    def __init__(self, services: Services, translit: Transliterator) -> None:
        super().__init__(services, style(translit))
        self.json_list("personen", "personen.json", "export.personen", self._person_mapping())
        self.json_list(
            "rekeningen", "rekeningen.json", "export.rekeningen", self._account_mapping()
        )
        self.json_list(
            "transacties", "transacties.json", "export.transacties", self._payment_mapping()
        )
        self.account_ids: dict[str, str] = {}

    def _date(self, day: date | None) -> str:
        return date_text(day, DATES[0] if self.rng.random() < 0.7 else DATES[1])

    def person(self, person: Person, category: str, when: date | None) -> str:
        rng = self.rng
        seen = self.seen(person)
        record_id = self.ids.next("FGP-P-", 7)
        row = {
            "dossiernummer": record_id,
            "achternaam": seen.family or seen.full,
            "voornaam": seen.given,
            "geboortedatum": self._date(seen.birth),
            "geboorteplaats": seen.birthplace,
            "geslacht": GESLACHT.write(seen.sex, rng) if seen.sex else "",
            "nationaliteit": country_text(self.world, seen.nationality, "nl"),
            "paspoortnummer": seen.document,
            "telefoon": [phone_text(p, self.region, rng) for p in seen.phones],
            "email": seen.email,
            "adres": {
                "straat": seen.address,
                "gemeente": seen.city,
                "land": country_text(self.world, seen.country, "nl"),
            },
            "hoedanigheid": HOEDANIGHEID.write(category, rng),
            "behandelingscode": self.siena(),
            "beoordeling": self.europol_grade(),
            "registratiedatum": self._date(self.collected(when)),
        }
        self.emit("personen", row, (record_id, person.id, "Person"))
        return record_id

    def account(self, account: Account) -> None:
        holder = self.ref(account.holder)
        if holder is None:
            return
        record_id = self.ids.next("FGP-R-", 6)
        number = account.iban
        printed = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        row = {
            "rekening_id": record_id,
            "iban": printed if self.rng.random() < 0.5 else number,
            "bank": account.bank,
            "titularis": holder,
        }
        self.account_ids[account.id] = record_id
        self.emit("rekeningen", row, (record_id, account.id, "BankAccount"))

    def _account_ref(self, account: Account | None) -> str | None:
        return self.account_ids.get(account.id) if account else None

    def payment(self, payment: Payment) -> None:
        source, target = (
            self._account_ref(payment.payer_account),
            self._account_ref(payment.beneficiary_account),
        )
        payer, beneficiary = self.ref(payment.payer), self.ref(payment.beneficiary)
        # no account on either side: kept only for cash handed to port staff (a bribe) with both known
        handed = (
            payer and beneficiary and payment.beneficiary is not None and payment.beneficiary.job
        )
        if not (source or target or handed):
            return
        record_id = self.ids.next("FGP-T-", 7)
        row = {
            "transactie_id": record_id,
            "datum": self._date(payment.day),
            "bedrag": _amount(payment.amount, self.rng),
            "munt": payment.currency,
            "van_rekening": source,
            "naar_rekening": target,
            "opdrachtgever": payer,
            "begunstigde": beneficiary,
            "methode": METHODE.get(payment.method, payment.method),
            "omschrijving": payment.purpose,
        }
        self.emit("transacties", row, (record_id, payment.id, "Payment"))

    def _base(self, dataset: str, path: str) -> dict[str, Any]:
        return {
            "agency": self.code,
            "region": "BE",
            "dataset": dataset,
            "read": {"format": "json", "path": path},
            "defaults": {
                "handling": "SIENA:H2",
                "grading": "EUROPOL:B2",
                "fact_or_assessment": "fact",
                "review_years": 5,
            },
        }

    def _person_mapping(self) -> dict[str, Any]:
        countries = country_values(self.world, ("nl",))
        return {
            **self._base("mensensmokkel-kanaal", "export.personen"),
            "entities": [
                {
                    "key": "person",
                    "schema": "Person",
                    "id": {"column": "dossiernummer", "required": True},
                    "properties": {
                        "lastName": {"column": "achternaam"},
                        "firstName": {"column": "voornaam"},
                        "birthDate": {"column": "geboortedatum", "format": list(DATES)},
                        "birthPlace": {"column": "geboorteplaats"},
                        "gender": {"column": "geslacht", "values": GESLACHT.values()},
                        "nationality": {"column": "nationaliteit", "values": countries},
                        "passportNumber": {"column": "paspoortnummer"},
                        "phone": {"column": "telefoon", "split": "|"},
                        "email": {"column": "email"},
                        "address": {"column": "adres.straat"},
                        "city": {"column": "adres.gemeente"},
                        "country": {"column": "adres.land", "values": countries},
                    },
                    "provenance": {
                        "handling": {"column": "behandelingscode", "template": "SIENA:{}"},
                        "grading": {"column": "beoordeling", "template": "EUROPOL:{}"},
                        "subject_category": {
                            "column": "hoedanigheid",
                            "values": HOEDANIGHEID.values(),
                        },
                        "collected_on": {"column": "registratiedatum", "format": list(DATES)},
                    },
                }
            ],
        }

    def _account_mapping(self) -> dict[str, Any]:
        return {
            **self._base("hawala-rekeningen", "export.rekeningen"),
            "entities": [
                {
                    "key": "account",
                    "schema": "BankAccount",
                    "id": {"column": "rekening_id", "required": True},
                    "properties": {
                        "iban": {"column": "iban"},
                        "bankName": {"column": "bank"},
                        "holder": {"column": "titularis"},
                    },
                }
            ],
        }

    def _payment_mapping(self) -> dict[str, Any]:
        return {
            **self._base("hawala-transacties", "export.transacties"),
            "entities": [
                {
                    "key": "payment",
                    "schema": "Payment",
                    "id": {"column": "transactie_id", "required": True},
                    "properties": {
                        "date": {"column": "datum", "format": list(DATES)},
                        "amount": {"column": "bedrag"},
                        "currency": {"column": "munt"},
                        "payerAccount": {"column": "van_rekening"},
                        "beneficiaryAccount": {"column": "naar_rekening"},
                        "payer": {"column": "opdrachtgever"},
                        "beneficiary": {"column": "begunstigde"},
                        "method": {"column": "methode"},
                        "purpose": {"column": "omschrijving"},
                    },
                }
            ],
        }


def _amount(value: int, rng: random.Random) -> str:
    """An amount the Belgian way ('5.400,00') or as the bank's export gives it ('5400.00')."""
    if rng.random() < 0.5:
        return f"{value}.00"
    return f"{value:,}".replace(",", ".") + ",00"
