"""The briefing's pictures as inline SVG (matplotlib, Agg): each group drawn legibly (its most central
members, named), and the money flows (one axis per currency)."""

from __future__ import annotations

from collections import defaultdict

from crossroute.ingest.rates import Converter
from crossroute.report.content import Briefing
from crossroute.report.worldmap import svg

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def group_picture(b: Briefing, members: list[int], community: int, most: int = 14) -> str:
    """One group, legible: its most central members the preparer may see (by betweenness), named,
    coloured by role, and the ties among them that rest on records the preparer may see."""
    import igraph as ig
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    case = b.case
    bet = case.centrality.betweenness
    nodes = sorted(members, key=lambda n: -float(bet[n]))[:most]
    index = {n: i for i, n in enumerate(nodes)}
    pairs = {
        tuple(sorted((index[e.a], index[e.b])))
        for e in case.graph.evidence
        if e.a in index and e.b in index and e.a != e.b and (e.source, e.record_id) in b.shown
    }
    g = ig.Graph(n=len(nodes), edges=sorted(pairs))
    layout = g.layout_kamada_kawai() if len(nodes) > 1 else [(0.0, 0.0)] * len(nodes)
    fig, ax = plt.subplots(figsize=(8, 4.6))
    xy = [tuple(layout[i]) for i in range(len(nodes))]
    for a, c in pairs:
        ax.plot([xy[a][0], xy[c][0]], [xy[a][1], xy[c][1]], color="#9aa0ae", lw=1, zorder=1)
    roles = sorted({case.roles[n].role for n in nodes if n in case.roles})
    colour_of = {r: PALETTE[i % len(PALETTE)] for i, r in enumerate(roles)}
    top = max((float(bet[n]) for n in nodes), default=1.0) or 1.0
    for n in nodes:
        x, y = xy[index[n]]
        role = case.roles[n].role if n in case.roles else None
        ringed = n in b.targets
        ax.scatter([x], [y], s=60 + 500 * float(bet[n]) / top, c=colour_of.get(role or "", "#c8ccd6"), edgecolors="#000" if ringed else "white", linewidths=2 if ringed else 0.8, zorder=2)  # fmt: skip
        ax.annotate(b.label(n), (x, y), fontsize=8, xytext=(6, 4), textcoords="offset points")
    for role, colour in colour_of.items():
        ax.scatter([], [], c=colour, label=role, s=40)
    if colour_of:
        ax.legend(fontsize=7, loc="lower left", frameon=False, ncols=min(4, len(colour_of)))
    ax.margins(0.15)
    ax.set_axis_off()
    shown = f"{len(nodes)} most central of {len(members)}" if len(members) > len(nodes) else "all"
    ax.set_title(
        f"Group {community}: {shown} members shown (ringed: recommended targets)", fontsize=10
    )
    return svg(fig)


def money_chart(b: Briefing) -> str:
    """Payments per month by currency, and the largest payers."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    monthly: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    payers: dict[str, float] = defaultdict(float)
    eur = b.eur or Converter.of()
    for p in b.payments:
        monthly[p["currency"]][(p["date"] or "unknown")[:7]] += p["amount"]
        converted = eur.eur(p["amount"], p["currency"], p["date"])
        if converted is not None:  # payers compared in EUR at monthly reference rates
            payers[p["payer"]] += converted
    # one panel (and axis) per currency, the three largest; amounts in different currencies never stack
    currencies = sorted(monthly, key=lambda c: -sum(monthly[c].values()))[:3] or ["-"]
    fig, axes = plt.subplots(
        1, len(currencies) + 1, figsize=(11, 4.2),
        gridspec_kw={"width_ratios": [3 / len(currencies)] * len(currencies) + [2]},
    )  # fmt: skip
    right = axes[-1]
    for i, (panel, currency) in enumerate(zip(axes[:-1], currencies, strict=True)):
        by = monthly.get(currency, {})
        months = sorted(by)
        panel.bar(months, [by[m] for m in months], color=PALETTE[i % len(PALETTE)])
        panel.set_title(f"Payments per month, {currency}", fontsize=10)
        panel.tick_params(axis="x", labelrotation=60, labelsize=7)
    biggest = sorted(payers.items(), key=lambda kv: kv[1])[-10:]
    right.barh([k for k, _ in biggest], [v for _, v in biggest], color="#1f4e79")
    right.set_title("Largest payers (EUR at monthly reference rates)", fontsize=10)
    right.tick_params(labelsize=7)
    fig.tight_layout()
    return svg(fig)
