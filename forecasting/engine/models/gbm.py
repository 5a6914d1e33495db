"""Global gradient-boosted trees (LightGBM) trained across all products at once.

The approach of the M5 winners, kept small: every product's history is cut at
many past origins; the features describe what was known at the origin (recent
levels, weekday pattern, the same days a year before, promotion plan) scaled by
the product's own level, and the target is one later day's demand on the same
scale. One model learns from all products, so a slow mover borrows the shape
of the fast ones. ``lightgbm`` is imported only when the model trains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..calendar import CALENDAR_FEATURES, calendar_features, date_parts
from .base import Forecaster, SeriesInput

WEEK = 7
YEAR = 364  # 52 weeks: the same weekday a year before
WINDOWS = (7, 14, 28, 56, 91, 182, 364)
MIN_CUT = 56


@dataclass(frozen=True)
class GBMSettings:
    """Sampling and LightGBM settings of the global model."""

    origin_step_days: int = 7
    origins: int = 60  # training cuts per series, every ``origin_step_days``
    steps_per_origin: int = 12  # target days sampled per cut (of 1 … horizon)
    max_rows: int = 200_000  # cap on training rows: many products sample fewer
    num_boost_round: int = 250
    learning_rate: float = 0.05
    num_leaves: int = 63
    min_data_in_leaf: int = 100
    objective: str = "tweedie"  # "tweedie" | "l2" | "poisson" | "l1"
    seed: int = 7
    # One thread: as fast as two on a chunk's rows (measured), and two worker
    # processes on two cores must not each start two busy-waiting threads.
    threads: int = 1
    # Korean calendar (Seollal, Chuseok, public and substitute holidays).
    calendar: bool = True
    # Off by default (bench/gbm_variants.py; bench/README.md "Global model
    # variants"): rows weighted by their product's scale, so fast movers count
    # as in WAPE; and a balance factor making the fitted units of the training
    # rows sum to their actual units (the Tweedie loss with a log link has no
    # balance property: it fits 4-6 % low in-sample on the pasta file, 7-9 %
    # on the UK one).
    weight_by_scale: bool = False
    balance: bool = False
    # Also off by default (same bench, "Global model variants"): LightGBM's
    # Tweedie variance power (1 ~ Poisson, 2 ~ Gamma; 1.5 is LightGBM's own
    # default), and rows from older cuts weighing less, 0.5 ** (weeks back /
    # half-life) with the newest cut at 1 (0: every cut alike).
    tweedie_power: float = 1.5
    recency_halflife_weeks: float = 0.0


FEATURES = (
    [f"mean_{w}" for w in WINDOWS]
    + [f"lag_{k}" for k in range(1, WEEK + 1)]
    + [
        "same_weekday_4w",
        "same_weekday_12w",
        "zero_share_28",
        "zero_share_91",
        "std_28",
        "year_ago_day",
        "year_ago_ratio",
        "log_scale",
        "step",
        "weekday",
        "day_of_month",
        "month",
        "day_of_year",
        "promo_day",
        "promo_share_28",
        "promo_ahead",
        "uplift",
        "days_since_spike",
        "spike_share_91",
        "same_phase_4w",
    ]
)
# Horizons beyond this many days past the history get no calendar rows.
CALENDAR_AHEAD = 400


def feature_names(settings: GBMSettings) -> list[str]:
    """Column names of ``_Series.rows`` under ``settings``."""
    return list(FEATURES) + (list(CALENDAR_FEATURES) if settings.calendar else [])


def _cumulative(values: np.ndarray) -> np.ndarray:
    """Prefix sums with a leading 0: ``cum[j] − cum[i]`` sums days i … j−1."""
    return np.concatenate([[0.0], np.cumsum(values)])


def _span_mean(cum: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Mean over days lo … hi−1 from prefix sums (0 for an empty span)."""
    return (cum[hi] - cum[lo]) / np.maximum(hi - lo, 1)


def _trailing_mean(cum: np.ndarray, cut: np.ndarray, window: int) -> np.ndarray:
    """Mean of the ``window`` days before ``cut`` (fewer near the start)."""
    return _span_mean(cum, np.maximum(cut - window, 0), cut)


