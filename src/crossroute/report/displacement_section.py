"""The briefing's displacement chart: per port, the monthly share of declarations from risky origins,
with the flagged shifts marked (a falling triangle where a port lost risky traffic, a rising one where
another gained it), and the shifts listed. Counts only (no party, no record), so no gate."""

from __future__ import annotations

from html import escape

import duckdb

from crossroute.analysis.ports.displacement import Monitor, monitor
from crossroute.report.worldmap import svg
from crossroute.store import Workspace

PORTS_DRAWN = 8  # the ports with most declarations


def displacement_chart(found: Monitor) -> str:
    """Inline SVG: risky-origin share per port and month, shifts marked."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    totals: dict[str, int] = {}
    for row in found.rows:
        totals[row.port] = totals.get(row.port, 0) + row.declarations
    ports = sorted(totals, key=lambda p: -totals[p])[:PORTS_DRAWN]
    months = sorted({r.month for r in found.rows})
    at = {m: i for i, m in enumerate(months)}
    share = {(r.port, r.month): r.risky_share for r in found.rows}
    fig, ax = plt.subplots(figsize=(8, 3.6))
    for port in ports:
        xs = [at[m] for m in months if (port, m) in share]
        ax.plot(xs, [share[(port, months[x])] for x in xs], marker=".", lw=1.4, label=port)
    for s in found.shifts:
        if s.from_port in ports:
            ax.scatter([at[s.drop_month]], [s.from_share], marker="v", s=90, c="#b42318", zorder=3)
        if s.to_port in ports:
            ax.scatter([at[s.rise_month]], [s.to_share], marker="^", s=90, c="#b42318", zorder=3)
    step = max(1, len(months) // 12)
    ax.set_xticks(range(0, len(months), step), months[::step], rotation=45, fontsize=7)
    ax.set_ylabel("share from risky origins", fontsize=8)
    ax.set_title("Risky-origin share per port and month (red: flagged shift)", fontsize=10)
    ax.legend(fontsize=7, frameon=False, ncols=min(4, max(1, len(ports))), loc="upper left")
    ax.margins(0.05, 0.2)
    return svg(fig)


def displacement_section(ws: Workspace) -> str:
    """HTML of the chart and the shifts, or '' when the workspace holds no declarations."""
    try:  # the ports tables come with migration 010; a workspace opened read-only may predate it
        if not ws.scalar("SELECT count(*) FROM ports.declarations"):
            return ""
    except duckdb.CatalogException:
        return ""
    found = monitor(ws)
    items = "".join(
        f"<li>{escape(s.drop_month)}: {escape(s.from_port)} risky share {s.from_share:.1%} "
        f"(expected {s.from_expected:.1%}, z {s.from_z}) while {escape(s.to_port)} "
        f"{s.to_share:.1%} in {escape(s.rise_month)} (expected {s.to_expected:.1%}, z {s.to_z})"
        f"{'; after more inspections at ' + escape(s.from_port) if s.enforcement else ''}</li>"
        for s in found.shifts[:10]
    )
    origins = ", ".join(found.risky_origins) or "none"
    return (
        "<h3 id='ports-displacement'>Displacement between ports</h3>"
        f"<p>Risky origins counted: {escape(origins)}. A shift is flagged when one port's share falls "
        f"{found.params.z} standard deviations below its own last {found.params.window} months while "
        "another's rises as far above (crossroute ports displacement).</p>"
        f"{displacement_chart(found)}"
        f"<ul>{items or '<li>No shift flagged.</li>'}</ul>"
    )
