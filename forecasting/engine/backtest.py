"""Rolling-origin backtest of many models on many series, batched per origin."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import metrics
from .models.base import build_input
from .preprocess import PreparedHistory
from .registry import get_model

# Pinball loss is scored at the median (the point) and at this upper quantile.
PINBALL_UPPER = 0.9
# Days ahead of the forecast origin, for accuracy by horizon (first and last day).
HORIZON_BUCKETS = ((1, 7), (8, 30), (31, 60), (61, 90))


@dataclass
class Backtest:
    """Forecasts and actuals per origin; an origin is ``offset`` days before as_of."""

    offsets: tuple[int, ...]
    score_horizon: int
    actuals: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)
    scales: dict[int, dict[str, tuple[float, float]]] = field(default_factory=dict)
    # P90 − point shift from in-sample weekly-naive errors (model-free, per series).
    upper_shifts: dict[int, dict[str, float]] = field(default_factory=dict)
    forecasts: dict[str, dict[int, dict[str, np.ndarray]]] = field(default_factory=dict)
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)
    # Rankings pooled over all series, cached per tuple of origins (ensemble).
    pooled_rankings: dict[tuple, list[str]] = field(default_factory=dict)
    # Capped ranking score per (model, series, origin) (ensemble).
    origin_scores: dict[tuple[str, str, int], float] = field(default_factory=dict)
    # Median of the statistical models per (models, series, origin) (blends).
    medians: dict[tuple[tuple[str, ...], str, int], np.ndarray] = field(
        default_factory=dict
    )

    def keys_at(self, offset: int) -> list[str]:
        """Series scored at the origin ``offset`` days before as_of."""
        return list(self.actuals.get(offset, {}))


def origin_offsets(count: int, step: int) -> tuple[int, ...]:
    """Origins ``step`` days apart, the oldest first (e.g. 90, 60, 30)."""
    return tuple(step * i for i in range(count, 0, -1))


def run_backtest(
    histories: Mapping[str, PreparedHistory],
    model_names: Sequence[str],
    *,
    offsets: Sequence[int],
    max_horizon: int,
    score_horizon: int,
    min_train_days: int,
    use_promo: bool = True,
    timings: dict[str, float] | None = None,
) -> Backtest:
    """Refit every model at every origin and keep forecasts up to ``max_horizon``."""
    result = Backtest(tuple(offsets), score_horizon)
    for offset in offsets:
        horizon = min(offset, max_horizon)
        inputs = []
        for key, prep in histories.items():
            cut = prep.values.size - offset
            if (
                cut < min_train_days
                or np.isfinite(prep.values[:cut]).sum() < min_train_days
            ):
                continue
            inputs.append(build_input(prep, cut, horizon, use_promo=use_promo))
            train = prep.values[:cut]
            result.actuals.setdefault(offset, {})[key] = prep.values[
                cut : cut + horizon
            ]
            result.scales.setdefault(offset, {})[key] = (
                metrics.seasonal_naive_scale(train),
                metrics.seasonal_naive_scale(train, power=2),
            )
            result.upper_shifts.setdefault(offset, {})[key] = metrics.naive_error_shift(
                train, PINBALL_UPPER
            )
        for name in model_names:
            started = time.perf_counter()
            outputs = get_model(name).predict_inputs(inputs, horizon)
            if timings is not None:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
            store = result.forecasts.setdefault(name, {}).setdefault(offset, {})
            for series, (point, reason) in zip(inputs, outputs, strict=True):
                store[series.key] = point
                if reason:
                    result.reasons.setdefault(name, {})[series.key] = reason
    return result


def series_metrics(
    backtest: Backtest,
    forecasts: Mapping[int, Mapping[str, np.ndarray]],
    key: str,
    offsets: Sequence[int] | None = None,
    *,
    with_pinball: bool = False,
) -> dict[str, float]:
    """Metrics of one series over the scored part of each origin, pooled over origins.

    MASE and RMSSE average the per-origin values; WAPE, bias, MAE and RMSE pool days.
    With ``with_pinball``, ``pinball`` is the mean of the pinball losses at P50
    (the point) and at P90 (the point plus the series' in-sample weekly-naive
    error quantile), so every model's interval is scored the same way.
    """
    h = backtest.score_horizon
    actual_parts, forecast_parts, scaled_mae, scaled_rmse = [], [], [], []
    upper_parts = []
    for offset in offsets if offsets is not None else backtest.offsets:
        if key not in backtest.actuals.get(offset, {}) or key not in forecasts.get(
            offset, {}
        ):
            continue
        a = backtest.actuals[offset][key][:h]
        f = forecasts[offset][key][:h]
        actual_parts.append(a)
        forecast_parts.append(f)
        if with_pinball:
            shift = backtest.upper_shifts.get(offset, {}).get(key, 0.0)
            upper_parts.append(np.clip(f + shift, 0.0, None))
        mae_scale, mse_scale = backtest.scales[offset][key]
        if mae_scale > 0:
            scaled_mae.append(metrics.mae(a, f) / mae_scale)
        if mse_scale > 0:
            scaled_rmse.append(metrics.rmse(a, f) / np.sqrt(mse_scale))
    if not actual_parts:
        return {}
    a = np.concatenate(actual_parts)
    f = np.concatenate(forecast_parts)
    result = {
        "wape": metrics.wape(a, f),
        "mae": metrics.mae(a, f),
        "rmse": metrics.rmse(a, f),
        "mase": float(np.nanmean(scaled_mae)) if scaled_mae else float("nan"),
        "rmsse": float(np.nanmean(scaled_rmse)) if scaled_rmse else float("nan"),
        "bias": metrics.bias(a, f),
        "origins": float(len(actual_parts)),
    }
    if with_pinball:
        upper = np.concatenate(upper_parts)
        result["pinball"] = (
            metrics.pinball(a, f, 0.5) + metrics.pinball(a, upper, PINBALL_UPPER)
        ) / 2.0
    return result


def bucket_name(first: int, last: int) -> str:
    """Metric key prefix of a horizon bucket, e.g. ``h1_7``."""
    return f"h{first}_{last}"


def horizon_metrics(
    backtest: Backtest, forecasts: Mapping[int, Mapping[str, np.ndarray]], key: str
) -> dict[str, float]:
    """WAPE and actual units per horizon bucket, pooled over the origins reaching it.

    An origin ``offset`` days back forecast ``min(offset, horizon)`` days, so the
    older origins score the later buckets. Keys: ``h1_7_wape``, ``h1_7_actual``…
    (the actual units let a report pool products by volume).
    """
    result: dict[str, float] = {}
    for first, last in HORIZON_BUCKETS:
        abs_err = actual = 0.0
        for offset in backtest.offsets:
            a_all = backtest.actuals.get(offset, {}).get(key)
            f_all = forecasts.get(offset, {}).get(key)
            if a_all is None or f_all is None or min(a_all.size, f_all.size) < last:
                continue
            a, f = a_all[first - 1 : last], f_all[first - 1 : last]
            known = np.isfinite(a)
            abs_err += float(np.abs(a[known] - f[known]).sum())
            actual += float(a[known].sum())
        if actual > 0:
            name = bucket_name(first, last)
            result[f"{name}_wape"] = abs_err / actual
            result[f"{name}_actual"] = actual
    return result
