"""Where deterrence campaigns should aim (a Calais Group priority): nationalities growing on a route,
ranked, each with its evidence: Frontex detections in the last 12 months and the 12 before, the
nationality's share of the route then and now, where it is falling instead, and the dead and missing of
that nationality that IOM recorded on that route in the same 12 months."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from crossroute.analysis.routes.trends import UNSTATED, country_name, nationality_shifts
from crossroute.store import Workspace

MIN_GROWTH = 1.25  # at least a quarter more detections than the 12 months before


@dataclass(frozen=True)
class Priority:
    rank: int
    nat: str
    nationality: str
    route: str
    then: float
    now: float
    share_then: float
    share_now: float
    falling_on: str | None
    dead_or_missing: float  # IOM, same nationality and route, same 12 months

    @property
    def evidence(self) -> str:
        text = (
            f"Frontex: {self.then:,.0f} -> {self.now:,.0f} detections "
            f"(share of route {self.share_then:.0%} -> {self.share_now:.0%})"
        )
        if self.falling_on:
            text += f"; falling on the {self.falling_on}"
        if self.dead_or_missing:
            text += f"; IOM: {self.dead_or_missing:,.0f} dead or missing on this route"
        return text

    def as_json(self) -> dict[str, object]:
        return asdict(self) | {"evidence": self.evidence}


# Frontex route names and the IOM routes covering the same sea or land
IOM_ROUTE = {
    "Central Mediterranean Route": "Central Mediterranean Route",
    "Eastern Mediterranean Route": "Eastern Mediterranean Route",
    "Western Mediterranean Route": "Western Mediterranean Route",
    "Western African Route": "Western African Atlantic Route",
}


def priorities(ws: Workspace, *, top: int = 10) -> list[Priority]:
    """Nationalities (stated) growing on a route by at least a quarter, ranked by the detections added."""
    table = nationality_shifts(ws)
    table = table[~table["nat"].isin(UNSTATED)]
    growing = table[(table["now"] >= MIN_GROWTH * table["then"]) & (table["change"] > 0)]
    growing = growing.sort_values("change", ascending=False).head(top)
    falling = table[table["change"] < 0].sort_values("change").groupby("nat")["route"].first()
    deaths = _deaths_by_route_and_nat(ws)
    out = []
    for rank, row in enumerate(growing.itertuples(), start=1):
        nat, route = str(row.nat), str(row.route)
        out.append(
            Priority(
                rank, nat, country_name(nat), route, float(row.then), float(row.now),
                float(row.share_then), float(row.share_now), falling.get(nat),
                float(deaths.get((IOM_ROUTE.get(route, ""), nat), 0.0)),
            )
        )  # fmt: skip
    return out


def _deaths_by_route_and_nat(ws: Workspace) -> pd.Series:
    """IOM dead and missing per (route, nationality) over Frontex's last 12 months."""
    end = ws.scalar("SELECT max(t) FROM frontex_detections")
    if end is None:
        return pd.Series(dtype=float)
    rows = ws.db.execute(
        "SELECT route, nat, sum(coalesce(dead, 0)) AS dead FROM iom_incidents "
        "WHERE t >= ? - INTERVAL 11 MONTH AND t < ? + INTERVAL 1 MONTH GROUP BY route, nat",
        [end, end],
    ).df()
    return rows.set_index(["route", "nat"])["dead"]
