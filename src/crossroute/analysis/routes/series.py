"""The public series as pandas objects: UK small-boat arrivals per day, week and month (people, boats,
people per boat), read from the loaded tables. A day the publisher leaves blank had no recorded arrivals
(the cumulative columns do not move on those days), so it counts as zero; weeks run Monday to Sunday and
a week the file does not cover to its Sunday is left out."""

from __future__ import annotations

import pandas as pd

from crossroute.store import Workspace


class NoPublicData(Exception):
    """The workspace has not loaded the public dataset a computation needs."""


def uk_daily(ws: Workspace) -> pd.DataFrame:
    """Per day: people, boats (blank = 0), indexed by date, every day of the file."""
    frame = ws.db.execute(
        "SELECT full_date AS date, coalesce(migrants_arrived, 0) AS people, "
        "coalesce(boats_arrived, 0) AS boats FROM uk_boats_daily ORDER BY full_date"
    ).df()
    if frame.empty:
        raise NoPublicData(
            "no UK small-boat daily arrivals loaded: run `crossroute routes load WS` first"
        )
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.set_index("date").astype(float)


def weekly(daily: pd.DataFrame) -> pd.DataFrame:
    """Weekly (Monday to Sunday) totals, full weeks only; people per boat where boats arrived."""
    days = daily.resample("W-SUN").size()
    totals = daily.resample("W-SUN").sum()
    totals = totals[days == 7]
    return with_ratio(totals)


def monthly(daily: pd.DataFrame) -> pd.DataFrame:
    """Calendar-month totals (the last month only as far as the file goes)."""
    return with_ratio(daily.resample("MS").sum())


def with_ratio(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["per_boat"] = (out["people"] / out["boats"]).where(out["boats"] > 0)
    return out
