"""No path reaches personal data without the gate: every module that reads the records tables is named
here, with why it may; a new reader fails this test until it goes through `crossroute.sharing.gate`."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "crossroute"
READS = re.compile(
    r"""\b(?:from|join)\s+(?:main\.)?(?:records|persons)\b|\.(?:table|sql)\(\s*["'](?:records|persons)["']""",
    re.IGNORECASE,
)
ALLOWED = {
    "ingest/loader.py": "the ingest writer: duplicate ids against earlier batches",
    "ingest/originals.py": "ingest: a record's row read back from the supplied file (provenance)",
    "resolve/features.py": "resolution pipeline: person features",
    "resolve/identifiers.py": "resolution pipeline: identifier nodes",
    "resolve/runner.py": "resolution pipeline: the run itself",
    "resolve/decisions.py": "resolution: checks that a decided record exists (no data returned)",
    "resolve/explain.py": "resolution: explanations; its one face, `crossroute explain`, passes the gate",
    "store/stats.py": "counts per agency and schema, no personal data",
    "sharing/records.py": "the gate's own reads",
    "sharing/index.py": "the gate's search keys",
    "sharing/dpo.py": "DPO review-date report (role-checked, logged)",
    "sharing/erasure.py": "DPO erasure (role-checked, logged)",
}
# Readers that exist but do not yet pass the gate: issue 5 does not hold for them until they do.
PENDING = {
    "analysis/network/entities.py": "network analysis reads records directly",
    "federation/encode.py": "federation encodes persons for hit/no-hit outside the gate",
}


def _readers() -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        if READS.search(path.read_text(encoding="utf-8")):
            found.add(path.relative_to(SRC).as_posix())
    return found


def test_only_the_gate_and_internal_pipelines_read_the_records_tables() -> None:
    unexpected = _readers() - set(ALLOWED) - set(PENDING)
    assert not unexpected, (
        f"{sorted(unexpected)} read records/persons directly: go through crossroute.sharing.gate "
        "(search/entity) so the policy applies and the read is logged"
    )


def test_the_lists_name_only_real_readers() -> None:
    readers = _readers()
    stale = {p for p in {*ALLOWED, *PENDING} if (SRC / p).exists() and p not in readers}
    assert not stale, f"no longer read records: remove {sorted(stale)} from the lists"


def test_the_scan_sees_the_shapes_it_must() -> None:
    for sql in (
        "SELECT * FROM records",
        "select x from main.persons p",
        "JOIN records r",
        'db.table("records")',
    ):
        assert READS.search(sql), sql
    assert not READS.search("SELECT * FROM records_archive")


def test_faces_of_the_explanation_pass_the_gate() -> None:
    for path in (SRC / "cli").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "resolve.explain import" in text and "import explain" in text.replace(",", " "):
            assert "gated_explanation" in text, path
