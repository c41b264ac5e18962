"""The public route picture in one piece (for the API, the web view and the briefing): the trends with
their sentences and charts (inline SVG), next weeks' forecast, where prevention should aim, and the
provenance of every public dataset behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crossroute.analysis.routes import charts
from crossroute.analysis.routes.forecast import Forecast, people_forecast, per_boat_forecast
from crossroute.analysis.routes.prevention import Priority, priorities
from crossroute.analysis.routes.public_data import sources
from crossroute.analysis.routes.trends import Finding, all_findings
from crossroute.store import Workspace


@dataclass
class PublicPicture:
    findings: list[Finding]
    forecasts: list[Forecast]
    prevention: list[Priority]
    sources: list[dict[str, object]]
    svgs: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.findings

    def as_json(self, *, with_charts: bool = True) -> dict[str, Any]:
        return {
            "findings": [
                {"name": f.name, "title": f.title, "sentence": f.sentence}
                | ({"svg": self.svgs.get(f.name)} if with_charts else {})
                for f in self.findings
            ],
            "forecasts": [f.as_json() for f in self.forecasts],
            "prevention": [p.as_json() for p in self.prevention],
            "sources": [{k: str(v) for k, v in s.items()} for s in self.sources],
        }


def public_picture(ws: Workspace, *, with_charts: bool = True) -> PublicPicture:
    """Everything the loaded public data says (an empty picture when none is loaded)."""
    found = all_findings(ws)
    arrivals = next((f for f in found if f.name == "arrivals"), None)
    forecasts = []
    if arrivals is not None:
        weeks = arrivals.frames["weekly"]
        forecasts = [people_forecast(weeks["people"]), per_boat_forecast(weeks["per_boat"])]
    ranked = priorities(ws) if ws.scalar("SELECT count(*) FROM frontex_detections") else []
    picture = PublicPicture(found, forecasts, ranked, sources(ws))
    if with_charts:
        people = forecasts[0] if forecasts else None
        picture.svgs = {f.name: charts.svg(charts.figure(f, people)) for f in found}
    return picture
