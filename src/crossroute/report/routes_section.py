"""The route picture that opens the briefing: the public trend charts with their sentences, next weeks'
forecast, the groups per leg of the route (from the records the briefing already showed the preparer:
no second gate call) with public figures beside the case's, and where prevention should aim."""

from __future__ import annotations

from html import escape
from typing import Any

from crossroute.analysis.routes.legs import (
    FUNCTIONS,
    LEGS,
    RoutePicture,
    add_public,
    empty_picture,
    group_on_route,
    organised_by,
    place_records,
)
from crossroute.analysis.routes.summary import PublicPicture, public_picture
from crossroute.model.gazetteer import locate
from crossroute.report.content import Briefing
from crossroute.store import Workspace

CASE_SCHEMATA = ("Crossing", "Payment", "Post")


def case_on_legs(ws: Workspace, b: Briefing) -> RoutePicture:
    """The briefing's visible groups and records placed on the legs."""
    picture = empty_picture(locate)
    place_records(picture, (r for r in b.shown.values() if r["schema"] in CASE_SCHEMATA))
    organised = organised_by(b.case, b.shown.keys())
    for g, members in b.groups:
        picture.groups.append(group_on_route(b.case, g.community, members, organised))
    add_public(ws, picture)
    return picture


def route_section(ws: Workspace, b: Briefing) -> str:
    """The opening section: HTML with inline SVG charts (no script, nothing external)."""
    public = public_picture(ws)
    legs = case_on_legs(ws, b)
    return (
        "<h2 id='route'>The route: arrivals, forecast and the groups on each leg</h2>"
        + _judgements(public)
        + _forecast(public)
        + _legs(legs)
        + _charts(public)
        + _prevention(public)
        + _sources(public)
    )


def _judgements(public: PublicPicture) -> str:
    if public.empty:
        return (
            "<p class='caveat'>No public data loaded: run <code>crossroute routes load WS</code> "
            "for the arrivals, detections and deaths behind this section.</p>"
        )
    items = "".join(f"<li>{escape(f.sentence)}</li>" for f in public.findings)
    return f"<ul id='route-judgements'>{items}</ul>"


def _forecast(public: PublicPicture) -> str:
    rows = []
    for f in public.forecasts:
        digits = 0 if f.what == "people per week" else 1
        for w, v, lo, hi in zip(f.weeks, f.value, f.lower, f.upper, strict=True):
            rows.append(
                f"<tr><td>{escape(f.what)}</td><td>{w.date().isoformat()}</td>"
                f"<td>{v:,.{digits}f}</td><td>{lo:,.{digits}f} – {hi:,.{digits}f}</td></tr>"
            )
    if not rows:
        return ""
    return (
        "<table id='route-forecast'><tr><th>forecast</th><th>week ending</th><th>value</th>"
        f"<th>{int(public.forecasts[0].level * 100)}% interval</th></tr>"
        + "".join(rows)
        + "</table>"
        "<p class='src'>People per week: the blend of a structural model (statsmodels) and the recent "
        "level, chosen by back-test on earlier years (docs/routes.md).</p>"
    )


def _value(v: Any) -> str:
    if isinstance(v, dict):
        return ", ".join(f"{k} {_value(n)}" for k, n in v.items())
    if isinstance(v, (list, tuple)):
        return " to ".join(_value(x) for x in v)
    if isinstance(v, float):
        return f"{v:,.1f}" if v != int(v) else f"{v:,.0f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def _figures(values: dict[str, Any]) -> str:
    return "; ".join(
        f"{k.replace('_', ' ')}: {_value(v)}"
        for k, v in values.items()
        if k != "source" and v is not None
    )


def _legs(picture: RoutePicture) -> str:
    rows = []
    for name in LEGS:
        leg = picture.legs[name]
        serving = [
            f"group {g.community} ({', '.join(f for f in g.functions if name in FUNCTIONS[f][1])})"
            for g in picture.groups
            if name in g.legs
        ]
        places = ", ".join(f"{p} ({n})" for p, n in leg.places.most_common(4))
        rows.append(
            f"<tr><td>{name}</td><td>{escape('; '.join(serving) or 'no group the preparer may see')}</td>"
            f"<td>{escape(places or '—')}</td><td>{escape(_figures(leg.figures) or '—')}</td>"
            f"<td>{escape(_figures(leg.public) or '—')}</td></tr>"
        )
    return (
        "<table id='route-legs'><tr><th>leg</th><th>groups serving it (what they do)</th>"
        "<th>places (case)</th><th>case</th><th>public figures, same leg and period</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _charts(public: PublicPicture) -> str:
    return "".join(
        f"<figure id='route-chart-{f.name}'>{public.svgs.get(f.name, '')}"
        f"<figcaption>{escape(f.sentence)}</figcaption></figure>"
        for f in public.findings
    )


def _prevention(public: PublicPicture) -> str:
    if not public.prevention:
        return ""
    rows = "".join(
        f"<tr><td>{p.rank}</td><td>{escape(p.nationality)}</td><td>{escape(p.route)}</td>"
        f"<td>{escape(p.evidence)}</td></tr>"
        for p in public.prevention[:6]
    )
    return (
        "<h3>Where prevention should aim</h3><table id='route-prevention'><tr><th>rank</th>"
        "<th>nationality</th><th>growing on</th><th>evidence</th></tr>" + rows + "</table>"
    )


def _sources(public: PublicPicture) -> str:
    cited = sorted({str(s["source"]) for s in public.sources})
    return f"<p class='src'>Public sources: {escape('; '.join(cited))}.</p>" if cited else ""
