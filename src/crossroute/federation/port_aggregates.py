"""Per-port monthly aggregates a node of the ports alliance may share when its declarations may not be
pooled: counts per office and month (declarations, inspected, hits, critical hits, declarations from the
agreed risky origins) and the commonest routes with their counts (routes rarer than the agreed minimum
are left out). No declaration id, no party, no record: nothing personal leaves the node. A peer
combines the nodes' files into one displacement monitor (`analysis/ports/displacement.py`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from crossroute.analysis.ports.displacement import Monitor, Params, PortMonth, combined, monitor
from crossroute.store import Workspace

FORMAT = "crossroute-port-aggregates/1"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_COUNTS = ("declarations", "inspected", "hits", "critical", "risky")


class AggregateError(ValueError):
    """A shared aggregates file that cannot be combined (malformed, or other risky origins)."""


def share(workspace: Workspace, node: str, params: Params | None = None) -> dict[str, Any]:
    """What this node shares: its port-months under its node name, and the risky origins counted."""
    if not node.strip():
        raise AggregateError("a node shares its aggregates under a name (--node)")
    found = monitor(workspace, params, node=node.strip())
    return {
        "format": FORMAT,
        "node": node.strip(),
        "risky_origins": list(found.risky_origins),
        "min_route_count": found.params.min_route_count,
        "rows": [{k: v for k, v in r.as_dict().items() if k != "node"} for r in found.rows],
    }


def read(
    data: dict[str, Any], where: str = "aggregates"
) -> tuple[str, tuple[str, ...], list[PortMonth]]:
    """(node, risky origins, rows) of one shared file; AggregateError naming the row and field."""
    if data.get("format") != FORMAT:
        raise AggregateError(f"{where}: format is {data.get('format')!r}, expected {FORMAT!r}")
    node = str(data.get("node") or "").strip()
    if not node:
        raise AggregateError(f"{where}: no node name")
    origins = tuple(sorted(str(o) for o in data.get("risky_origins") or ()))
    rows = []
    for number, row in enumerate(data.get("rows") or (), start=1):
        month = str(row.get("month", ""))
        if not _MONTH.match(month):
            raise AggregateError(f"{where}: row {number}: month {month!r} is not YYYY-MM")
        counts = []
        for name in _COUNTS:
            value = row.get(name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise AggregateError(f"{where}: row {number}: {name} {value!r} is not a count")
            counts.append(value)
        if not counts[1] <= counts[0] or not counts[2] <= counts[1] or not counts[4] <= counts[0]:
            raise AggregateError(f"{where}: row {number}: counts do not add up")
        routes = [(str(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in row.get("routes") or ()]
        declarations, inspected, hits, critical, risky = counts
        office = str(row.get("office", "?"))
        rows.append(
            PortMonth(node, office, month, declarations, inspected, hits, critical, risky, routes)
        )
    return node, origins, rows


def load(path: Path) -> tuple[str, tuple[str, ...], list[PortMonth]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise AggregateError(f"{path}: {error}") from None
    if not isinstance(data, dict):
        raise AggregateError(f"{path}: not an aggregates object")
    return read(data, str(path))


def combine(
    shared: list[tuple[str, tuple[str, ...], list[PortMonth]]], params: Params | None = None
) -> Monitor:
    """One monitor over several nodes' aggregates. They must count the same risky origins (agree on
    the list, `--risky-origins`), and one node name appears once."""
    chosen = params or Params()
    if not shared:
        raise AggregateError("no aggregates to combine")
    names = [node for node, _, _ in shared]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise AggregateError(f"node {twice[0]!r} appears twice")
    lists = {origins for _, origins, _ in shared}
    if len(lists) > 1:
        said = "; ".join(f"{node}: {','.join(o) or '-'}" for node, o, _ in shared)
        raise AggregateError(
            f"the nodes counted different risky origins ({said}): share again with the same "
            "--risky-origins"
        )
    return combined([r for _, _, rows in shared for r in rows], lists.pop(), chosen)
