"""What every agency desk shares: its files and mappings, record ids, provenance codes and the event hooks the
scenario calls. A desk writes only what its agency would hold, in its own format and language."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from crossroute.simulate.events import (
    Arrest,
    Boat,
    Call,
    Crossing,
    Payment,
    Post,
    Seizure,
    Shipment,
    until_end,
)
from crossroute.simulate.network import Account, Company, Counter, Group, Vehicle
from crossroute.simulate.noise import Seen, Style, observe
from crossroute.simulate.people import Person
from crossroute.simulate.translit import pick
from crossroute.simulate.truth import Truth
from crossroute.simulate.world import World
from crossroute.simulate.writers import (
    CsvTable,
    JsonLinesTable,
    JsonListTable,
    Row,
    TableWriter,
    XlsxTable,
)

SIENA = (("H0", 0.1), ("H1", 0.3), ("H2", 0.5), ("H3", 0.1))
EUROPOL_GRADES = (
    ("A1", 0.05),
    ("A2", 0.1),
    ("B1", 0.1),
    ("B2", 0.35),
    ("B3", 0.15),
    ("C2", 0.1),
    ("C3", 0.1),
    ("X4", 0.05),
)
ADMIRALTY_GRADES = (
    ("A1", 0.05),
    ("B2", 0.35),
    ("B3", 0.15),
    ("C2", 0.15),
    ("C3", 0.15),
    ("D4", 0.05),
    ("E5", 0.05),
    ("F6", 0.05),
)
UK_GRADES = (
    ("1A", 0.1),
    ("1B", 0.1),
    ("2B", 0.35),
    ("2C", 0.15),
    ("3B", 0.1),
    ("3C", 0.1),
    ("2A", 0.05),
    ("3E", 0.05),
)
SCENARIO_START = date(2024, 1, 1)


@dataclass(frozen=True)
class FileSpec:
    """One file an agency hands over, and the mapping that reads it (None for canonical formats)."""

    path: str
    agency: str
    mapping: str | None


@dataclass
class Services:
    """What the desks share: the output folder, the world, the random source and the truth log."""

    out: Path
    world: World
    rng: random.Random
    truth: Truth
    xlsx: bool = True


@dataclass
class Table:
    """An open file of a desk with the FileSpec it is listed under."""

    spec: FileSpec
    writer: TableWriter
    records: int = 0


class Desk:
    """Base of the agency desks: the hooks are no-ops unless the agency records that kind of event."""

    code = ""
    region: str | None = None

    def __init__(self, services: Services, style: Style) -> None:
        self.services = services
        self.world = services.world
        self.rng = services.rng
        self.truth = services.truth
        self.style = style
        self.ids = Counter()
        self.folder = services.out / "agencies" / self.code
        self.folder.mkdir(parents=True, exist_ok=True)
        self.tables: dict[str, Table] = {}
        self.mappings: dict[str, Mapping[str, Any]] = {}
        self.person_records = 0

    # files ---------------------------------------------------------------------------------------------------

    def _register(
        self, key: str, name: str, writer: TableWriter, mapping: Mapping[str, Any] | None
    ) -> None:
        mapping_path = None
        if mapping is not None:
            mapping_path = f"mappings/{self.code.lower()}-{key}.yaml"
            self.mappings[mapping_path] = mapping
        self.tables[key] = Table(
            FileSpec(f"agencies/{self.code}/{name}", self.code, mapping_path), writer
        )

    def csv(
        self,
        key: str,
        name: str,
        columns: tuple[str, ...],
        mapping: Mapping[str, Any] | None,
        *,
        delimiter: str = ",",
        encoding: str = "utf-8",
        newline: str = "\n",
    ) -> None:
        writer = CsvTable(
            self.folder / name, columns, delimiter=delimiter, encoding=encoding, newline=newline
        )
        self._register(key, name, writer, mapping)

    def jsonl(self, key: str, name: str) -> None:
        self._register(key, name, JsonLinesTable(self.folder / name), None)

    def json_list(self, key: str, name: str, list_path: str, mapping: Mapping[str, Any]) -> None:
        self._register(key, name, JsonListTable(self.folder / name, list_path), mapping)

    def sheet(
        self, key: str, name: str, columns: tuple[str, ...], sheet: str, mapping: Mapping[str, Any]
    ) -> None:
        """An XLSX file, or a CSV file of the same columns when the scale asks for speed."""
        if self.services.xlsx:
            self._register(
                key,
                f"{name}.xlsx",
                XlsxTable(self.folder / f"{name}.xlsx", columns, sheet),
                mapping,
            )
            return
        plain = {**mapping, "read": {"format": "csv", "delimiter": ",", "encoding": "utf-8"}}
        self._register(key, f"{name}.csv", CsvTable(self.folder / f"{name}.csv", columns), plain)

    def emit(self, key: str, row: Row, *records: tuple[str, str, str]) -> None:
        """Write one row; `records` are the (record id, true entity id, schema) the row yields."""
        table = self.tables[key]
        table.writer.write(row)
        for record_id, entity_id, schema in records:
            self.truth.record(self.code, record_id, entity_id, schema)
            table.records += 1
            if schema == "Person":
                self.person_records += 1

    def files(self) -> list[FileSpec]:
        return [t.spec for t in self.tables.values()]

    def close(self) -> None:
        for table in self.tables.values():
            table.writer.close()

    # helpers -------------------------------------------------------------------------------------------------

    def ref(self, person: Person | None) -> str | None:
        """A record id this agency holds for a person (of the same source), if any."""
        if person is None:
            return None
        ids = person.records.get(self.code)
        return self.rng.choice(ids) if ids else None

    def seen(self, person: Person, where: str | None = None) -> Seen:
        return observe(person, self.style, self.rng, where or self.region)

    def collected(self, around: date | None = None) -> date:
        """The day a record was entered: shortly after the event, or some day of the scenario."""
        if around is not None:
            return until_end(around + timedelta(days=self.rng.randint(0, 20)))
        return SCENARIO_START + timedelta(days=self.rng.randint(0, 720))

    def siena(self) -> str:
        return pick(self.rng, SIENA)

    def europol_grade(self) -> str:
        return pick(self.rng, EUROPOL_GRADES)

    # hooks ---------------------------------------------------------------------------------------------------

    def person(self, person: Person, category: str, when: date | None) -> str:
        """Record a person; returns the record id."""
        raise NotImplementedError

    def group(self, group: Group) -> None:
        """A group and its members' memberships (after the members have been recorded)."""

    def vehicle(self, vehicle: Vehicle) -> None: ...

    def account(self, account: Account) -> None: ...

    def company(self, company: Company) -> None: ...

    def boat(self, boat: Boat) -> None: ...

    def crossing(self, crossing: Crossing) -> None: ...

    def call(self, call: Call) -> None: ...

    def payment(self, payment: Payment) -> None: ...

    def arrest(self, arrest: Arrest) -> None: ...

    def shipment(self, shipment: Shipment) -> None: ...

    def seizure(self, seizure: Seizure) -> None: ...

    def post(self, post: Post) -> None: ...

    def staff(self, person: Person) -> None:
        """A member of port staff (person.job says job and employer) in a register of screened staff."""


