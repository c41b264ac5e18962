"""The briefing as one self-contained HTML file: inline CSS and SVG pictures, no script, no external
reference, printable (and printed to PDF by headless Chromium)."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from crossroute.model.gazetteer import locate
from crossroute.report import comms_section, online_section
from crossroute.report.charts import group_picture, money_chart
from crossroute.report.content import Briefing, grading_text
from crossroute.report.handling import most_restrictive
from crossroute.report.judgements import (
    Judgement,
    corroboration_step,
    describe_sources,
    phrase,
    yardstick,
)
from crossroute.report.worldmap import channel_map, route_map

GROUP_PICTURES = 3  # groups drawn one by one; the rest are in the table

CSS = """
body { font: 11pt/1.45 "DejaVu Sans", sans-serif; color: #1b2430; max-width: 60rem; margin: 1.5rem auto; }
.handling { text-align: center; font-weight: 700; letter-spacing: .05em; padding: .3rem; border: 2px solid #b42318; color: #b42318; }
h1 { font-size: 18pt; margin: .6rem 0 .2rem; } h2 { font-size: 13pt; border-bottom: 1px solid #ccd; margin-top: 1.6rem; }
.meta { color: #556; font-size: 9pt; } .src { color: #556; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; } td, th { border: 1px solid #d9dde3; padding: .25rem .4rem; vertical-align: top; text-align: left; }
figure { margin: .6rem 0; page-break-inside: avoid; } figure svg { width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #556; } .caveat { color: #b54708; }
@page { size: A4; margin: 16mm 14mm; }
h2.annex { page-break-before: always; } h2, h3 { page-break-after: avoid; } .judgements li { margin-bottom: .4rem; }
.group-picture { page-break-inside: avoid; }
"""


def render(b: Briefing, *, opening: str = "") -> str:
    handling = most_restrictive(r["handling"] for r in b.shown.values())
    mark = f"HANDLING: {handling.get('label') or 'NO HANDLING CODE GIVEN'}"
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>Intelligence briefing — {escape(b.generated)}</title><style>{CSS}{page_marking(mark)}</style></head><body>",
        f"<div class='handling' id='handling'>{escape(mark)}</div>",
        "<h1>Intelligence briefing: smuggling networks</h1>",
        f"<p class='meta'>Prepared {escape(b.generated)} for {escape(b.user)}; purpose: {escape(b.purpose)}. "
        f"Rests on {len(b.shown)} records from {len({r['source'] for r in b.shown.values()})} agencies "
        "(only those the preparer may see). Document handling = the most restrictive of its sources: "
        f"{escape(', '.join(handling['all']) or 'none given')}.</p>",
        *(f"<p class='caveat'>Owner's restriction: {escape(n)}</p>" for n in handling["notes"]),
        opening,  # the route picture (report/routes_section.py)
        _summary(b),
        _map(b),
        _groups(b),
        _players(b),
        _targets(b),
        _money(b),
        comms_section.render(b.comms),
        b.money_alerts,
        online_section.render(b.online),
        b.ports,
        _sources(b),
        f"<div class='handling'>{escape(mark)}</div></body></html>",
    ]
    return "\n".join(parts)


def page_marking(mark: str) -> str:
    """The handling marking in the header and footer of every printed page, and page numbers
    (CSS page-margin boxes, which Chromium prints)."""
    text = mark.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    style = 'font: 700 8pt "DejaVu Sans", sans-serif; color: #b42318;'
    return (
        f'@page {{ @top-center {{ content: "{text}"; {style} }} '
        f'@bottom-center {{ content: "{text}"; {style} }} '
        '@bottom-right { content: "page " counter(page) " of " counter(pages); '
        'font: 8pt "DejaVu Sans", sans-serif; color: #556; } }'
    )


def _summary(b: Briefing) -> str:
    """Key judgements as sentences, each with its confidence (PHIA yardstick) and evidence."""
    stable = (b.case.communities.stability or 0.0) >= 0.8
    found: list[Judgement] = []
    for g, members in b.groups[:3]:
        records = [r for m in members for r in b.sources(m)]
        roles = (
            ", ".join(f"{n} {r.replace('_', ' ')}{'s' if n > 1 else ''}" for r, n in g.roles[:4])
            or "roles unknown"
        )
        legs = "; ".join(r for r, _ in g.routes[:3]) or "no route segment on record"
        step = corroboration_step(records, stable=stable)
        found.append(Judgement(
            f"It is {phrase(step)} that group {g.community} is an organised crime group of at least "
            f"{len(members)} people ({roles}) working {legs}.",
            yardstick(step),
            describe_sources(records) + ("" if stable else "; the grouping moved between runs"),
        ))  # fmt: skip
    if b.players:
        top = b.players[0]
        records = b.sources(top.node)
        step = corroboration_step(records)
        found.append(Judgement(
            f"It is {phrase(step)} that {b.label(top.node)} holds the network together (the head of "
            f"the snake): {top.reasons}.",
            yardstick(step),
            describe_sources(records),
        ))  # fmt: skip
    if b.effect:
        before, after = b.effect["fragmentation"]
        orphaned = ", ".join(b.effect["segments_orphaned"]) or "none"
        found.append(Judgement(
            f"Removing the {len(b.targets)} recommended targets together would likely break the "
            f"network apart (fragmentation {before:.2f} to {after:.2f}; route segments left without a "
            f"provider: {orphaned}).",
            yardstick(4),
            "a model estimate on the known network (KPP-Neg); ties not on record, and successors, can "
            "make the effect smaller",
        ))  # fmt: skip
    if not found:
        return "<h2>Key judgements</h2><p>Nothing the preparer may see supports a judgement.</p>"
    items = "".join(
        f"<li><p>{escape(j.text)} <strong class='confidence'>Confidence: {escape(j.confidence)}.</strong>"
        f"<br><span class='src'>Evidence: {escape(j.evidence)}.</span></p></li>"
        for j in found
    )
    return (
        f"<h2>Key judgements</h2><ol class='judgements'>{items}</ol><p class='src'>Confidence on the "
        "PHIA probability yardstick, from corroboration: one agency's records, a realistic "
        "possibility; two agencies with a reliable source, likely; three or more with two reliable "
        "sources, highly likely.</p>"
    )


def _claim(b: Briefing, node: int) -> str:
    records = b.sources(node)
    refs = ", ".join(f"{r['source']}:{r['record_id']}" for r in records[:4])
    more = f" +{len(records) - 4}" if len(records) > 4 else ""
    return f"<span class='src'>[{escape(grading_text(records))}; {escape(refs)}{more}]</span>"


def _groups(b: Briefing) -> str:
    rows, pictures = [], []
    for i, (g, members) in enumerate(b.groups):
        names = "; ".join(f"{escape(b.label(m))}{' (' + escape(b.case.roles[m].role.replace('_', ' ')) + ')' if m in b.case.roles else ''} <span class='src'>[{escape(grading_text(b.sources(m)))}]</span>" for m in members[:12])  # fmt: skip
        rows.append(
            f"<tr><td>{g.community}</td><td>{len(members)}</td><td>{names}</td>"
            f"<td>{escape(', '.join(f'{c} {n}' for c, n in g.countries))}</td>"
            f"<td>{escape('; '.join(f'{r} ({n})' for r, n in g.routes))}</td></tr>"
        )
        if i < GROUP_PICTURES:
            pictures.append(
                f"<figure id='group-picture-{g.community}' class='group-picture'>"
                + group_picture(b, members, g.community)
                + "<figcaption>Size: betweenness (who connects the group); colour: role; ties: "
                "records the preparer may see.</figcaption></figure>"
            )
    return (
        "<h2>Groups</h2>" + "".join(pictures)
        + "<table><tr><th>group</th><th>members</th><th>who (role) [agency grading; records]</th><th>countries</th><th>route segments</th></tr>"
        + "".join(rows) + "</table>"
    )  # fmt: skip


def _players(b: Briefing) -> str:
    rows = "".join(
        f"<tr><td>{p.rank}</td><td>{escape(b.label(p.node))} {_claim(b, p.node)}</td>"
        f"<td>{int(b.case.communities.membership[p.node])}</td><td>{escape(p.reasons)}</td></tr>"
        for p in b.players
    )
    return (
        "<h2>Key players</h2><table><tr><th>rank</th><th>who [sources]</th><th>group</th><th>why</th></tr>"
        + rows
        + "</table>"
    )


def _targets(b: Briefing) -> str:
    if not b.targets:
        return "<h2>Recommended disruption targets</h2><p>None the preparer may see.</p>"
    e: dict[str, Any] = b.effect
    split = "".join(f"<li>group {c}: {before} members → {left} left in {pieces} piece(s)</li>" for c, before, left, pieces in e["groups_split"])  # fmt: skip
    successors = (
        ", ".join(f"{escape(n)} (betweenness {x:.3f} → {y:.3f})" for n, x, y in e["successors"])
        or "none"
    )
    return (
        "<h2>Recommended disruption targets</h2><ol>"
        + "".join(f"<li>{escape(b.label(n))} {_claim(b, n)}</li>" for n in b.targets)
        + "</ol><p>Expected effect of removing them together (KPP-Neg on the network without customers): "
        f"fragmentation {e['fragmentation'][0]:.2f} → {e['fragmentation'][1]:.2f}; largest connected part "
        f"{e['largest'][0]} → {e['largest'][1]} nodes; {e['components'][0]} → {e['components'][1]} parts.</p>"
        f"<ul>{split}</ul><p>Route segments left without a provider: {escape(', '.join(e['segments_orphaned']) or 'none')}. "
        f"Likely successors as brokers: {successors}.</p>"
    )


def _map(b: Briefing) -> str:
    picture = route_map(b.countries, b.flows, "Countries on the routes (shade: records) and flows")
    inset = ""
    if b.crossings:
        places: dict[str, tuple[float, float, int, int]] = {}
        for (departure, landing), n in b.crossings.items():
            for name, departed, landed in ((departure, n, 0), (landing, 0, n)):
                place = locate(name) if name != "?" else None
                if place:
                    lat, lon, d, g = places.get(name, (place.lat, place.lon, 0, 0))
                    places[name] = (lat, lon, d + departed, g + landed)
        both = sum(n for (d, g), n in b.crossings.items() if "?" not in (d, g))
        inset = (
            "<figure id='channel-map'>"
            + channel_map(places, b.crossings, "The Channel: crossings by departure and landing place")
            + f"<figcaption>{sum(b.crossings.values())} crossing records the preparer may see: "
            "departures (red) as French agencies record them, landings (blue) as UK agencies do; "
            f"{both} record both, drawn as arrows. Shapes: Natural Earth 1:10m (world-atlas)."
            "</figcaption></figure>"
        )  # fmt: skip
    return (
        "<h2>Route map</h2><figure id='route-map'>"
        + picture
        + "<figcaption>Country shapes: Natural Earth (world-atlas). Arrows: origin → transit → destination, "
        "from shipments, crossings and the nationalities of group members.</figcaption></figure>"
        + inset
    )


def _money(b: Briefing) -> str:
    total: Counter[str] = Counter()
    for p in b.payments:
        total[p["currency"]] += int(p["amount"])
    agencies = Counter(p["record"]["source"] for p in b.payments)
    return (
        "<h2>Money flows</h2><figure id='money-chart'>" + money_chart(b)
        + f"<figcaption>{len(b.payments)} payments the preparer may see: "
        + escape(", ".join(f"{c} {v:,}" for c, v in total.most_common()))
        + escape(_in_eur(b))
        + ". Sources: " + escape(", ".join(f"{a} ({n})" for a, n in agencies.most_common())) + ".</figcaption></figure>"
    )  # fmt: skip


def _in_eur(b: Briefing) -> str:
    """(about EUR X at monthly reference rates)", when the payments are in more than one currency."""
    if len({p["currency"] for p in b.payments}) < 2 or b.eur is None:
        return ""
    converted = [b.eur.eur(p["amount"], p["currency"], p["date"]) for p in b.payments]
    known = [v for v in converted if v is not None]
    left = f"; {len(converted) - len(known)} without a rate" if len(known) < len(converted) else ""
    return f" (about EUR {sum(known):,.0f} at monthly reference rates: {b.eur.source}{left})"


def _sources(b: Briefing) -> str:
    """Annex: one row per agency: how many records, their gradings and handling codes as given."""
    records: Counter[str] = Counter()
    grades: dict[str, Counter[str]] = {}
    codes: dict[str, Counter[str]] = {}
    for r in b.shown.values():
        agency = str(r["source"])
        g, h = r.get("grading") or {}, r.get("handling") or {}
        grade = (
            f"{g.get('scheme')} {g.get('source') or '?'}{g.get('info') or '?'}"
            if g.get("scheme")
            else "ungraded"
        )
        records[agency] += 1
        grades.setdefault(agency, Counter())[grade] += 1
        codes.setdefault(agency, Counter())[
            f"{h.get('scheme') or ''} {h.get('code') or ''}".strip() or "none"
        ] += 1

    def listed(counts: Counter[str]) -> str:
        return ", ".join(f"{k} ×{n}" for k, n in counts.most_common())

    rows = "".join(
        f"<tr><td>{escape(a)}</td><td>{n}</td><td>{escape(listed(grades[a]))}</td>"
        f"<td>{escape(listed(codes[a]))}</td></tr>"
        for a, n in records.most_common()
    )
    return (
        "<h2 class='annex'>Annex: sources</h2><table><tr><th>agency</th><th>records</th>"
        "<th>grading (as given)</th><th>handling (as given)</th></tr>" + rows + "</table>"
    )
