"""Forecasts of weekly small-boat arrivals (people) and people per boat, and their rolling-origin back-test.

Weekly totals are what commanders plan with; daily counts are mostly zeros and weather-driven spikes.
Every model sees only the weeks before its origin (no look-ahead). The baseline is the seasonal naive
forecast: each of the next weeks is forecast as the same week one year (52 weeks) earlier. Candidate
models are chosen among by their back-test error on earlier years, never on the years reported."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd
from numpy.typing import NDArray

HORIZON = 4
YEAR = 52  # weeks: the seasonal naive lag
PERIOD = 365.25 / 7  # the annual cycle in weeks, for the trigonometric season
LEVEL_WEEKS = 8
INTERVAL = 0.8  # central prediction interval

Floats = NDArray[np.float64]
Predict = Callable[[Floats, int], Floats]
T = TypeVar("T")


def seasonal_naive(history: Floats, horizon: int) -> Floats:
    """The same weeks one year earlier."""
    start = len(history) - YEAR
    return np.asarray(history[start : start + horizon], dtype=np.float64)


def recent_level(history: Floats, horizon: int) -> Floats:
    """The mean of the last eight weeks, held flat."""
    return np.full(horizon, float(np.mean(history[-LEVEL_WEEKS:])))


def _quiet_fit(fit: Callable[[], T]) -> T:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit()


def ses_log(history: Floats, horizon: int) -> Floats:
    """Simple exponential smoothing of log(1 + people) over the last two years (statsmodels)."""
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    logged = np.log1p(history[-2 * YEAR :])
    fitted = _quiet_fit(lambda: SimpleExpSmoothing(logged, initialization_method="estimated").fit())
    return np.asarray(np.expm1(fitted.forecast(horizon)), dtype=np.float64)


def _components(logged: Floats) -> object:
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    model = UnobservedComponents(
        logged, level="local level", freq_seasonal=[{"period": PERIOD, "harmonics": 2}]
    )
    return _quiet_fit(lambda: model.fit(disp=False, maxiter=200))


def components_log(history: Floats, horizon: int) -> Floats:
    """A structural model of log(1 + people) over the last three years (statsmodels
    UnobservedComponents): a local level (random walk plus noise) and a smooth annual cycle (two
    harmonics). On the log scale a weather spike moves the level little, and the back-transformed
    forecast is a median, which is what mean absolute error rewards."""
    fitted = _components(np.log1p(history[-3 * YEAR :]))
    return np.asarray(np.expm1(fitted.forecast(horizon)), dtype=np.float64)  # type: ignore[attr-defined]


def spread(history: Floats, horizon: int, weeks: int = 2 * YEAR) -> tuple[float, float]:
    """How far weeks fell from a forecast, as the 10th and 90th percentiles of (1 + actual) /
    (1 + recent level) over the last two years' origins and horizons 1 to `horizon` (from the
    history only: no look-ahead). A calm or stormy week moves arrivals several-fold either way."""
    ratios: list[float] = []
    for i in range(max(LEVEL_WEEKS, len(history) - weeks), len(history) - horizon + 1):
        level = float(np.mean(history[i - LEVEL_WEEKS : i]))
        ratios.extend(((1 + history[i : i + horizon]) / (1 + level)).tolist())
    if not ratios:
        return 0.0, float("inf")
    low, high = np.quantile(ratios, [(1 - INTERVAL) / 2, (1 + INTERVAL) / 2])
    return float(low), float(high)


def blend_interval(history: Floats, horizon: int) -> tuple[Floats, Floats, Floats]:
    """The mean of the structural model and the recent level, with an 80% interval: `spread` measures
    how weeks fell around the recent level, so the interval is that range around the recent level,
    widened where needed to hold the same range around the blend (on 2021-2022 the level's range held
    80.8% of weeks; scaled around the blend alone it held fewer)."""
    level = recent_level(history, horizon)
    point = (components_log(history, horizon) + level) / 2
    low, high = spread(history, horizon)
    lower = np.minimum((1 + level) * low, (1 + point) * low) - 1
    upper = np.maximum((1 + level) * high, (1 + point) * high) - 1
    return point, np.maximum(lower, 0.0), upper


def blend(history: Floats, horizon: int) -> Floats:
    """The mean of the structural model and the recent level: the level reacts to this season's
    numbers, the structural model knows where the season is heading."""
    return blend_interval(history, horizon)[0]


def _interval(fitted: object, horizon: int) -> tuple[Floats, Floats, Floats]:
    found = fitted.get_forecast(horizon)  # type: ignore[attr-defined]
    bounds = np.asarray(found.conf_int(alpha=1 - INTERVAL), dtype=np.float64)
    mean = np.asarray(found.predicted_mean, dtype=np.float64)
    return mean, bounds[:, 0], bounds[:, 1]


@dataclass(frozen=True)
class Model:
    name: str
    predict: Predict
    summary: str
    interval: Callable[[Floats, int], tuple[Floats, Floats, Floats]] | None = None


BASELINE = Model("seasonal_naive", seasonal_naive, "the same week one year (52 weeks) earlier")
CANDIDATES: tuple[Model, ...] = (
    Model("recent_level", recent_level, "mean of the last 8 weeks"),
    Model("ses_log", ses_log, "exponential smoothing of log(1+people), last 2 years"),
    Model(
        "components_log",
        components_log,
        "local level + annual cycle of log(1+people), last 3 years (UnobservedComponents)",
    ),
    Model("blend", blend, "mean of components_log and recent_level", blend_interval),
)
MODELS = {m.name: m for m in (BASELINE, *CANDIDATES)}


@dataclass(frozen=True)
class BackTest:
    """Every forecast a model made from origins in the given years: one row per origin and horizon."""

    model: str
    rows: pd.DataFrame  # origin, week, horizon, actual, forecast, error (absolute)

    @property
    def mae(self) -> float:
        return float(self.rows["error"].mean())

    @property
    def coverage(self) -> float | None:
        """The share of actual weeks inside the forecast's interval (None without intervals)."""
        rows = self.rows.dropna(subset=["lower", "upper"])
        if rows.empty:
            return None
        inside = (rows["actual"] >= rows["lower"]) & (rows["actual"] <= rows["upper"])
        return float(inside.mean())

    def mae_by(self, column: str) -> dict[int, float]:
        grouped = self.rows.groupby(column)["error"].mean()
        return {int(k): float(v) for k, v in grouped.items()}


