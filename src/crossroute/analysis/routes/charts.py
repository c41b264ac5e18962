"""The trend charts (matplotlib, Agg; drawn offline): one figure per finding, written as SVG (inline in
the briefing and the web view) or PNG files, each with its computed sentence as caption."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from crossroute.analysis.routes.forecast import Forecast
from crossroute.analysis.routes.trends import Finding

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#7f7f7f"]
TOP_ROUTES = 6


def _figure(height: float = 3.6) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(9, height))
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _close(fig: Any) -> None:
    from matplotlib import pyplot as plt

    plt.close(fig)


def svg(fig: Any) -> str:
    """The figure as an inline <svg> element (closed after)."""
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight")
    _close(fig)
    text = out.getvalue()
    return text[text.index("<svg") :]


def png(fig: Any, path: Path) -> None:
    fig.savefig(path, format="png", dpi=110, bbox_inches="tight")
    _close(fig)


def arrivals(finding: Finding, forecast: Forecast | None = None, years: int = 3) -> Any:
    weekly = finding.frames["weekly"]
    weekly = weekly[weekly.index >= weekly.index[-1] - pd.DateOffset(years=years)]
    fig, ax = _figure()
    ax.bar(weekly.index, weekly["people"], width=6, color="#9db4cf", label="people per week")
    ax.plot(weekly.index, weekly["trend"], color="#1b2430", lw=2, label="trend (STL)")
    spiky = weekly[weekly["spike_days"] > 0]
    ax.scatter(spiky.index, spiky["people"], s=12, color="#d62728", zorder=3,
               label="weeks with spike days")  # fmt: skip
    if forecast is not None:
        ax.plot(forecast.weeks, forecast.value, color="#ff7f0e", lw=2, marker="o", ms=3,
                label="forecast")  # fmt: skip
        ax.fill_between(forecast.weeks, forecast.lower, forecast.upper, color="#ff7f0e",
                        alpha=0.25, label="80% interval")  # fmt: skip
    ax.set_ylabel("people per week")
    _legend_below(ax, ncol=5)
    ax.set_title(finding.title, fontsize=11)
    return fig


def boats(finding: Finding) -> Any:
    months = finding.frames["monthly"]
    fig, ax = _figure()
    ax.bar(months.index, months["boats"], width=25, color="#c9d3df", label="boats per month")
    ax.set_ylabel("boats per month")
    other = ax.twinx()
    other.plot(months.index, months["per_boat"], color="#d62728", lw=2, label="people per boat")
    other.set_ylabel("people per boat", color="#d62728")
    ax.set_title(finding.title, fontsize=11)
    handles = ax.get_legend_handles_labels()
    extra = other.get_legend_handles_labels()
    _legend_below(ax, handles[0] + extra[0], handles[1] + extra[1], ncol=2)
    return fig


def _legend_below(
    ax: Any, handles: list[Any] | None = None, labels: list[str] | None = None, ncol: int = 3
) -> None:
    """The legend under the chart, never over its bars and lines."""
    if handles is None or labels is None:
        handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, fontsize=7, frameon=False, loc="upper center",
              bbox_to_anchor=(0.5, -0.12), ncol=ncol)  # fmt: skip


def _top_columns(frame: pd.DataFrame, top: int = TOP_ROUTES) -> pd.DataFrame:
    order = frame.sum().sort_values(ascending=False).index
    kept = frame[list(order[:top])].copy()
    if len(order) > top:
        kept["other routes"] = frame[list(order[top:])].sum(axis=1)
    return kept


def detections(finding: Finding, years: int = 5) -> Any:
    monthly = finding.frames["monthly"]
    monthly = _top_columns(monthly[monthly.index > monthly.index[-1] - pd.DateOffset(years=years)])
    fig, ax = _figure(4.0)
    ax.stackplot(monthly.index, monthly.T.to_numpy(), labels=list(monthly.columns),
                 colors=PALETTE[: len(monthly.columns)], alpha=0.85)  # fmt: skip
    ax.set_ylabel("detections per month")
    _legend_below(ax, ncol=4)
    ax.set_title(finding.title, fontsize=11)
    return fig


def shifts(finding: Finding) -> Any:
    table = finding.frames["shifts"]
    fig, ax = _figure(1.2 + 0.6 * max(len(table), 1))
    if table.empty:
        ax.text(0.5, 0.5, "no shifts", ha="center")
        return fig
    labels = [
        f"{r.nationality}\nup: {_short(str(r.growing_on))}; down: {_short(str(r.falling_on))}"
        for r in table.itertuples()
    ]
    ups = (table["now_up"] - table["then_up"]).to_numpy()
    downs = (table["now_down"] - table["then_down"]).to_numpy()
    y = range(len(table))
    ax.barh(y, ups, color="#2ca02c", label="on the route it grows on")
    ax.barh(y, downs, color="#d62728", label="on the route it falls on")
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.axvline(0, color="#1b2430", lw=0.8)
    ax.set_xlabel("detections, last 12 months minus the 12 before")
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)
    ax.set_title(finding.title, fontsize=11)
    return fig


def _short(route: str) -> str:
    return route.removesuffix(" Route").replace("Mediterranean", "Med.")


def deaths(finding: Finding) -> Any:
    by_year = _top_columns(finding.frames["by_year"])
    fig, ax = _figure()
    bottom = pd.Series(0.0, index=by_year.index)
    for colour, column in zip(PALETTE, by_year.columns, strict=False):
        ax.bar(by_year.index, by_year[column], bottom=bottom, color=colour, label=column)
        bottom = bottom + by_year[column]
    ax.set_ylabel("dead and missing")
    _legend_below(ax, ncol=4)
    ax.set_title(finding.title, fontsize=11)
    return fig


DRAW: dict[str, Callable[[Finding], Any]] = {
    "arrivals": arrivals, "boats": boats, "detections": detections, "shifts": shifts,
    "deaths": deaths,
}  # fmt: skip


def figure(finding: Finding, forecast: Forecast | None = None) -> Any:
    """The finding's chart (the arrivals chart carries the forecast when given)."""
    if finding.name == "arrivals":
        return arrivals(finding, forecast)
    return DRAW[finding.name](finding)


def write(findings: list[Finding], out: Path, forecast: Forecast | None = None) -> list[Path]:
    """Each finding's chart as OUT/<name>.png and its sentence in OUT/<name>.txt."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for f in findings:
        target = out / f"{f.name}.png"
        png(figure(f, forecast), target)
        (out / f"{f.name}.txt").write_text(f.sentence + "\n", encoding="utf-8")
        written.append(target)
    return written
