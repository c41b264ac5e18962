"""What changed, from the public data: small-boat arrivals with their trend and spikes, people per boat,
Frontex detections by route and nationality (shares and shifts) and IOM deaths and missing by route and
cause. Each finding carries the sentence an analyst would write under its chart, made from the figures
(every number in it is computed here)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crossroute.analysis.routes.series import NoPublicData, monthly, uk_daily, weekly
from crossroute.store import Workspace

SPIKE_TIMES = 3.0  # a spike day brings more than this many times the trend's daily rate
SPIKE_MIN = 100  # and at least this many people
UNSTATED = frozenset({"OOO", "UNK", "XXX"})  # Frontex/IOM codes for a nationality not known
YEAR_WEEKS = 52
# incidents located in and around the Channel (IOM files them under no route of their own)
CHANNEL_BOX = {"lat": (50.0, 51.6), "lon": (0.0, 2.7)}


@dataclass
class Finding:
    """One chart's data and the sentence under it."""

    name: str
    title: str
    sentence: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict[str, object] = field(default_factory=dict)


def _pct(now: float, then: float) -> str:
    if then == 0:
        return "new" if now else "unchanged"
    change = now / then - 1
    return f"{change:+.0%}".replace("-", "−") if abs(change) >= 0.005 else "unchanged"


def _day(stamp: object) -> str:
    return str(pd.Timestamp(stamp).strftime("%-d %B %Y"))


def decompose(people: pd.Series) -> pd.DataFrame:
    """STL of weekly people with an annual season, robust to spikes (Cleveland et al. 1990;
    statsmodels): the trend in people a week and the seasonal swing."""
    from statsmodels.tsa.seasonal import STL

    fitted = STL(people.astype(float), period=YEAR_WEEKS, robust=True).fit()
    trend = np.maximum(np.asarray(fitted.trend, dtype=float), 0.0)
    return pd.DataFrame(
        {"people": people, "trend": trend, "seasonal": np.asarray(fitted.seasonal, dtype=float)},
        index=people.index,
    )


def spike_days(daily: pd.DataFrame, parts: pd.DataFrame) -> pd.Series:
    """Days whose arrivals exceed SPIKE_TIMES the trend's daily rate (and SPIKE_MIN people): the
    calm-weather surges that carry much of a year's crossings."""
    rate = (parts["trend"] / 7).reindex(daily.index, method="bfill")
    people = daily["people"]
    return people[(people > SPIKE_TIMES * rate) & (people >= SPIKE_MIN)]


def arrivals(ws: Workspace) -> Finding:
    """Weekly people crossing, its STL trend and the spike days; the last 52 weeks against the 52
    before."""
    daily = uk_daily(ws)
    weeks = weekly(daily)
    parts = decompose(weeks["people"])
    last, before = weeks.iloc[-YEAR_WEEKS:], weeks.iloc[-2 * YEAR_WEEKS : -YEAR_WEEKS]
    end = weeks.index[-1]
    start = last.index[0] - pd.Timedelta(days=6)
    spikes = spike_days(daily, parts)
    recent = spikes[(spikes.index >= start) & (spikes.index <= end)]
    trend_now, trend_then = parts["trend"].iloc[-1], parts["trend"].iloc[-1 - YEAR_WEEKS]
    total = last["people"].sum()
    sentence = (
        f"In the 52 weeks to {_day(end)}, {total:,.0f} people crossed in "
        f"{last['boats'].sum():,.0f} boats ({_pct(total, before['people'].sum())} on the 52 weeks "
        f"before). The trend (STL, season and spikes set aside) stands at {trend_now:,.0f} people "
        f"a week against {trend_then:,.0f} a year earlier."
    )
    if len(recent):
        sentence += (
            f" {recent.sum() / total:.0%} of the year's arrivals came on {len(recent)} spike "
            f"days (over {SPIKE_TIMES:g} times the trend's daily rate, the calm-weather surges); "
            f"the largest, {_day(recent.idxmax())}, brought {recent.max():,.0f}."
        )
    weekly_parts = parts.join(weeks[["boats", "per_boat"]])
    weekly_parts["spike_days"] = spikes.resample("W-SUN").size().reindex(parts.index).fillna(0)
    return Finding(
        "arrivals",
        "Small-boat arrivals per week (UK Home Office): trend and spike days",
        sentence,
        {"weekly": weekly_parts, "daily": daily, "spikes": spikes.to_frame("people")},
        {
            "last_52_weeks": float(total),
            "previous_52_weeks": float(before["people"].sum()),
            "trend_now": float(trend_now),
            "trend_year_before": float(trend_then),
            "spike_days_52_weeks": len(recent),
            "spike_share_52_weeks": float(recent.sum() / total) if total else 0.0,
        },
    )


