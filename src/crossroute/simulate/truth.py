"""The ground truth, written as the scenario unfolds: every record's true entity, the true people, the groups
and the true links between them."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, Protocol

from crossroute.simulate.network import Group
from crossroute.simulate.people import Person


class Writer(Protocol):
    """A csv writer (its class is private to the csv module)."""

    def writerow(self, row: Iterable[Any], /) -> Any: ...


RECORDS = ("source", "record_id", "entity_id", "schema")
PERSONS = (
    "entity_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "group_id",
    "role",
    "is_migrant",
)
GROUPS = ("group_id", "name", "kind", "base_country", "routes")
LINKS = ("source_entity", "target_entity", "kind")


class Truth:
    """Streams truth/records.csv, persons.csv, groups.csv and links.csv."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._files: list[IO[str]] = []
        self._records = self._open(folder / "records.csv", RECORDS)
        self._persons = self._open(folder / "persons.csv", PERSONS)
        self._groups = self._open(folder / "groups.csv", GROUPS)
        self._links = self._open(folder / "links.csv", LINKS)
        self._pairs: set[tuple[str, str, str]] = set()
        self.record_count = 0
        self.person_count = 0

    def _open(self, path: Path, header: tuple[str, ...]) -> Writer:
        handle = path.open("w", encoding="utf-8", newline="")
        self._files.append(handle)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        return writer

    def record(self, source: str, record_id: str, entity_id: str, schema: str) -> None:
        self._records.writerow((source, record_id, entity_id, schema))
        self.record_count += 1

    def person(self, p: Person) -> None:
        given = f"{p.middle} {p.given}" if p.middle else p.given
        migrant = "true" if p.migrant else "false"
        self._persons.writerow(
            (
                p.id,
                given,
                p.family,
                p.birth.isoformat(),
                p.sex,
                p.nationality,
                p.group_id or "",
                p.role,
                migrant,
            )
        )
        self.person_count += 1

    def group(self, g: Group) -> None:
        a = g.archetype
        self._groups.writerow((g.id, g.name, a.kind, a.base_country, a.routes))

    def link(self, source: str, target: str, kind: str, *, once: bool = False) -> None:
        """A true link; with `once`, a repeated (source, target, kind) is written only the first time."""
        if once:
            key = (source, target, kind)
            if key in self._pairs:
                return
            self._pairs.add(key)
        self._links.writerow((source, target, kind))

    def close(self) -> None:
        for handle in self._files:
            handle.close()
