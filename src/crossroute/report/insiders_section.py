"""The briefing's insider list: only when the policy's list rule lets the briefing's reader (the user who
prepares it) see the list; otherwise the section is left out entirely (nothing of it, not even a count,
and no refusal written into the document). Built through the gate (one audit entry)."""

from __future__ import annotations

import datetime as dt
from html import escape

from crossroute.analysis.ports.insiders import LIST, insiders
from crossroute.sharing import Purpose, lists
from crossroute.sharing.policy import Visibility
from crossroute.sharing.users import get_user
from crossroute.store import Workspace

TOP = 10


def insiders_section(
    ws: Workspace, user: str, purpose: Purpose, today: dt.date | None = None
) -> str:
    """HTML of the section, or '' when the reader may not see the list or it is empty."""
    if lists.verdict(ws, get_user(ws, user), LIST).visibility is not Visibility.FULL:
        return ""
    found = insiders(ws, user, purpose, top=TOP, today=today, path="report insiders")
    if not found["items"]:
        return ""
    rows = "".join(
        f"<tr><td>{i['rank']}</td><td>{escape(i['person'])}</td>"
        f"<td>{escape('; '.join(i['roles']))}</td><td>{i['score']:.1f}</td><td><ul>"
        + "".join(
            f"<li>{escape(e['what'])} ({escape(', '.join(e['records'][:3]))})</li>"
            for e in i["evidence"]
        )
        + "</ul></td></tr>"
        for i in found["items"]
    )
    return (
        "<h3 id='ports-insiders'>Port staff tied to the networks (restricted list)</h3>"
        f"<p>{len(found['items'])} of {found['staff_considered']} port, customs, police and dock "
        "staff the preparer may see have ties (crossroute ports insiders).</p>"
        "<table><tr><th>#</th><th>person</th><th>role / employer</th><th>score</th>"
        f"<th>evidence</th></tr>{rows}</table>"
    )