def boats(ws: Workspace) -> Finding:
    """Boats and people per boat by month, with the published yearly figures."""
    daily = uk_daily(ws)
    months = monthly(daily)
    years = ws.db.execute(
        "SELECT n_year AS year, migrants_arrived AS people, boats_arrived AS boats, "
        "migrants_per_boat AS per_boat FROM uk_boats_yearly ORDER BY n_year"
    ).df()
    weeks = weekly(daily)
    last, before = weeks.iloc[-YEAR_WEEKS:], weeks.iloc[-2 * YEAR_WEEKS : -YEAR_WEEKS]
    per_now = last["people"].sum() / max(last["boats"].sum(), 1)
    per_then = before["people"].sum() / max(before["boats"].sum(), 1)
    full = years[years["year"] < daily.index[-1].year]
    first, peak = full.iloc[0], full.loc[full["boats"].idxmax()]
    sentence = (
        f"Boats carried {per_now:.1f} people each on average in the 52 weeks to "
        f"{_day(weeks.index[-1])}, against {per_then:.1f} in the 52 weeks before and "
        f"{first['per_boat']:.1f} in {int(first['year'])}. Fewer, fuller boats: "
        f"{last['boats'].sum():,.0f} boats in the last 52 weeks, against "
        f"{peak['boats']:,.0f} in {int(peak['year'])}, the year with most boats."
    )
    return Finding(
        "boats",
        "Boats and people per boat per month (UK Home Office)",
        sentence,
        {"monthly": months, "yearly": years},
        {"per_boat_last_52_weeks": float(per_now), "per_boat_previous_52_weeks": float(per_then)},
    )


def _frontex(ws: Workspace) -> pd.DataFrame:
    frame = ws.db.execute(
        "SELECT route, type, nat, t, coalesce(n, 0) AS n FROM frontex_detections"
    ).df()
    if frame.empty:
        raise NoPublicData("no Frontex detections loaded: run `crossroute routes load WS` first")
    frame["t"] = pd.to_datetime(frame["t"])
    return frame


def twelve_months(frame: pd.DataFrame, date: str = "t") -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Rows of the last 12 months of the file, of the 12 before, and the last month's name."""
    end = frame[date].max()
    start = end - pd.DateOffset(months=11)
    last = frame[(frame[date] >= start) & (frame[date] <= end)]
    before = frame[(frame[date] >= start - pd.DateOffset(months=12)) & (frame[date] < start)]
    return last, before, pd.Timestamp(end).strftime("%B %Y")


