"""Statistical models from statsforecast: ETS, Theta, ARIMA, seasonal ES."""

from __future__ import annotations

import numpy as np

from ._sf import sf_mean, statsforecast_models
from .base import Forecaster, SeriesInput

WEEK = 7


class ETS(Forecaster):
    """Automatic ETS with weekly seasonality (no trend: daily demand rarely trends).

    Fitted on the last 52 weeks: the weekly model's states adapt within weeks,
    and the fit's cost grows with the days (730 days cost twice as much, the
    largest single cost of a nightly run; on the shared pasta file 52 weeks
    scored within ±2 % of two years' fit, better at 2 of 5 dates).
    """

    name = "ets"
    min_history_days = 3 * WEEK
    fallback = "ses"
    fit_days = 52 * WEEK

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        model = statsforecast_models().AutoETS(season_length=WEEK, model="ZNZ")
        return sf_mean(model, series.filled[-self.fit_days :], horizon)


class ETSAuto(Forecaster):
    """Full automatic ETS search, damped trends included (about 5x slower than ets)."""

    name = "ets_trend"
    min_history_days = 3 * WEEK
    fallback = "ets"

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        model = statsforecast_models().AutoETS(season_length=WEEK, model="ZZZ")
        return sf_mean(model, series.filled, horizon)


class ThetaModel(Forecaster):
    """Standard Theta method on the weekly-deseasonalised series."""

    name = "theta"
    min_history_days = 3 * WEEK
    fallback = "ses"

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        model = statsforecast_models().Theta(season_length=WEEK)
        return sf_mean(model, series.filled, horizon)


class SeasonalES(Forecaster):
    """Seasonal exponential smoothing: one smoothed level per weekday."""

    name = "seasonal_es"
    min_history_days = 4 * WEEK
    fallback = "ses"

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        model = statsforecast_models().SeasonalExponentialSmoothingOptimized(
            season_length=WEEK
        )
        return sf_mean(model, series.filled, horizon)


class Arima(Forecaster):
    """Seasonal ARIMA(1,0,1)(0,1,1)7: a fixed order, fast enough for many SKUs."""

    name = "arima"
    min_history_days = 8 * WEEK
    fallback = "ets"

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        model = statsforecast_models().ARIMA(
            order=(1, 0, 1), seasonal_order=(0, 1, 1), season_length=WEEK
        )
        return sf_mean(model, series.filled, horizon)


class AutoArima(Forecaster):
    """Automatic seasonal ARIMA (slow: about 2 s per series)."""

    name = "auto_arima"
    min_history_days = 8 * WEEK
    fallback = "arima"

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        model = statsforecast_models().AutoARIMA(season_length=WEEK)
        return sf_mean(model, series.filled, horizon)
