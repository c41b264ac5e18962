"""The briefing's pictures as inline SVG (matplotlib, Agg): the network of the groups and key players,
and the money flows."""

from __future__ import annotations

from collections import defaultdict

from crossroute.report.content import Briefing
from crossroute.report.worldmap import svg

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def network_picture(b: Briefing) -> str:
    """Visible group members and key players, ties among them, coloured by group, sized by betweenness;
    disruption targets ringed."""
    import igraph as ig
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    case = b.case
    nodes = sorted({m for _, ms in b.groups for m in ms} | {p.node for p in b.players})
    index = {n: i for i, n in enumerate(nodes)}
    pairs = {
        (index[e.a], index[e.b])
        for e in case.graph.evidence
        if e.a in index and e.b in index and (e.source, e.record_id) in b.shown
    }
    g = ig.Graph(n=len(nodes), edges=sorted(pairs))
    layout = (
        g.layout_fruchterman_reingold(seed=[(i % 7, i // 7) for i in range(len(nodes))])
        if nodes
        else []
    )
    fig, ax = plt.subplots(figsize=(9, 6.5))
    xy = [tuple(layout[i]) for i in range(len(nodes))]
    for a, c in pairs:
        ax.plot([xy[a][0], xy[c][0]], [xy[a][1], xy[c][1]], color="#b8bcc8", lw=0.6, zorder=1)
    bet = case.centrality.betweenness
    top = max((float(bet[n]) for n in nodes), default=1.0) or 1.0
    named = {p.node for p in b.players[:8]} | set(b.targets)
    for n in nodes:
        x, y = xy[index[n]]
        colour = PALETTE[int(case.communities.membership[n]) % len(PALETTE)]
        ring = "#000" if n in b.targets else "white"
        ax.scatter([x], [y], s=30 + 600 * float(bet[n]) / top, c=colour, edgecolors=ring, linewidths=2 if n in b.targets else 0.5, zorder=2)  # fmt: skip
        if n in named:
            ax.annotate(b.label(n), (x, y), fontsize=8, xytext=(4, 4), textcoords="offset points")
    ax.set_axis_off()
    ax.set_title(
        "Groups and key players (size: betweenness; ringed: recommended targets)", fontsize=11
    )
    return svg(fig)


def money_chart(b: Briefing) -> str:
    """Payments per month by currency, and the largest payers."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    monthly: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    payers: dict[str, float] = defaultdict(float)
    for p in b.payments:
        monthly[p["currency"]][(p["date"] or "unknown")[:7]] += p["amount"]
        if p["currency"] == _main_currency(b):
            payers[p["payer"]] += p["amount"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [3, 2]})
    months = sorted({m for by in monthly.values() for m in by})
    bottom = [0.0] * len(months)
    for i, (currency, by) in enumerate(sorted(monthly.items())):
        values = [by.get(m, 0.0) for m in months]
        left.bar(months, values, bottom=bottom, label=currency, color=PALETTE[i % len(PALETTE)])
        bottom = [a + v for a, v in zip(bottom, values, strict=True)]
    left.set_title("Payments per month", fontsize=10)
    left.tick_params(axis="x", labelrotation=60, labelsize=7)
    if monthly:
        left.legend(fontsize=8)
    biggest = sorted(payers.items(), key=lambda kv: kv[1])[-10:]
    right.barh([k for k, _ in biggest], [v for _, v in biggest], color="#1f4e79")
    right.set_title(f"Largest payers ({_main_currency(b)})", fontsize=10)
    right.tick_params(labelsize=7)
    fig.tight_layout()
    return svg(fig)


def _main_currency(b: Briefing) -> str:
    totals: dict[str, float] = defaultdict(float)
    for p in b.payments:
        totals[p["currency"]] += p["amount"]
    return max(totals, key=lambda c: totals[c]) if totals else "-"