def detections(ws: Workspace) -> Finding:
    """Frontex detections by route per month; the last 12 months against the 12 before."""
    frame = _frontex(ws)
    last, before, end = twelve_months(frame)
    now, then = last.groupby("route")["n"].sum(), before.groupby("route")["n"].sum()
    table = pd.DataFrame({"last_12_months": now, "previous_12_months": then}).fillna(0)
    table["share"] = table["last_12_months"] / table["last_12_months"].sum()
    table["change"] = table["last_12_months"] - table["previous_12_months"]
    table = table.sort_values("last_12_months", ascending=False)
    top = table.index[0]
    rise, fall = table["change"].idxmax(), table["change"].idxmin()
    sentence = (
        f"In the 12 months to {end}, Frontex recorded {now.sum():,.0f} irregular border crossings "
        f"({_pct(now.sum(), then.sum())} on the 12 months before). The {top} carried "
        f"{table.loc[top, 'share']:.0%} of them ({_pct(now[top], then.get(top, 0))})."
    )
    by_nat = last[last["route"] == top].groupby("nat")["n"].sum()
    by_nat = by_nat.drop(list(UNSTATED), errors="ignore")
    before_nat = before[before["route"] == top].groupby("nat")["n"].sum()
    if len(by_nat):
        lead = str(by_nat.idxmax())
        share_then = before_nat.get(lead, 0) / max(before_nat.sum(), 1)
        sentence += (
            f" Its leading nationality was {country_name(lead)}: {by_nat[lead] / now[top]:.0%} of its "
            f"detections, against {share_then:.0%} in the 12 months before."
        )
    if table.loc[rise, "change"] > 0:
        sentence += (
            f" The largest rise was on the {rise} ({then.get(rise, 0):,.0f} to {now[rise]:,.0f})"
        )
        sentence += (
            f", the largest fall on the {fall} ({then[fall]:,.0f} to {now.get(fall, 0):,.0f})."
            if table.loc[fall, "change"] < 0
            else "."
        )
    monthly_routes = frame.pivot_table(index="t", columns="route", values="n", aggfunc="sum")
    return Finding(
        "detections",
        "Frontex detections of irregular border crossings by route",
        sentence,
        {"monthly": monthly_routes.fillna(0), "routes": table},
        {"last_month": end},
    )


def nationality_shifts(ws: Workspace, *, minimum: float = 300) -> pd.DataFrame:
    """Per route and nationality: detections in the last 12 months and the 12 before, the change and
    the nationality's share of the route; only pairs with at least `minimum` detections in one period."""
    frame = _frontex(ws)
    last, before, _ = twelve_months(frame)
    now = last.groupby(["route", "nat"])["n"].sum()
    then = before.groupby(["route", "nat"])["n"].sum()
    table = pd.DataFrame({"now": now, "then": then}).fillna(0)
    table = table[(table["now"] >= minimum) | (table["then"] >= minimum)].copy()
    table["change"] = table["now"] - table["then"]
    route_now = last.groupby("route")["n"].sum()
    route_then = before.groupby("route")["n"].sum()
    routes = table.index.get_level_values("route")
    table["share_now"] = table["now"].to_numpy() / route_now.reindex(routes).to_numpy()
    table["share_then"] = table["then"].to_numpy() / route_then.reindex(routes).fillna(0).to_numpy()
    return table.reset_index()


def shifts(ws: Workspace, *, top: int = 5) -> Finding:
    """Nationalities growing on one route while falling on another (last 12 months against the 12
    before), ranked by the smaller of the two moves."""
    table = nationality_shifts(ws)
    _, _, end = twelve_months(_frontex(ws))
    pairs = []
    for nat, rows in table[~table["nat"].isin(UNSTATED)].groupby("nat"):
        up, down = rows.loc[rows["change"].idxmax()], rows.loc[rows["change"].idxmin()]
        if up["change"] > 0 > down["change"]:
            pairs.append({
                "nat": nat, "nationality": country_name(str(nat)), "growing_on": up["route"], "then_up": up["then"], "now_up": up["now"],
                "falling_on": down["route"], "then_down": down["then"], "now_down": down["now"],
                "moved": min(up["change"], -down["change"]),
            })  # fmt: skip
    found = pd.DataFrame(pairs)
    if found.empty:
        sentence = (
            f"In the 12 months to {end}, no nationality grew on one route while falling on another "
            "by 300 or more detections."
        )
        return Finding("shifts", "Nationalities moving between routes", sentence, {"shifts": found})
    found = found.sort_values("moved", ascending=False).head(top).reset_index(drop=True)
    lead = found.iloc[0]
    sentence = (
        f"In the 12 months to {end}, {len(pairs)} nationalities grew on one route while falling on "
        f"another (nationality stated). Most marked: {lead['nationality']}, up on the "
        f"{lead['growing_on']} ({lead['then_up']:,.0f} to {lead['now_up']:,.0f}) while down on the {lead['falling_on']} "
        f"({lead['then_down']:,.0f} to {lead['now_down']:,.0f})"
    )
    if len(found) > 1:
        second = found.iloc[1]
        sentence += (
            f"; then {second['nationality']}, up on the {second['growing_on']} "
            f"({second['then_up']:,.0f} to {second['now_up']:,.0f}) and down on the "
            f"{second['falling_on']} ({second['then_down']:,.0f} to {second['now_down']:,.0f})"
        )
    return Finding(
        "shifts",
        "Nationalities moving between routes (Frontex)",
        sentence + ".",
        {"shifts": found},
    )


