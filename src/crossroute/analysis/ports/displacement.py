"""The displacement monitor: per port (customs office) and month, the declarations, the inspected ones
and their hits, the share from risky origins and the main routes; and the months where risky traffic
seems to move from one port to another (one port's risky share falls below what its own history
predicts while another's rises above it), flagged with the figures behind the flag.

Counts only: a month's figures name no declarant, importer or declaration, so they need no gate and a
node of the alliance may share them (`federation/port_aggregates.py`). Method and thresholds are
`Params` (docs/ports.md, "Displacement")."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from crossroute.store import Workspace


@dataclass(frozen=True)
class Params:
    """How a shift is found. A port-month is compared with the same port's `window` months before it
    (at least `min_history` of them, each with at least `min_declarations`): z = (share - mean) / sd,
    sd = sqrt(variance of those months + the month's binomial variance), at least `min_sd`. A drop is
    z <= -`z`, a rise z >= `z`; a shift pairs a drop at one port with a rise at another in the same
    month or up to `lag` months later. Risky origins: the explicit list, else every origin whose hit
    rate among inspected declarations is at least `lift` x the overall hit rate, over at least
    `min_origin_inspected` inspections."""

    window: int = 6
    min_history: int = 3
    min_declarations: int = 30
    z: float = 2.0
    min_sd: float = 0.01
    lag: int = 1
    lift: float = 1.5
    min_origin_inspected: int = 30
    risky_origins: tuple[str, ...] | None = None
    routes: int = 3  # routes kept per port-month
    min_route_count: int = 3  # rarer routes are not reported (they could single out one trader)


@dataclass
class PortMonth:
    """One port in one month (counts only)."""

    node: str
    office: str
    month: str  # YYYY-MM
    declarations: int
    inspected: int
    hits: int
    critical: int
    risky: int  # declarations from a risky origin
    routes: list[tuple[str, str, str, int]] = field(default_factory=list)  # origin, departure, via

    @property
    def port(self) -> str:
        return f"{self.node}/{self.office}" if self.node else self.office

    @property
    def risky_share(self) -> float:
        return self.risky / self.declarations if self.declarations else 0.0

    @property
    def hit_rate(self) -> float | None:
        return self.hits / self.inspected if self.inspected else None

    def as_dict(self) -> dict[str, Any]:
        found = asdict(self)
        found["routes"] = [list(r) for r in self.routes]
        return found


@dataclass(frozen=True)
class Deviation:
    port: str
    month: str
    share: float
    expected: float
    z: float
    declarations: int


@dataclass(frozen=True)
class Shift:
    """Risky traffic seemingly moved from one port to another."""

    drop_month: str
    rise_month: str
    from_port: str
    to_port: str
    from_share: float
    from_expected: float
    from_z: float
    to_share: float
    to_expected: float
    to_z: float
    enforcement: (
        bool  # the losing port inspected more than its history in that month or the one before
    )
    moved: int  # risky declarations the losing port lost against its expectation (rounded)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Monitor:
    rows: list[PortMonth]
    risky_origins: tuple[str, ...]
    shifts: list[Shift]
    params: Params

    @staticmethod
    def _row(r: PortMonth) -> dict[str, Any]:
        rate = r.hit_rate
        return {
            **r.as_dict(),
            "port": r.port,
            "risky_share": round(r.risky_share, 4),
            "hit_rate": None if rate is None else round(rate, 4),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "risky_origins": list(self.risky_origins),
            "params": {k: v for k, v in asdict(self.params).items() if k != "risky_origins"},
            "rows": [self._row(r) for r in self.rows],
            "shifts": [s.as_dict() for s in self.shifts],
        }


def risky_origins(workspace: Workspace, params: Params) -> tuple[str, ...]:
    """The given list, else the origins whose inspected hit rate is `lift` x the overall rate."""
    if params.risky_origins is not None:
        return tuple(sorted(params.risky_origins))
    found = workspace.rows(
        "WITH o AS (SELECT origin, count(fraud) AS n, avg(fraud) AS rate FROM ports.declarations "
        "WHERE fraud IS NOT NULL AND origin IS NOT NULL GROUP BY origin), "
        "t AS (SELECT avg(fraud) AS rate FROM ports.declarations WHERE fraud IS NOT NULL) "
        "SELECT origin FROM o, t WHERE o.n >= ? AND o.rate >= ? * t.rate ORDER BY origin",
        [params.min_origin_inspected, params.lift],
    )
    return tuple(str(row[0]) for row in found)


def port_months(
    workspace: Workspace, origins: tuple[str, ...], params: Params, node: str = ""
) -> list[PortMonth]:
    """Per office and month: counts, and the commonest routes (origin, departure, transshipment)."""
    found = workspace.rows(
        """
        SELECT coalesce(office, '?') AS office, strftime(date, '%Y-%m') AS month, count(*),
               count(fraud), coalesce(sum(CASE WHEN fraud > 0 THEN 1 ELSE 0 END), 0),
               coalesce(sum(CASE WHEN critical_fraud = 2 THEN 1 ELSE 0 END), 0),
               coalesce(sum(CASE WHEN list_contains(?, origin) THEN 1 ELSE 0 END), 0)
        FROM ports.declarations GROUP BY ALL ORDER BY month, office
        """,
        [list(origins)],
    )
    rows = {
        (str(o), str(m)): PortMonth(node, str(o), str(m), int(n), int(i), int(h), int(c), int(r))
        for o, m, n, i, h, c, r in found
    }
    routes = workspace.rows(
        """
        WITH counted AS (
            SELECT coalesce(office, '?') AS office, strftime(date, '%Y-%m') AS month,
                   coalesce(origin, '?') AS origin, coalesce(departure, '?') AS departure,
                   coalesce(transshipment, '') AS via, count(*) AS n
            FROM ports.declarations GROUP BY ALL)
        SELECT office, month, origin, departure, via, n FROM (
            SELECT *, row_number() OVER (PARTITION BY office, month
                                         ORDER BY n DESC, origin, departure, via) AS rank
            FROM counted)
        WHERE rank <= ? AND n >= ? ORDER BY office, month, rank
        """,
        [params.routes, params.min_route_count],
    )
    for office, month, origin, departure, via, n in routes:
        rows[(str(office), str(month))].routes.append(
            (str(origin), str(departure), str(via), int(n))
        )
    return list(rows.values())


def deviations(rows: list[PortMonth], params: Params) -> dict[tuple[str, str], Deviation]:
    """Each port-month's risky share against the same port's earlier months."""
    by_port: dict[str, list[PortMonth]] = defaultdict(list)
    for row in rows:
        by_port[row.port].append(row)
    found: dict[tuple[str, str], Deviation] = {}
    for port, months in by_port.items():
        months.sort(key=lambda r: r.month)
        usable = [r for r in months if r.declarations >= params.min_declarations]
        for i, row in enumerate(usable):
            history = [r.risky_share for r in usable[max(0, i - params.window) : i]]
            if len(history) < params.min_history:
                continue
            mean = sum(history) / len(history)
            spread = sum((s - mean) ** 2 for s in history) / (len(history) - 1)
            binomial = mean * (1 - mean) / row.declarations
            sd = max(math.sqrt(spread + binomial), params.min_sd)
            z = (row.risky_share - mean) / sd
            found[(port, row.month)] = Deviation(
                port, row.month, row.risky_share, mean, z, row.declarations
            )
    return found


def _enforced(rows: list[PortMonth], params: Params) -> set[tuple[str, str]]:
    """Port-months whose share of declarations inspected is `z` above the port's earlier months."""
    share = {
        (r.port, r.month): (r.inspected / r.declarations if r.declarations else 0.0) for r in rows
    }
    by_port: dict[str, list[str]] = defaultdict(list)
    for port, month in sorted(share):
        by_port[port].append(month)
    found = set()
    for port, months in by_port.items():
        for i, month in enumerate(months):
            history = [share[(port, m)] for m in months[max(0, i - params.window) : i]]
            if len(history) < params.min_history:
                continue
            mean = sum(history) / len(history)
            sd = max(
                math.sqrt(sum((s - mean) ** 2 for s in history) / (len(history) - 1)),
                params.min_sd,
            )
            if (share[(port, month)] - mean) / sd >= params.z:
                found.add((port, month))
    return found


def _months_after(month: str, lag: int) -> list[str]:
    year, number = int(month[:4]), int(month[5:7])
    out = []
    for step in range(lag + 1):
        y, m = divmod(number - 1 + step, 12)
        out.append(f"{year + y:04d}-{m + 1:02d}")
    return out


def shifts(rows: list[PortMonth], params: Params) -> list[Shift]:
    """Drops paired with rises at other ports in the same month or up to `lag` months later."""
    found = deviations(rows, params)
    enforced = _enforced(rows, params)
    drops = [d for d in found.values() if d.z <= -params.z]
    rises = [d for d in found.values() if d.z >= params.z]
    out = []
    for drop in drops:
        window = _months_after(drop.month, params.lag)
        before = _months_after(_previous(drop.month), 1)
        for rise in rises:
            if rise.port == drop.port or rise.month not in window:
                continue
            out.append(
                Shift(
                    drop.month, rise.month, drop.port, rise.port,
                    round(drop.share, 4), round(drop.expected, 4), round(drop.z, 2),
                    round(rise.share, 4), round(rise.expected, 4), round(rise.z, 2),
                    any((drop.port, m) in enforced for m in before),
                    round((drop.expected - drop.share) * drop.declarations),
                )
            )  # fmt: skip
    return sorted(out, key=lambda s: (s.drop_month, s.from_z, -s.to_z, s.from_port, s.to_port))


def _previous(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year - 1:04d}-12" if number == 1 else f"{year:04d}-{number - 1:02d}"


def monitor(workspace: Workspace, params: Params | None = None, node: str = "") -> Monitor:
    """The monitor over this workspace's declarations."""
    chosen = params or Params()
    origins = risky_origins(workspace, chosen)
    rows = port_months(workspace, origins, chosen, node)
    return Monitor(rows, origins, shifts(rows, chosen), chosen)


def combined(rows: list[PortMonth], origins: tuple[str, ...], params: Params) -> Monitor:
    """The monitor over port-months of several nodes (each port named NODE/OFFICE)."""
    return Monitor(
        sorted(rows, key=lambda r: (r.month, r.port)), origins, shifts(rows, params), params
    )
