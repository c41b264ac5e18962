"""The insider ranking against the simulator's truth: on a simulated, ingested and resolved workspace
(`crossroute demo FOLDER`, or simulate + ingest + resolve), rank the port staff one analyst may see and
print, among them, how many are true port insiders, precision at k, where the insiders and the honest
look-alikes (namesakes, staff who called a group member) land, and the time taken.

    uv run python benchmarks/insiders.py FOLDER [--user demo-analyst]

FOLDER holds `scenario/` (with `truth/`) and `workspace/` as `crossroute demo` leaves them."""

from __future__ import annotations

import argparse
import csv
import resource
import time
from collections import Counter
from pathlib import Path

from crossroute.analysis.network.percaller import caller_case
from crossroute.analysis.ports.insiders import _context, fraud_importers, rank
from crossroute.sharing import require_purpose
from crossroute.store import Workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--user", default="demo-analyst")
    args = parser.parse_args()
    truth = args.folder / "scenario" / "truth"
    with (truth / "records.csv").open(encoding="utf-8") as handle:
        entity_of = {(r["source"], r["record_id"]): r["entity_id"] for r in csv.DictReader(handle)}
    with (truth / "persons.csv").open(encoding="utf-8") as handle:
        role_of = {r["entity_id"]: r["role"] for r in csv.DictReader(handle)}
    with (truth / "links.csv").open(encoding="utf-8") as handle:
        links = list(csv.reader(handle))
    callers = {a for a, _, kind in links[1:] if kind == "called" and role_of.get(a) == "port_staff"}
    started, cpu = time.perf_counter(), time.process_time()
    with Workspace.open(args.folder / "workspace", read_only=True) as ws:
        purpose = require_purpose("BENCH: insider ranking")
        mine = caller_case(ws, args.user, purpose)
        importers = fraud_importers(ws)
        ranked, considered, _ = rank(mine.case, mine.index, importers)
        ctx = _context(mine.case, mine.index, importers)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    graph = mine.case.graph

    def truth_of(node: int) -> str:
        found = Counter(entity_of.get(k, "?") for k in graph.records[node])
        return found.most_common(1)[0][0] if found else "?"

    staff = {n: truth_of(n) for n in ctx.staff}
    kinds = Counter(
        "insider" if role_of.get(t) == "port_insider" else "honest" if role_of.get(t) == "port_staff"
        else "other"
        for t in staff.values()
    )  # fmt: skip
    insiders_total = kinds["insider"]
    print(f"port staff nodes the analyst may see: {considered} ({dict(kinds)})")
    print(f"ranked (any evidence): {len(ranked)}")
    labels = []
    for position, item in enumerate(ranked, start=1):
        person = staff[item.node]
        label = (
            "INSIDER" if role_of.get(person) == "port_insider"
            else "caller" if person in callers else "honest"
            if role_of.get(person) == "port_staff" else role_of.get(person, "?")
        )  # fmt: skip
        labels.append(label)
        print(f"{position:3d}  {item.score:5.1f}  {label:8s} {item.label}: "
              + "; ".join(e["what"] for e in item.evidence[:3]))  # fmt: skip
    for k in (5, 10, len([x for x in labels if x == "INSIDER"]) or 1):
        top = labels[:k]
        print(f"precision@{k}: {sum(x == 'INSIDER' for x in top) / max(1, len(top)):.2f}")
    found = sum(x == "INSIDER" for x in labels)
    print(f"insiders ranked: {found} of {insiders_total} insiders the analyst may see as staff")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
