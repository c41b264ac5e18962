"""The intelligence briefing: groups, key players with reasons, route map, money flows, disruption
targets with their expected effect; the grading and sources behind each claim and the document's
handling code (the most restrictive of its sources). Self-contained HTML, and PDF via headless Chromium."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from crossroute.report.content import Briefing, gather
from crossroute.report.html import render
from crossroute.sharing import Purpose
from crossroute.store import Workspace

__all__ = ["Briefing", "gather", "render", "write_briefing"]


def write_briefing(
    ws: Workspace, user: str, purpose: Purpose, out: Path, *, today: dt.date | None = None
) -> Briefing:
    """Gather through the gate (logged with the purpose) and write the HTML to `out`."""
    briefing = gather(ws, user, purpose, today=today, output=str(out.resolve()))
    out.parent.mkdir(parents=True, exist_ok=True)
    from crossroute.report.routes_section import route_section

    out.write_text(render(briefing, opening=route_section(ws, briefing)), encoding="utf-8")
    return briefing
