"""The briefing's money flows from bank and MSB records: for each group shown, the accounts its members
hold (`analysis.finance.people`), their money in and out in EUR (monthly reference rates, source named)
and a Sankey picture (senders -> the group's accounts -> recipients), drawn with matplotlib. Read
through the finance gate (visible transactions only) with one audit entry naming the accounts shown."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING, Any

from crossroute.analysis.finance import gated
from crossroute.analysis.finance.people import accounts_money, holdings
from crossroute.ingest.rates import shipped_source
from crossroute.report.worldmap import svg
from crossroute.sharing import Purpose
from crossroute.store import Workspace

if TYPE_CHECKING:
    from crossroute.report.content import Briefing

GROUPS = 3
COLOUR = {"senders": "#2ca02c", "accounts": "#1f4e79", "recipients": "#d62728"}
COLUMN_X = {"senders": 0.0, "accounts": 1.0, "recipients": 2.0}


def money_flows_section(
    b: Briefing, ws: Workspace, user: str, purpose: Purpose, today: dt.date | None = None
) -> str:
    """HTML (figures with inline SVG), or nothing when no group shown holds a visible account."""
    if not ws.scalar("SELECT count(*) FROM finance_transactions") or not b.groups:
        return ""
    scope = gated.open_scope(ws, user, purpose, today)
    held = holdings(ws.db, b.case.graph)
    parts: list[str] = []
    shown: list[str] = []
    for group, members in b.groups[:GROUPS]:
        visible = {m for m in members if b.whole(m)}
        accounts = sorted({h.account_id for h in held if h.node in visible})
        if not accounts:
            continue
        money = accounts_money(ws.db, accounts)
        if not money["sankey"]["links"]:
            continue
        shown.extend(accounts)
        for node in money["sankey"]["nodes"]:
            people = [b.label(h.node) for h in held
                      if h.account_id == node["account"] and h.node in b.seen.known]  # fmt: skip
            if people:
                node["holders"] = people
        totals = money["totals"]
        caption = (
            f"Group {group.community}: {len(accounts)} accounts held by its members; money in "
            f"€{totals['in']:,.0f} ({money['payments']['in']} payments), out €{totals['out']:,.0f} "
            f"({money['payments']['out']}), between them €{totals['internal']:,.0f}."
        )
        if money["without_rate"]:
            caption += f" {money['without_rate']} payments without a reference rate are left out."
        parts.append(
            f"<figure class='money-sankey' id='money-sankey-{group.community}'>"
            + sankey_picture(money["sankey"], f"Group {group.community}: money in and out (EUR)")
            + f"<figcaption>{escape(caption)}</figcaption></figure>"
        )
    gated.log(
        ws,
        scope,
        "report money flows",
        {"groups": len(parts), "accounts": len(shown)},
        [f"account|{a}" for a in dict.fromkeys(shown)],
    )
    if not parts:
        return ""
    return (
        "<h2 id='money-flows'>Money flows of the groups (bank and MSB records)</h2>"
        + "".join(parts)
        + f"<p class='muted'>Amounts in EUR at monthly reference rates: {escape(_rate_sources(ws))}. "
        "Left: who paid in (cash as one party); middle: the group's accounts; right: who was paid. "
        "Transfers between the group's own accounts are in the totals, not drawn.</p>"
    )


def _rate_sources(ws: Workspace) -> str:
    found = [
        str(r[0]) for r in ws.rows("SELECT DISTINCT source FROM finance_rate_loads ORDER BY 1")
    ]
    return "; ".join(found) or shipped_source()


def sankey_picture(sankey: dict[str, Any], title: str) -> str:
    """Three columns (senders, accounts, recipients), each node as tall as the money through it, each
    flow a band as wide as its amount."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MplPath

    nodes = {n["id"]: n for n in sankey["nodes"]}
    value: dict[str, float] = {k: 0.0 for k in nodes}
    out_of: dict[str, float] = {k: 0.0 for k in nodes}
    in_to: dict[str, float] = {k: 0.0 for k in nodes}
    for link in sankey["links"]:
        out_of[link["source"]] += link["amount_eur"]
        in_to[link["target"]] += link["amount_eur"]
    for k in nodes:
        value[k] = max(out_of[k], in_to[k])
    gap = 0.02
    columns: dict[str, list[str]] = {c: [] for c in COLUMN_X}
    for k, n in nodes.items():
        columns[n["column"]].append(k)
    scale = 1.0 / max(
        sum(value[k] for k in ks) / (1 - gap * max(len(ks) - 1, 0)) for ks in columns.values() if ks
    )
    top: dict[str, float] = {}
    for ks in columns.values():
        y = 1.0
        for k in sorted(ks, key=lambda k: -value[k]):
            top[k] = y
            y -= value[k] * scale + gap
    fig, ax = plt.subplots(figsize=(10, 4.8))
    width = 0.06
    sent = {k: top[k] for k in nodes}
    got = {k: top[k] for k in nodes}
    for link in sorted(sankey["links"], key=lambda link: -link["amount_eur"]):
        s, t, h = link["source"], link["target"], link["amount_eur"] * scale
        x0, x1 = COLUMN_X[nodes[s]["column"]] + width, COLUMN_X[nodes[t]["column"]]
        y0, y1 = sent[s], got[t]
        sent[s] -= h
        got[t] -= h
        mid = (x0 + x1) / 2
        verts = [(x0, y0), (mid, y0), (mid, y1), (x1, y1), (x1, y1 - h), (mid, y1 - h),
                 (mid, y0 - h), (x0, y0 - h), (x0, y0)]  # fmt: skip
        codes = [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4, MplPath.LINETO,
                 MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4, MplPath.CLOSEPOLY]  # fmt: skip
        colour = COLOUR["senders" if nodes[s]["column"] == "senders" else "recipients"]
        ax.add_patch(PathPatch(MplPath(verts, codes), fc=colour, ec="none", alpha=0.35))
    for k, n in nodes.items():
        x, h = COLUMN_X[n["column"]], value[k] * scale
        ax.add_patch(Rectangle((x, top[k] - h), width, h, fc=COLOUR[n["column"]], ec="none"))
        holder = f" ({n['holders'][0]})" if n.get("holders") else ""
        label = f"{_short(n['label'])}{holder}  €{value[k]:,.0f}"
        left = n["column"] == "senders"
        ax.text(x - 0.02 if left else x + width + 0.02, top[k] - h / 2, label, fontsize=7,
                ha="right" if left else "left", va="center")  # fmt: skip
    for column, x in COLUMN_X.items():
        ax.text(x + width / 2, 1.04, column, ha="center", fontsize=8, color="#555")
    ax.set_xlim(-0.75, 2.8)
    ax.set_ylim(min([top[k] - value[k] * scale for k in nodes] + [0.0]) - 0.02, 1.09)
    ax.set_axis_off()
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return svg(fig)


def _short(text: str, most: int = 24) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"