@dataclass
class Codes:
    """A code list of an agency: written codes per meaning, and the mapping's `values` map back."""

    table: Mapping[str, tuple[str, ...]]
    extra: dict[str, str] = field(default_factory=dict)

    def write(self, meaning: str, rng: random.Random) -> str:
        return rng.choice(self.table[meaning])

    def values(self) -> dict[str, str]:
        out = {code.casefold(): meaning for meaning, codes in self.table.items() for code in codes}
        out.update(self.extra)
        return out


def arrest_properties(arrest: Arrest, person_ref: str) -> dict[str, list[str]]:
    """An Arrest record's properties as the canonical records JSONL carries them."""
    return {
        "date": [arrest.day.isoformat()],
        "place": [arrest.place],
        "person": [person_ref],
        "charge": [arrest.charge],
        "operation": [arrest.operation],
    }


def date_text(day: date | None, fmt: str) -> str:
    """A date in a strftime format (None as empty)."""
    return day.strftime(fmt) if day else ""


def country_text(world: World, code: str | None, form: str) -> str:
    """A country as written in one form ('en', 'fr_f', 'de_adj', ...); ISO codes for countries not listed."""
    if not code:
        return ""
    country = world.countries.get(code)
    return country.names.get(form, code) if country else code


def country_values(world: World, forms: tuple[str, ...]) -> dict[str, str]:
    """The `values` map of a mapping that reads countries written in `forms` back to ISO codes."""
    out: dict[str, str] = {}
    for code, country in world.countries.items():
        for form in forms:
            name = country.names.get(form)
            if name:
                out[name.casefold()] = code
    return dict(sorted(out.items()))
