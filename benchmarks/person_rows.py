"""Canonical person rows for benchmarks: realistic mixes of scripts, formats and gaps (not the simulator's
ground truth: a separate, simple generator so the ingest benchmark does not depend on the scenario)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from crossroute.model.person_csv import PERSON_COLUMNS

HEADER = [*PERSON_COLUMNS, "handling", "grading", "subject_category"]
GIVEN = [
    "Mohammed",
    "Muhammad",
    "Karwan",
    "Hêmin",
    "Gëzim",
    "Arben",
    "Hossein",
    "Reza",
    "Ahmad",
    "Youssef",
    "Yusuf",
    "Abdulrahman",
    "Ali",
    "Dritan",
    "Ermal",
    "Nguyen",
    "Thanh",
    "Tesfay",
    "Omar",
    "Shwan",
    "محمد",
    "علی",
    "Rebin",
    "Ardit",
    "Besnik",
    "Hüseyin",
    "Çlirim",
    "Kawa",
    "Zana",
    "Mehmet",
]
FAMILY = [
    "Ahmed",
    "Hassan",
    "Al-Hassan",
    "Çela",
    "Hoxha",
    "Karimi",
    "Rahimi",
    "Hosseini",
    "Mustafa",
    "Aziz",
    "Osman",
    "Berisha",
    "Krasniqi",
    "Nguyen",
    "Tran",
    "Gebremedhin",
    "Kareem",
    "Rashid",
    "Salih",
    "Ibrahim",
    "Shehu",
    "Dervishi",
    "Qadir",
    "Hamid",
    "Yılmaz",
    "احمد",
    "Abdullah",
    "Faraj",
    "Jaf",
    "Barzani",
]
NATIONALITY = [
    "Iraq",
    "IRQ",
    "Albanie",
    "Albanian",
    "Iran",
    "AFG",
    "Syrie",
    "Eritrea",
    "Vietnam",
    "Sudan",
    "irakisch",
    "Shqipëri",
    "",
    "Turkey",
    "Kuwait",
]
AGENCIES = [
    ("UK-NCA", "GB", "P", "1A"),
    ("FR-OCRIEST", "FR", "H2", "B2"),
    ("DE-BKA", "DE", "H1", "B3"),
    ("BE-FJP", "BE", "H2", "C3"),
    ("AL-ASP", "AL", "H0", "B2"),
    ("EU-EUROPOL", "", "H3", "A1"),
]
MOBILE = {
    "GB": lambda r: f"07{r.randint(700, 999)} {r.randint(0, 999999):06d}",
    "FR": lambda r: (
        f"06 {r.randint(10, 99)} {r.randint(0, 99):02d} {r.randint(0, 99):02d} {r.randint(0, 99):02d}"
    ),
    "DE": lambda r: f"0151 {r.randint(10000000, 99999999)}",
    "BE": lambda r: f"0470 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
    "AL": lambda r: f"069 {r.randint(100, 999)} {r.randint(1000, 9999)}",
    "": lambda r: f"+964 750 {r.randint(100, 999)} {r.randint(1000, 9999)}",
}
CATEGORIES = ["suspect", "suspect", "contact", "victim", "witness", ""]


def write_rows(path: Path, count: int, seed: int = 1) -> None:
    """Write COUNT canonical person rows to PATH (about half the phones distinct, some shared)."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i in range(count):
            out.writerow(_row(rng, i))


def _row(rng: random.Random, i: int) -> list[str]:
    source, region, handling, grading = AGENCIES[i % len(AGENCIES)]
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    year, month, day = rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28)
    date = rng.choice(
        [
            f"{year}-{month:02d}-{day:02d}",
            f"{day:02d}/{month:02d}/{year}",
            f"{year}",
            "",
            f"{year}-01-01",
        ]
    )
    full = f"{given} {family.upper()}" if rng.random() < 0.5 else ""
    return [
        f"R{i}",
        source,
        full,
        given if not full else "",
        family if not full else "",
        date,
        rng.choice(["M", "F", "male", ""]),
        rng.choice(NATIONALITY),
        rng.choice(["", "Erbil", "Tirana", "Kabul"]),
        f"{rng.choice('ABCP')}{rng.randint(1000000, 9999999)}" if rng.random() < 0.4 else "",
        _phone(rng, region) if rng.random() < 0.6 else "",
        f"user{rng.randint(1, 10**6)}@example.com" if rng.random() < 0.1 else "",
        "",
        rng.choice(["", "Calais", "London", "Brussels", "Dunkerque"]),
        rng.choice(["", "FR", "GB", "BE"]),
        handling,
        grading,
        rng.choice(CATEGORIES),
    ]


def _phone(rng: random.Random, region: str) -> str:
    return MOBILE[region](rng)
