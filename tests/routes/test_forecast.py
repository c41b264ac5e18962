"""The forecast and its back-test on a synthetic weekly series: the seasonal naive is last year's week, the
rolling origin never shows a model the weeks it forecasts, and the forecast comes with an interval."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crossroute.analysis.routes.forecast import (
    BASELINE,
    HORIZON,
    Model,
    backtest,
    blend_interval,
    choose,
    people_forecast,
    per_boat_forecast,
    seasonal_naive,
)


def _weeks(years: int = 4, seed: int = 3) -> pd.Series:
    rng = np.random.default_rng(seed)
    n = 52 * years
    season = 300 + 250 * np.sin(np.arange(n) * 2 * np.pi / 52)
    values = rng.poisson(np.maximum(season, 5)) * rng.choice([0.2, 1, 3], size=n, p=[0.2, 0.7, 0.1])
    index = pd.date_range("2021-01-03", periods=n, freq="W-SUN")
    return pd.Series(values.round(), index=index, dtype=float)


def test_seasonal_naive_is_the_same_week_a_year_earlier() -> None:
    history = np.arange(60, dtype=float)
    assert seasonal_naive(history, 4).tolist() == [8.0, 9.0, 10.0, 11.0]


def test_the_back_test_never_shows_a_model_what_it_forecasts() -> None:
    weeks = _weeks()
    seen: list[int] = []

    def peek(history: np.ndarray, horizon: int) -> np.ndarray:
        seen.append(len(history))
        return np.full(horizon, history[-1])

    result = backtest(weeks, Model("last", peek, "last week"), [2023])
    origins = sorted({int(weeks.index.get_loc(o)) for o in result.rows["origin"]})
    assert seen == origins  # each forecast saw exactly the weeks before its origin
    assert set(result.rows["horizon"]) == set(range(1, HORIZON + 1))
    assert (pd.to_datetime(result.rows["origin"]).dt.year == 2023).all()
    first = result.rows.iloc[0]
    assert first["actual"] == weeks[first["week"]]


def test_choose_ignores_the_baseline_and_picks_the_lowest_error() -> None:
    weeks = _weeks()
    flat = Model("flat", lambda h, n: np.full(n, float(np.mean(h[-8:]))), "flat")
    zero = Model("zero", lambda h, n: np.zeros(n), "zero")
    results = [backtest(weeks, m, [2023]) for m in (BASELINE, flat, zero)]
    assert choose(results) == "flat"


def test_forecasts_come_with_intervals() -> None:
    weeks = _weeks()
    point, lower, upper = blend_interval(weeks.to_numpy(), 4)
    assert (lower <= point).all() and (point <= upper).all() and (lower >= 0).all()
    found = people_forecast(weeks)
    assert len(found.weeks) == 4 and found.weeks[0] == weeks.index[-1] + pd.Timedelta(weeks=1)
    per_boat = per_boat_forecast(pd.Series(np.linspace(40, 60, 120), index=weeks.index[:120]))
    assert all(
        lo <= v <= hi
        for v, lo, hi in zip(per_boat.value, per_boat.lower, per_boat.upper, strict=True)
    )
    assert 55 < per_boat.value[0] < 65
