"""The simulator's entry point: `simulate(out, seed=..., scale=...)`."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from crossroute.simulate.agencies import make_desks
from crossroute.simulate.agencies.base import Desk, Services
from crossroute.simulate.case_money import write_case_money
from crossroute.simulate.manifest import write_manifest, write_mapping, write_readme
from crossroute.simulate.scales import Scale, scale_config
from crossroute.simulate.scenario import Scenario
from crossroute.simulate.summary import FileSummary, SimulationSummary
from crossroute.simulate.truth import Truth
from crossroute.simulate.world import load_world


def simulate(
    out: Path, *, seed: int, scale: Scale, progress: Callable[[str, int, int], None] | None = None
) -> SimulationSummary:
    """Write a scenario to `out`: each agency's files, their mappings, the manifest and the ground truth.

    The same seed and scale give byte-identical files. `progress(task, done, total)` is told how far each task
    ("network", "crossings", "shipments", "files") has got.
    """
    config = scale_config(scale)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"crossroute:{seed}:{scale}")
    truth = Truth(out / "truth")
    services = Services(out, load_world(), rng, truth, xlsx=config.xlsx)
    desks = make_desks(services)
    scenario = Scenario(config, services.world, rng, truth, desks, progress or _quiet)
    try:
        groups = scenario.run()
    finally:
        _close(desks, truth, progress or _quiet)
    money_files = write_case_money(out, seed, scale, groups)
    summary = SimulationSummary(
        out=str(out),
        seed=seed,
        scale=scale,
        files=(*_file_summaries(desks), *money_files),
        person_records={d.code: d.person_records for d in desks},
        true_persons=truth.person_count,
        groups=len(groups),
        crossings=scenario.crossings,
        shipments=scenario.shipments,
    )
    for desk in desks:
        for path, mapping in desk.mappings.items():
            write_mapping(out / path, mapping)
    write_manifest(out, summary)
    write_readme(out, summary)
    return summary


def _quiet(task: str, done: int, total: int) -> None:
    """No progress report."""


def _close(desks: list[Desk], truth: Truth, progress: Callable[[str, int, int], None]) -> None:
    for i, desk in enumerate(desks):
        desk.close()
        progress("files", i + 1, len(desks))
    truth.close()


def _file_summaries(desks: list[Desk]) -> list[FileSummary]:
    return [
        FileSummary(t.spec.path, t.spec.agency, t.spec.mapping, t.writer.rows, t.records)
        for desk in desks
        for t in desk.tables.values()
    ]