class _Series:
    """Cumulative sums of one series, for O(1) window means at any cut."""

    def __init__(self, series: SeriesInput, calendar: bool = True) -> None:
        values = np.asarray(series.filled_raw, dtype=float)
        self.values = values
        self.n = values.size
        self.cum = _cumulative(values)
        self.cum_sq = _cumulative(values**2)
        self.cum_zero = _cumulative(values <= 0)
        promo = series.promo if series.promo is not None else np.zeros(self.n)
        future = series.future_promo
        self.promo_all = np.asarray(
            promo if future is None else np.concatenate([promo, future]), dtype=float
        )
        self.cum_promo = _cumulative(self.promo_all)
        self.start = series.start
        self.uplift = series.uplift
        # A spike: a day above twice the trailing 28-day mean (a promotion or
        # a deal, whether or not the calendar says so).
        trailing = self.mean(np.arange(self.n), 28)
        spike = (values > 2.0 * np.maximum(trailing, 0.5)) & (np.arange(self.n) >= 7)
        self.cum_spike = _cumulative(spike)
        self.last_spike = np.maximum.accumulate(np.where(spike, np.arange(self.n), -1))
        self.parts = date_parts(pd.Timestamp(self.start), self.n + CALENDAR_AHEAD)
        self.calendar = (
            calendar_features(pd.Timestamp(self.start), self.n + CALENDAR_AHEAD)
            if calendar
            else None
        )

    def mean(self, cut: np.ndarray, window: int) -> np.ndarray:
        return _trailing_mean(self.cum, cut, window)

    def promo_at(self, day: np.ndarray) -> np.ndarray:
        inside = day < self.promo_all.size
        out = np.zeros(day.shape)
        out[inside] = self.promo_all[day[inside]]
        return out

    def rows(self, cut: np.ndarray, step: np.ndarray) -> np.ndarray:
        """Feature rows for origins ``cut`` (days known) and targets ``cut+step-1``."""
        day = cut + step - 1
        scale = np.maximum(self.mean(cut, 365), 0.1)
        cols = [self.mean(cut, w) / scale for w in WINDOWS]
        cols += [self.values[np.maximum(cut - k, 0)] / scale for k in range(1, 8)]
        back = (cut - 1 - day) % WEEK  # days back to the target's last weekday
        for weeks in (4, 12):
            idx = (cut - 1 - back)[:, None] - WEEK * np.arange(weeks)[None, :]
            ok = idx >= 0
            vals = np.where(ok, self.values[np.clip(idx, 0, None)], 0.0)
            cols.append(vals.sum(1) / np.maximum(ok.sum(1), 1) / scale)
        cols += [_trailing_mean(self.cum_zero, cut, w) for w in (28, 91)]
        mean28 = self.mean(cut, 28)
        var = _trailing_mean(self.cum_sq, cut, 28) - mean28**2
        cols.append(np.sqrt(np.maximum(var, 0.0)) / scale)
        ago = day - YEAR
        has_year = ago - 3 >= 0
        a_lo, a_hi = np.clip(ago - 3, 0, None), np.clip(ago + 4, 0, None)
        around = _span_mean(self.cum, a_lo, a_hi)
        cols.append(np.where(has_year, around / scale, np.nan))
        base_lo = np.clip(cut - YEAR - 28, 0, None)
        base_hi = np.clip(cut - YEAR, 0, None)
        base = _span_mean(self.cum, base_lo, base_hi)
        ratio = np.where(
            (base_lo < base_hi) & has_year & (base > 0),
            around / np.maximum(base, 1e-9),
            np.nan,
        )
        cols.append(ratio)
        cols.append(np.log(scale))
        cols.append(step.astype(float))
        if day.size and day.max() < self.parts.shape[0]:
            cols += list(self.parts[day].T)  # weekday, day, month, day of year
        else:
            index = pd.DatetimeIndex(self.start + pd.to_timedelta(day, unit="D"))
            cols += [
                index.dayofweek.to_numpy(float),
                index.day.to_numpy(float),
                index.month.to_numpy(float),
                index.dayofyear.to_numpy(float),
            ]
        cols.append(self.promo_at(day))
        cols.append(_trailing_mean(self.cum_promo, cut, 28))
        top = np.minimum(day + 1, self.promo_all.size)
        cols.append(self.cum_promo[np.maximum(top, cut)] - self.cum_promo[cut])
        cols.append(np.full(cut.shape, self.uplift))
        last = self.last_spike[np.clip(cut - 1, 0, None)]
        cols.append(np.where(last >= 0, day - last, np.nan))
        cols.append(_trailing_mean(self.cum_spike, cut, 91))
        first = day - 28 * np.ceil((day - cut + 1) / 28).astype(int)
        idx = first[:, None] - 28 * np.arange(4)[None, :]
        ok = idx >= 0
        vals = np.where(ok, self.values[np.clip(idx, 0, None)], 0.0)
        cols.append(vals.sum(1) / np.maximum(ok.sum(1), 1) / scale)
        if self.calendar is not None:
            rows = self.calendar[np.minimum(day, self.calendar.shape[0] - 1)]
            cols += list(rows.T)
        return np.column_stack(cols), scale


