"""Accuracy metrics on arrays; NaN actuals (censored days) are skipped everywhere."""

from __future__ import annotations

import numpy as np

SEASON = 7


def finite_pair(actual, forecast) -> tuple[np.ndarray, np.ndarray]:
    """The days where both the actual and the forecast are known."""
    a = np.asarray(actual, dtype=float)
    f = np.asarray(forecast, dtype=float)
    keep = np.isfinite(a) & np.isfinite(f)
    return a[keep], f[keep]


def mae(actual, forecast) -> float:
    """Mean absolute error."""
    a, f = finite_pair(actual, forecast)
    return float(np.mean(np.abs(a - f))) if a.size else float("nan")


def rmse(actual, forecast) -> float:
    """Root mean squared error."""
    a, f = finite_pair(actual, forecast)
    return float(np.sqrt(np.mean((a - f) ** 2))) if a.size else float("nan")


def wape(actual, forecast) -> float:
    """Weighted absolute percentage error: Σ|a − f| / Σa."""
    a, f = finite_pair(actual, forecast)
    total = a.sum()
    return float(np.abs(a - f).sum() / total) if total > 0 else float("nan")


def bias(actual, forecast) -> float:
    """Relative bias (Σf − Σa) / Σa; positive means over-forecasting."""
    a, f = finite_pair(actual, forecast)
    total = a.sum()
    return float((f.sum() - total) / total) if total > 0 else float("nan")


def seasonal_naive_scale(insample, season: int = SEASON, power: int = 1) -> float:
    """Mean |y_t − y_{t−season}|**power over the training history (NaN skipped)."""
    y = np.asarray(insample, dtype=float)
    if y.size <= season:
        return float("nan")
    diffs = np.abs(y[season:] - y[:-season])
    diffs = diffs[np.isfinite(diffs)]
    return float(np.mean(diffs**power)) if diffs.size else float("nan")


def mase(actual, forecast, insample, season: int = SEASON) -> float:
    """MAE scaled by the in-sample MAE of the weekly seasonal naive."""
    scale = seasonal_naive_scale(insample, season)
    return mae(actual, forecast) / scale if scale and scale > 0 else float("nan")


def rmsse(actual, forecast, insample, season: int = SEASON) -> float:
    """RMSE scaled by the in-sample RMSE of the weekly seasonal naive (M5)."""
    scale = seasonal_naive_scale(insample, season, power=2)
    if not scale or scale <= 0:
        return float("nan")
    return float(np.sqrt(rmse(actual, forecast) ** 2 / scale))


def pinball(actual, quantile_forecast, level: float) -> float:
    """Mean pinball (quantile) loss at ``level``."""
    a, q = finite_pair(actual, quantile_forecast)
    if not a.size:
        return float("nan")
    diff = a - q
    return float(np.mean(np.maximum(level * diff, (level - 1.0) * diff)))


def naive_error_shift(insample, level: float, season: int = SEASON) -> float:
    """``level``-quantile of in-sample seasonal-naive errors (last year), halved in
    variance: a model-free width for scoring any point forecast's interval."""
    values = np.asarray(insample, dtype=float)
    values = values[np.isfinite(values)]
    if values.size <= 2 * season:
        return 0.0
    diffs = (values[season:] - values[:-season])[-365:] / np.sqrt(2.0)
    return float(np.quantile(diffs, level))


def coverage(actual, upper) -> float:
    """Share of known actuals at or below the quantile forecast."""
    a, q = finite_pair(actual, upper)
    return float(np.mean(a <= q)) if a.size else float("nan")


def all_metrics(actual, forecast, insample) -> dict[str, float]:
    """The point metrics reported per model and product."""
    return {
        "wape": wape(actual, forecast),
        "mae": mae(actual, forecast),
        "rmse": rmse(actual, forecast),
        "mase": mase(actual, forecast, insample),
        "rmsse": rmsse(actual, forecast, insample),
        "bias": bias(actual, forecast),
    }
