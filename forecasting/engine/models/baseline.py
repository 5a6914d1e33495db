"""Simple baselines: weekly seasonal naive, moving average, SES, weekday profile."""

from __future__ import annotations

import numpy as np

from ._sf import sf_mean, statsforecast_models
from .base import Forecaster, SeriesInput

WEEK = 7


class SeasonalNaive(Forecaster):
    """Repeat the last observed week (censored days imputed)."""

    name = "seasonal_naive"
    min_history_days = WEEK

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        last_week = series.filled[-WEEK:]
        return np.resize(last_week, horizon)


class MovingAverage(Forecaster):
    """Mean of the last 28 days; the last resort of every fallback chain."""

    name = "moving_average"
    min_history_days = 1
    fallback = None
    window = 28

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        return np.full(horizon, float(np.mean(series.filled[-self.window :])))


class SimpleExpSmoothing(Forecaster):
    """Simple exponential smoothing with an optimised smoothing weight."""

    name = "ses"
    min_history_days = 14

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        model = statsforecast_models().SimpleExponentialSmoothingOptimized()
        return sf_mean(model, series.filled, horizon)


class WeekdayProfile(Forecaster):
    """Recent level times a shrunk day-of-week profile (multiplicative)."""

    name = "weekday_profile"
    min_history_days = 28
    level_days = 28
    profile_weeks = 16
    prior_weeks = 4.0  # pseudo-weeks of a flat profile, so sparse weekdays shrink

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        values = series.filled
        n = values.size
        level = float(values[-self.level_days :].mean())
        recent = values[-self.profile_weeks * WEEK :]
        offset = n - recent.size
        weekday = (np.arange(recent.size) + offset) % WEEK
        overall = max(float(recent.mean()), 1e-9)
        profile = np.ones(WEEK)
        for day in range(WEEK):
            day_values = recent[weekday == day]
            profile[day] = (day_values.sum() / overall + self.prior_weeks) / (
                day_values.size + self.prior_weeks
            )
        profile /= profile.mean()
        future_weekday = (np.arange(horizon) + n) % WEEK
        return level * profile[future_weekday]