class GlobalGBM(Forecaster):
    """One LightGBM model for all series; ``predict_inputs`` trains once per call."""

    name = "gbm_global"
    uses_exog = True
    is_global = True
    min_history_days = 28
    fallback = "weekday_profile"

    def __init__(self, settings: GBMSettings | None = None) -> None:
        self.settings = settings or GBMSettings()

    def predict_inputs(
        self, inputs: Sequence[SeriesInput], horizon: int
    ) -> list[tuple[np.ndarray, str | None]]:
        """Train on all usable inputs, then forecast each of them."""
        usable = [s for s in inputs if s.known_days >= self.min_history_days]
        try:
            calendar = self.settings.calendar
            booster = self._train([_Series(s, calendar) for s in usable], horizon)
        except Exception as exc:  # noqa: BLE001 - a failed model falls back
            reason = f"{self.name} failed: {type(exc).__name__}: {exc}"[:300]
            return [self._fall_back(s, horizon, reason) for s in inputs]
        return self._forecast_all(booster, inputs, horizon)

    def _forecast_all(self, booster, inputs: Sequence[SeriesInput], horizon: int):
        """Every input's path from one ``predict`` call (rows are independent, so
        the values are those of one call per series, without its overhead)."""
        outputs: list[tuple[np.ndarray, str | None] | None] = [None] * len(inputs)
        batch = []
        for index, series in enumerate(inputs):
            if series.known_days < self.min_history_days:
                reason = (
                    f"{self.name} needs {self.min_history_days} days of known "
                    f"demand, has {series.known_days}"
                )
                outputs[index] = self._fall_back(series, horizon, reason)
                continue
            data = _Series(series, self.settings.calendar)
            rows, scale = data.rows(np.full(horizon, data.n), np.arange(1, horizon + 1))
            batch.append((index, rows, scale))
        if batch:
            predicted = booster.predict(np.vstack([rows for _, rows, _ in batch]))
            for position, (index, _, scale) in enumerate(batch):
                part = predicted[position * horizon : (position + 1) * horizon]
                point = np.clip(part * scale, 0.0, None)
                if np.all(np.isfinite(point)):
                    outputs[index] = (point, None)
                else:
                    reason = "gbm output not finite"
                    outputs[index] = self._fall_back(inputs[index], horizon, reason)
        return outputs

    def training_rows(
        self, series: Sequence[_Series], horizon: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Features, scaled targets, scales and row weights of the training sample."""
        cfg = self.settings
        rng = np.random.default_rng(cfg.seed)
        features, targets, scales, weeks_back = [], [], [], []
        per_series = cfg.origins * cfg.steps_per_origin
        keep = min(1.0, cfg.max_rows / max(per_series * len(series), 1))
        for data in series:
            # Cuts a whole number of weeks before the forecast's cut (data.n):
            # the lag and same-weekday features then line up with the weekdays
            # they will have when forecasting.
            cuts = data.n - cfg.origin_step_days * np.arange(1, cfg.origins + 1)
            cuts = cuts[cuts >= MIN_CUT]
            if cuts.size == 0:
                continue
            cut = np.repeat(cuts, cfg.steps_per_origin)
            if keep < 1.0:
                cut = cut[rng.random(cut.size) < keep]
            room = np.minimum(data.n - cut, horizon)
            step = 1 + np.floor(rng.random(cut.size) * room).astype(int)
            rows, scale = data.rows(cut, step)
            features.append(rows)
            targets.append(data.values[cut + step - 1] / scale)
            scales.append(scale)
            weeks_back.append((data.n - cut) / WEEK)
        if not features:
            raise ValueError(f"no series has {MIN_CUT} days")
        scales_all = np.concatenate(scales)
        weight = scales_all.copy() if cfg.weight_by_scale else np.ones(scales_all.size)
        if cfg.recency_halflife_weeks > 0:
            back = np.concatenate(weeks_back)
            weight *= 0.5 ** ((back - back.min()) / cfg.recency_halflife_weeks)
        return np.vstack(features), np.concatenate(targets), scales_all, weight

    def _train(self, series: Sequence[_Series], horizon: int):
        return self.fit_rows(*self.training_rows(series, horizon))

    def fit_rows(
        self,
        features: np.ndarray,
        targets: np.ndarray,
        scales: np.ndarray,
        weight: np.ndarray,
    ):
        """The booster (balanced when ``settings.balance``) fitted on these rows."""
        import lightgbm as lgb

        cfg = self.settings
        params = {
            "objective": cfg.objective,
            "tweedie_variance_power": cfg.tweedie_power,
            "learning_rate": cfg.learning_rate,
            "num_leaves": cfg.num_leaves,
            "min_data_in_leaf": cfg.min_data_in_leaf,
            "feature_fraction": 0.8,
            "bagging_fraction": 0.8,
            "bagging_freq": 1,
            "seed": cfg.seed,
            "deterministic": True,
            "num_threads": cfg.threads,
            "verbose": -1,
        }
        dataset = lgb.Dataset(
            features,
            targets,
            weight=None if np.all(weight == 1.0) else weight,
            feature_name=feature_names(cfg),
        )
        booster = lgb.train(params, dataset, num_boost_round=cfg.num_boost_round)
        if not cfg.balance:
            return booster
        return _Balanced(booster, in_sample_ratio(booster, features, targets, scales))


def in_sample_ratio(booster, features, targets, scales, weight=None) -> float:
    """Units sold over units fitted on the training rows (1.0: balanced).

    ``weight`` is ignored: it is there so a whole training sample can be passed.
    """
    fitted = booster.predict(features) * scales
    return float((targets * scales).sum() / max(fitted.sum(), 1e-9))


class _Balanced:
    """A booster whose predictions are scaled to sum to the training demand."""

    def __init__(self, booster, factor: float) -> None:
        self.booster, self.factor = booster, factor

    def predict(self, features: np.ndarray) -> np.ndarray:
        return self.booster.predict(features) * self.factor
