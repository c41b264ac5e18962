"""Workspaces with records of known provenance (loaded through the real ingest), users and cases."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from crossroute.ingest.loader import ingest_file
from crossroute.model.person_csv import PERSON_COLUMNS
from crossroute.sharing.users import FIRST_ADMIN, Role, _insert, add_user
from crossroute.store import Workspace

EXTRA = ("handling", "grading", "subject_category", "review_date")
ADMIN_PASSWORD = "correct horse battery staple"


@dataclass
class Person:
    record_id: str
    source: str
    name: str
    birth: str = "1988-03-14"
    phone: str = ""
    handling: str = "H0"
    grading: str = "B2"
    category: str = "suspect"
    review: str = "2030-01-01"
    document: str = ""

    def row(self) -> list[str]:
        values = dict.fromkeys(PERSON_COLUMNS, "")
        values.update(
            record_id=self.record_id,
            source=self.source,
            full_name=self.name,
            date_of_birth=self.birth,
            phone=self.phone,
            document_number=self.document,
        )
        return [values[c] for c in PERSON_COLUMNS] + [
            self.handling,
            self.grading,
            self.category,
            self.review,
        ]


def load(workspace: Workspace, people: Sequence[Person], folder: Path, name: str = "p.csv") -> None:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*PERSON_COLUMNS, *EXTRA])
        writer.writerows(p.row() for p in people)
    report = ingest_file(workspace, path)
    assert report.quarantined == 0, report


def users(workspace: Workspace, *specs: tuple[str, str, Role]) -> None:
    """Accounts without passwords, made by a first administrator `root` whose password is not set
    either (argon2 takes a second of CPU: tests of passwords make their own)."""
    boss = _insert(workspace, "root", "UK-NCA", Role.ADMINISTRATOR, None, FIRST_ADMIN)
    for name, agency, role in specs:
        add_user(workspace, boss, name, agency, role)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.create(tmp_path / "ws")
    yield workspace
    workspace.close()


def cli(
    *args: str | Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `crossroute ARGS` in a subprocess; never raises on a non-zero exit."""
    return subprocess.run(
        [sys.executable, "-m", "crossroute", *map(str, args)],
        capture_output=True,
        text=True,
        input=stdin,
        env={"COLUMNS": "200", "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        | (env or {}),
    )
