"""The briefing's money section: laundering alerts over the transactions the preparer may see, by
typology, with the strongest alerts and the figures that fired (through the gate, one audit entry)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from html import escape

from crossroute.sharing import Purpose
from crossroute.store import Workspace

TOP_ALERTS = 8


def money_section(ws: Workspace, user: str, purpose: Purpose, today: dt.date | None = None) -> str:
    """HTML for the briefing, or nothing when no financial records are loaded."""
    if not ws.scalar("SELECT count(*) FROM finance_transactions"):
        return ""
    from crossroute.analysis.finance.service import alerts

    found = alerts(ws, user, purpose, today=today)
    rows = found.alerts.to_pylist()
    by_typology: Counter[str] = Counter()
    for row in rows:
        by_typology[row["typology"]] += int(row["transactions"])
    items = "".join(
        f"<li><b>{escape(r['alert_id'])}</b> {escape(r['typology'])} (score {r['score']:.2f}, "
        f"{r['transactions']} payments, accounts {escape(', '.join((r['accounts'] or [])[:4]))}): "
        f"{escape(_figures(r['why']))}</li>"
        for r in rows[:TOP_ALERTS]
    )
    summary = ", ".join(f"{t} {n}" for t, n in by_typology.most_common()) or "none"
    return (
        "<h2 id='money-alerts'>Laundering typologies</h2>"
        f"<p>{len(rows)} alerts over {found.transactions:,} payments the preparer may see; "
        f"flagged payments by typology: {escape(summary)}.</p><ol>{items}</ol>"
    )


def _figures(why: str | None) -> str:
    figures = json.loads(why) if why else {}
    return "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in list(figures.items())[:5])