def origins(weeks: pd.Series, years: Sequence[int], horizon: int = HORIZON) -> list[int]:
    """Positions of the weeks in `years` from which `horizon` observed weeks follow and a full year
    plus the level window precede."""
    stamps = weeks.index
    return [
        i
        for i in range(YEAR + LEVEL_WEEKS, len(weeks) - horizon + 1)
        if pd.Timestamp(stamps[i]).year in years
    ]


def backtest(
    weeks: pd.Series,
    model: Model,
    years: Sequence[int],
    *,
    horizon: int = HORIZON,
    progress: Callable[[], None] | None = None,
) -> BackTest:
    """Rolling origin: from each week of `years`, forecast the next `horizon` weeks from the weeks
    before it only, and compare with what arrived."""
    values = weeks.to_numpy(dtype=np.float64)
    rows = []
    for i in origins(weeks, years, horizon):
        if model.interval is not None:
            predicted, lower, upper = model.interval(values[:i], horizon)
        else:
            predicted = model.predict(values[:i], horizon)
            lower = upper = np.full(horizon, np.nan)
        for h in range(horizon):
            forecast = (float(predicted[h]), float(lower[h]), float(upper[h]))
            rows.append(
                (weeks.index[i], weeks.index[i + h], h + 1, float(values[i + h]), *forecast)
            )
        if progress:
            progress()
    columns = ["origin", "week", "horizon", "actual", "forecast", "lower", "upper"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["year"] = pd.to_datetime(frame["origin"]).dt.year
    frame["error"] = (frame["actual"] - frame["forecast"]).abs()
    return BackTest(model.name, frame)


def choose(results: Sequence[BackTest]) -> str:
    """The candidate with the lowest back-test error (on the selection years it was given)."""
    best = min((r for r in results if r.model != BASELINE.name), key=lambda r: r.mae)
    return best.model


@dataclass(frozen=True)
class Forecast:
    """Forecast weeks (their Sundays), central values and a central interval."""

    what: str
    model: str
    weeks: list[pd.Timestamp]
    value: list[float]
    lower: list[float]
    upper: list[float]
    level: float = INTERVAL

    def as_json(self) -> dict[str, object]:
        return {
            "what": self.what,
            "model": self.model,
            "interval": self.level,
            "weeks": [
                {"week_ending": w.date().isoformat(), "value": v, "lower": lo, "upper": hi}
                for w, v, lo, hi in zip(self.weeks, self.value, self.lower, self.upper, strict=True)
            ],
        }


def _future(weeks: pd.Series, horizon: int) -> list[pd.Timestamp]:
    last = pd.Timestamp(weeks.index[-1])
    return [last + pd.Timedelta(weeks=h) for h in range(1, horizon + 1)]


def people_forecast(weeks: pd.Series, horizon: int = HORIZON) -> Forecast:
    """People arriving in each of the next weeks: the blend (the model the back-test chose on earlier
    years) with its 80% interval."""
    point, lower, upper = blend_interval(weeks.to_numpy(dtype=np.float64), horizon)
    return Forecast(
        "people per week",
        "blend",
        _future(weeks, horizon),
        *(np.asarray(a).round(0).tolist() for a in (point, lower, upper)),
    )


def per_boat_forecast(per_boat: pd.Series, horizon: int = HORIZON) -> Forecast:
    """People per boat in each of the next weeks: a local level of log(people per boat) over the last
    two years (weeks without boats are missing, not zero), with its 80% interval."""
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    logged = np.log(per_boat.to_numpy(dtype=np.float64)[-2 * YEAR :])
    fitted = _quiet_fit(
        lambda: UnobservedComponents(logged, level="local level").fit(disp=False, maxiter=200)
    )
    mean, low, high = _interval(fitted, horizon)
    return Forecast(
        "people per boat",
        "local level of log(people per boat)",
        _future(per_boat, horizon),
        *(np.exp(a).round(1).tolist() for a in (mean, low, high)),
    )
