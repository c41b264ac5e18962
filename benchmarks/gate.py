"""Gate benchmark: what the sharing gate (policy + one audit entry) adds to a typical entity look-up.

    uv run python benchmarks/gate.py [--records 100000] [--queries 300]

A workspace of canonical person rows (benchmarks/person_rows.py) is loaded through the real ingest and
grouped into entities of two records (standing in for a resolution, which is not what is measured here).
Each query (a person's name as written, or a phone as written) is answered twice, interleaved:
- look-up: parse the query, find the matching records, group them into entities, fetch them;
- gated: the same through `crossroute.sharing.gate.search`: the user and their cases, the policy on every
  record, one audit entry appended (hash chain + head anchor).
Between them, one audit entry of the same shape is appended alone, to show how much of the gate's cost
is the durable commit (a disk flush: it grows with the disk's load, not with the workspace).
Prints median and mean milliseconds per query and the overhead of the gate in percent.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from crossroute.ingest.loader import ingest_file
from crossroute.model.agencies import agency
from crossroute.sharing import audit, gate, index, records, require_purpose
from crossroute.sharing.audit import Action
from crossroute.sharing.query import parse_query
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace
from person_rows import write_rows

LIMIT = 50


def build(folder: Path, count: int) -> Workspace:
    csv_path = folder / "persons.csv"
    write_rows(csv_path, count)
    ws = Workspace.create(folder / "ws")
    started = time.perf_counter()
    ingest_file(ws, csv_path)
    ws.rows("INSERT INTO resolution_runs VALUES (1, 'bench', now(), now(), 0, 0, 0, 0.5, NULL)")
    ws.rows(
        "INSERT INTO clusters SELECT source, record_id, "
        "'P-' || ((row_number() OVER (ORDER BY source, record_id) - 1) // 2), 1 FROM records"
    )
    index.refresh(ws)
    admin = create_first_admin(ws, "root", "UK-NCA", "benchmark admin password")
    add_user(ws, admin, "ann", "UK-NCA", Role.ANALYST)
    print(
        f"workspace: {count:,} person records loaded and indexed in {time.perf_counter() - started:.1f} s"
    )
    return ws


def queries(ws: Workspace, count: int) -> list[str]:
    rng = random.Random(7)
    names = [n for (n,) in ws.rows("SELECT caption FROM records WHERE caption IS NOT NULL")]
    phones = [
        p
        for (p,) in ws.rows("SELECT value FROM sharing.search_ids WHERE kind = 'phone' LIMIT 10000")
    ]
    picked = rng.sample(names, count * 2 // 3) + rng.sample(phones, count - count * 2 // 3)
    rng.shuffle(picked)
    return picked


def look_up(ws: Workspace, text: str) -> int:
    """The entity look-up without the gate."""
    known = index.state(ws)
    index.refresh(ws, known)
    query = parse_query(text, agency("UK-NCA").country)
    clustered = known.resolved
    keys = records.match(ws, query, LIMIT * 20, clustered=clustered)
    groups = records.entities(ws, keys, LIMIT, clustered=clustered)
    found = records.fetch(ws, [k for g in groups.values() for k in g])
    return len(found)


def gated(ws: Workspace, text: str) -> int:
    purpose = require_purpose("BENCH-1: benchmark of the gate")
    return sum(
        len(v.records) + len(v.hits) for v in gate.search(ws, "ann", text, purpose, limit=LIMIT)
    )


def append(ws: Workspace, text: str) -> int:
    """One audit entry of the gate's shape (a consultation naming 40 records), committed alone."""
    subjects = [f"UK-NCA|P{n}" for n in range(40)]
    detail = {"path": "search", "query": text, "use": "consult", "entities": subjects[:20]}
    return audit.append(
        ws,
        actor="ann",
        action=Action.CONSULTATION,
        purpose="BENCH-1",
        detail=detail,
        subjects=subjects,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ws = build(Path(folder), args.records)
        texts = queries(ws, args.queries)
        for text in texts[:20]:  # warm caches (name keys, phone plans, DuckDB)
            look_up(ws, text)
            gated(ws, text)
        load_before = os.getloadavg()[0]
        plain: list[float] = []
        through: list[float] = []
        appends: list[float] = []
        for number, text in enumerate(texts):
            pair = ((look_up, plain), (gated, through), (append, appends))
            for function, times in pair if number % 2 else pair[::-1]:
                started = time.perf_counter()
                function(ws, text)
                times.append((time.perf_counter() - started) * 1000)
        entries = ws.scalar("SELECT count(*) FROM sharing.audit_log")
        ws.close()
    for label, times in (("look-up", plain), ("gated", through)):
        print(
            f"{label:8} median {statistics.median(times):7.2f} ms   mean {statistics.fmean(times):7.2f} ms"
        )
    median = statistics.median(through) / statistics.median(plain) - 1
    mean = statistics.fmean(through) / statistics.fmean(plain) - 1
    print(
        f"gate + audit overhead: {median:+.1%} (median), {mean:+.1%} (mean); {entries:,} audit entries"
    )
    print(
        f"of which one durable audit append (an entry like the gate's, alone): median "
        f"{statistics.median(appends):.2f} ms, mean {statistics.fmean(appends):.2f} ms"
    )
    print(
        f"load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after "
        f"({os.cpu_count()} cores): above 1.5 these are figures under load"
    )


if __name__ == "__main__":
    main()
