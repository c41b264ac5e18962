"""The briefing as one self-contained HTML file: inline CSS and SVG pictures, no script, no external
reference, printable (and printed to PDF by headless Chromium)."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from crossroute.report.charts import money_chart, network_picture
from crossroute.report.content import Briefing, grading_text
from crossroute.report.handling import most_restrictive
from crossroute.report.worldmap import route_map

CSS = """
body { font: 11pt/1.45 "DejaVu Sans", sans-serif; color: #1b2430; max-width: 60rem; margin: 1.5rem auto; }
.handling { text-align: center; font-weight: 700; letter-spacing: .05em; padding: .3rem; border: 2px solid #b42318; color: #b42318; }
h1 { font-size: 18pt; margin: .6rem 0 .2rem; } h2 { font-size: 13pt; border-bottom: 1px solid #ccd; margin-top: 1.6rem; }
.meta { color: #556; font-size: 9pt; } .src { color: #556; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; } td, th { border: 1px solid #d9dde3; padding: .25rem .4rem; vertical-align: top; text-align: left; }
figure { margin: .6rem 0; page-break-inside: avoid; } figure svg { width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #556; } .caveat { color: #b54708; }
@page { size: A4; margin: 14mm; }
"""


def render(b: Briefing) -> str:
    handling = most_restrictive(r["handling"] for r in b.shown.values())
    mark = f"HANDLING: {handling.get('label') or 'NO HANDLING CODE GIVEN'}"
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>Intelligence briefing — {escape(b.generated)}</title><style>{CSS}</style></head><body>",
        f"<div class='handling' id='handling'>{escape(mark)}</div>",
        "<h1>Intelligence briefing: smuggling networks</h1>",
        f"<p class='meta'>Prepared {escape(b.generated)} for {escape(b.user)}; purpose: {escape(b.purpose)}. "
        f"Rests on {len(b.shown)} records from {len({r['source'] for r in b.shown.values()})} agencies "
        "(only those the preparer may see). Document handling = the most restrictive of its sources: "
        f"{escape(', '.join(handling['all']) or 'none given')}.</p>",
        *(f"<p class='caveat'>Owner's restriction: {escape(n)}</p>" for n in handling["notes"]),
        _summary(b),
        _groups(b),
        _players(b),
        _targets(b),
        _map(b),
        _money(b),
        b.ports,
        _sources(b),
        f"<div class='handling'>{escape(mark)}</div></body></html>",
    ]
    return "\n".join(parts)


def _summary(b: Briefing) -> str:
    items = [
        f"{len(b.groups)} organised-group candidates, {sum(len(m) for _, m in b.groups)} members shown.",
        f"Key player: {escape(b.label(b.players[0].node))} ({escape(grading_text(b.sources(b.players[0].node)))})." if b.players else "No key player visible.",
    ]  # fmt: skip
    if b.effect:
        before, after = b.effect["fragmentation"]
        items.append(
            f"Removing the {len(b.targets)} recommended targets raises fragmentation from {before:.2f} to {after:.2f}."
        )
    return "<h2>Key judgements</h2><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _claim(b: Briefing, node: int) -> str:
    records = b.sources(node)
    refs = ", ".join(f"{r['source']}:{r['record_id']}" for r in records[:4])
    more = f" +{len(records) - 4}" if len(records) > 4 else ""
    return f"<span class='src'>[{escape(grading_text(records))}; {escape(refs)}{more}]</span>"


def _groups(b: Briefing) -> str:
    rows = []
    for g, members in b.groups:
        names = "; ".join(f"{escape(b.label(m))}{' (' + escape(b.case.roles[m].role) + ')' if m in b.case.roles else ''} {_claim(b, m)}" for m in members[:12])  # fmt: skip
        rows.append(
            f"<tr><td>{g.community}</td><td>{len(members)}</td><td>{names}</td>"
            f"<td>{escape(', '.join(f'{c} {n}' for c, n in g.countries))}</td>"
            f"<td>{escape('; '.join(f'{r} ({n})' for r, n in g.routes))}</td></tr>"
        )
    return (
        "<h2>Groups</h2><figure id='network-picture'>" + network_picture(b)
        + "<figcaption>The groups' members and the key players; ties are records the preparer may see.</figcaption></figure>"
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
    return (
        "<h2>Route map</h2><figure id='route-map'>"
        + picture
        + "<figcaption>Country shapes: Natural Earth (world-atlas). Arrows: origin → transit → destination, "
        "from shipments, crossings and the nationalities of group members.</figcaption></figure>"
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
        + ". Sources: " + escape(", ".join(f"{a} ({n})" for a, n in agencies.most_common())) + ".</figcaption></figure>"
    )  # fmt: skip


def _sources(b: Briefing) -> str:
    by: Counter[tuple[str, str, str]] = Counter()
    for r in b.shown.values():
        g, h = r.get("grading") or {}, r.get("handling") or {}
        grade = (
            f"{g.get('scheme')} {g.get('source') or '?'}{g.get('info') or '?'}"
            if g.get("scheme")
            else "ungraded"
        )
        by[(str(r["source"]), grade, f"{h.get('scheme') or ''} {h.get('code') or ''}".strip())] += 1
    rows = "".join(f"<tr><td>{escape(a)}</td><td>{escape(g)}</td><td>{escape(h)}</td><td>{n}</td></tr>" for (a, g, h), n in sorted(by.items()))  # fmt: skip
    return (
        "<h2>Sources</h2><table><tr><th>agency</th><th>grading</th><th>handling</th><th>records</th></tr>"
        + rows
        + "</table>"
    )
