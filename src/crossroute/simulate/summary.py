"""What a simulation wrote: files with their record counts, per agency and in total."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FileSummary:
    """One agency file: where it is, whose it is, the mapping that reads it, its rows and the records they yield."""

    path: str
    agency: str
    mapping: str | None
    rows: int
    records: int


@dataclass(frozen=True)
class SimulationSummary:
    """Counts of a simulation run, for the CLI to print and tests to check."""

    out: str
    seed: int
    scale: str
    files: tuple[FileSummary, ...]
    person_records: dict[str, int] = field(default_factory=dict)  # agency -> person records
    true_persons: int = 0
    groups: int = 0
    crossings: int = 0
    shipments: int = 0

    @property
    def total_person_records(self) -> int:
        return sum(self.person_records.values())

    @property
    def total_records(self) -> int:
        return sum(f.records for f in self.files)

    @property
    def records_per_agency(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.agency] = out.get(f.agency, 0) + f.records
        return out