def country_name(code: str) -> str:
    """A country's common name from its ISO 3166 alpha-3 code (the code itself when unknown)."""
    import pycountry

    if code in UNSTATED:
        return "nationality not stated"
    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


def _iom(ws: Workspace) -> pd.DataFrame:
    frame = ws.db.execute(
        "SELECT t, route, coalesce(dead, 0) AS dead, cause, lat, lon FROM iom_incidents "
        "WHERE t IS NOT NULL"
    ).df()
    if frame.empty:
        raise NoPublicData("no IOM Missing Migrants incidents loaded: run `crossroute routes load`")
    frame["t"] = pd.to_datetime(frame["t"])
    frame["year"] = frame["t"].dt.year
    box = CHANNEL_BOX
    frame["channel"] = frame["lat"].between(*box["lat"]) & frame["lon"].between(*box["lon"])
    return frame


def deaths(ws: Workspace) -> Finding:
    """Dead and missing by route and year and by cause, for the last full year; and in the Channel."""
    frame = _iom(ws)
    last_day = frame["t"].max()
    year = int(last_day.year) - (0 if (last_day.month, last_day.day) == (12, 31) else 1)
    in_year, year_before = frame[frame["year"] == year], frame[frame["year"] == year - 1]
    total, previous = in_year["dead"].sum(), year_before["dead"].sum()
    routes = in_year.groupby("route")["dead"].sum().sort_values(ascending=False)
    causes = in_year.groupby("cause")["dead"].sum().sort_values(ascending=False)
    named = routes.drop("Undefined", errors="ignore")
    worst = named.index[0]
    channel = frame[frame["channel"]].groupby("year")["dead"].sum()
    sentence = (
        f"In {year}, IOM's Missing Migrants Project recorded {total:,.0f} people dead or missing "
        f"in {len(in_year):,} incidents ({_pct(total, previous)} on {year - 1}). The {worst} was "
        f"the deadliest named route ({named[worst]:,.0f}, {named[worst] / total:.0%}); "
        f"{causes.index[0].lower()} the leading cause ({causes.iloc[0] / total:.0%}). In and around "
        f"the Channel, {channel.get(year, 0):,.0f} dead or missing against "
        f"{channel.get(year - 1, 0):,.0f} in {year - 1}."
    )
    by_year = frame.pivot_table(index="year", columns="route", values="dead", aggfunc="sum")
    return Finding(
        "deaths",
        "Dead and missing by route (IOM Missing Migrants Project)",
        sentence,
        {
            "by_year": by_year.fillna(0),
            "causes": causes.to_frame("dead"),
            "channel": channel.to_frame("dead"),
        },
        {"year": year, "channel": {int(k): float(v) for k, v in channel.items()}},
    )


def all_findings(ws: Workspace) -> list[Finding]:
    """Every trend the loaded public data allows (a dataset not loaded is left out)."""
    found = []
    for make in (arrivals, boats, detections, shifts, deaths):
        try:
            found.append(make(ws))
        except NoPublicData:
            continue
    return found
