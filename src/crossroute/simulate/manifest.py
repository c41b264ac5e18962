"""The manifest (files in dependency order with their mappings), the mapping files and the README."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from crossroute.simulate.summary import SimulationSummary

README = """# Crossroute simulated scenario

A synthetic joint-taskforce case: {groups} organised crime groups along the Channel small-boat routes and the
cocaine route through Antwerp and Rotterdam, {crossings} small-boat crossings from the northern French beaches
in 2024-2025 and {shipments} container shipments from South America.

- seed: {seed}
- scale: {scale}
- true people: {persons}
- person records: {person_records} (all records: {records}) from {agencies} agencies

Each agency's files are in `agencies/<AGENCY>/`, in its own format and language; `mappings/` holds the YAML
mapping for every non-canonical layout and `manifest.yaml` lists the files in the order to load them.
`truth/` is the ground truth: `records.csv` names the true entity behind every record, `persons.csv`,
`groups.csv` and `links.csv` the true people, groups and links. Everything here is invented.
"""


def write_mapping(path: Path, mapping: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(dict(mapping), sort_keys=False, allow_unicode=True, width=120)
    path.write_text(text, encoding="utf-8")


def write_manifest(out: Path, summary: SimulationSummary) -> None:
    data = {
        "scenario": "crossroute-simulated",
        "seed": summary.seed,
        "scale": summary.scale,
        "files": [
            {
                "path": f.path,
                "agency": f.agency,
                "mapping": f.mapping,
                "rows": f.rows,
                "records": f.records,
            }
            for f in summary.files
        ],
    }
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)
    (out / "manifest.yaml").write_text(text, encoding="utf-8")


def write_readme(out: Path, summary: SimulationSummary) -> None:
    text = README.format(
        groups=summary.groups,
        crossings=summary.crossings,
        shipments=summary.shipments,
        seed=summary.seed,
        scale=summary.scale,
        persons=summary.true_persons,
        person_records=summary.total_person_records,
        records=summary.total_records,
        agencies=len(summary.person_records),
    )
    (out / "README.md").write_text(text, encoding="utf-8")
