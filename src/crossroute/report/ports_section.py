"""The briefing's ports section: the latest day's riskiest declarations with their reasons, and per
office the month's declarations, hits and share scored risky. Declaration ids, offices, scores and
reasons name no party (reasons speak of 'the importer'), so no record passes the gate here."""

from __future__ import annotations

from html import escape

import duckdb

from crossroute.analysis.ports.views import latest_day, port_board
from crossroute.store import Workspace

TOP = 10


def ports_section(ws: Workspace) -> str:
    """HTML of the section, or '' when the workspace holds no ports scores."""
    try:  # the ports tables come with migration 010; a workspace opened read-only may predate it
        if not ws.scalar("SELECT count(*) FROM ports.scores"):
            return ""
    except duckdb.CatalogException:
        return ""
    day = latest_day(ws)
    top = ws.rows(
        "SELECT declaration_id, office, score, reasons FROM ports.scores WHERE date = ?::DATE "
        "ORDER BY score DESC LIMIT ?",
        [day, TOP],
    )
    rows = "".join(
        f"<tr><td>{escape(str(d))}</td><td>{escape(str(o))}</td><td>{s:.3f}</td>"
        f"<td>{escape(str(r))}</td></tr>"
        for d, o, s, r in top
    )
    board = port_board(ws)
    month = max((row["month"] for row in board), default=None)
    offices = "".join(
        f"<tr><td>{escape(str(r['office']))}</td><td>{r['declarations']}</td><td>{r['inspected']}</td>"
        f"<td>{r['hits']}</td><td>{r['risky_share'] if r['risky_share'] is not None else '–'}</td></tr>"
        for r in board
        if r["month"] == month
    )
    return (
        f"<h2 id='ports'>Ports: container risk targeting</h2>"
        f"<p>Riskiest declarations scored for {escape(str(day))} (crossroute ports score):</p>"
        "<table><tr><th>declaration</th><th>office</th><th>score</th><th>reasons</th></tr>"
        f"{rows}</table><p>Per office, {escape(str(month))}:</p>"
        "<table><tr><th>office</th><th>declarations</th><th>inspected</th><th>hits</th>"
        f"<th>share scored risky</th></tr>{offices}</table>"
    )
