"""The ports section with the displacement chart and (for a reader the policy allows) the insider list
after the risk officer's tables; headed on its own when no declarations were scored."""

from __future__ import annotations

import datetime as dt

from crossroute.report.displacement_section import displacement_section
from crossroute.report.insiders_section import insiders_section
from crossroute.sharing import Purpose
from crossroute.store import Workspace


def with_watch(
    ports_html: str, ws: Workspace, user: str, purpose: Purpose, today: dt.date | None = None
) -> str:
    """`ports_html` (report/ports_section.py) followed by the displacement and insider sections."""
    extra = displacement_section(ws) + insiders_section(ws, user, purpose, today)
    if extra and not ports_html:
        return "<h2 id='ports'>Ports</h2>" + extra
    return ports_html + extra
