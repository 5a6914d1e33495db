"""Pure accuracy math for the reports: realised errors, pooling, value added.

No Django: services hand in plain arrays and dictionaries. The per-series
formulas are those of engine/metrics.py (NaN actuals skipped); this module adds
pooling over products (by volume, so big sellers weigh as much as they sell)
and the forecast value added of manual overrides.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from forecasting.engine import metrics

METRICS = ("mae", "rmse", "wape", "mase", "bias")


def _finite(value: float | None) -> float | None:
    """None for NaN/inf/None, else the float (templates and JSON prefer None)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Accuracy:
    """Point-forecast errors of one series or a pool of them."""

    mae: float | None
    rmse: float | None
    wape: float | None
    mase: float | None
    bias: float | None
    days: int
    actual_total: float
    forecast_total: float

    def as_dict(self) -> dict[str, float | None]:
        return {name: getattr(self, name) for name in METRICS}


EMPTY = Accuracy(None, None, None, None, None, 0, 0.0, 0.0)


def series_accuracy(
    actual: Sequence[float], forecast: Sequence[float], scale: float | None = None
) -> Accuracy:
    """Errors of one forecast path against what happened.

    `scale` is the in-sample MAE of the weekly seasonal naive (for MASE).
    """
    a = np.asarray(actual, dtype=float)
    f = np.asarray(forecast, dtype=float)
    keep = np.isfinite(a) & np.isfinite(f)
    a, f = a[keep], f[keep]
    if not a.size:
        return EMPTY
    mae = metrics.mae(a, f)
    return Accuracy(
        mae=_finite(mae),
        rmse=_finite(metrics.rmse(a, f)),
        wape=_finite(metrics.wape(a, f)),
        mase=_finite(mae / scale) if scale and scale > 0 else None,
        bias=_finite(metrics.bias(a, f)),
        days=int(a.size),
        actual_total=float(a.sum()),
        forecast_total=float(f.sum()),
    )


def pool(parts: Iterable[Accuracy]) -> Accuracy:
    """Several series' errors as one: WAPE and bias over the summed volumes.

    Exact for MAE, RMSE, WAPE and bias (each part carries its day count and
    totals); MASE is the day-weighted mean of the parts' MASE.
    """
    parts = [p for p in parts if p.days]
    if not parts:
        return EMPTY
    days = sum(p.days for p in parts)
    abs_error = sum((p.mae or 0.0) * p.days for p in parts)
    squared = sum((p.rmse or 0.0) ** 2 * p.days for p in parts)
    actual = sum(p.actual_total for p in parts)
    forecast = sum(p.forecast_total for p in parts)
    scaled = [(p.mase, p.days) for p in parts if p.mase is not None]
    return Accuracy(
        mae=abs_error / days,
        rmse=math.sqrt(squared / days),
        wape=abs_error / actual if actual > 0 else None,
        mase=(
            sum(m * d for m, d in scaled) / sum(d for _, d in scaled)
            if scaled
            else None
        ),
        bias=(forecast - actual) / actual if actual > 0 else None,
        days=days,
        actual_total=actual,
        forecast_total=forecast,
    )


def from_backtest(values: dict[str, float | None], days: int) -> Accuracy:
    """A product's stored backtest metrics as an Accuracy of `days` scored days.

    The totals are recovered from the stored ratios (Σa = MAE·n / WAPE), so that
    products pool by volume like realised errors do. A product whose WAPE is
    undefined sold nothing in the backtest (Σa = 0).
    """
    mae = _finite(values.get("mae"))
    wape = _finite(values.get("wape"))
    bias = _finite(values.get("bias")) or 0.0
    if mae is None or days <= 0:
        return EMPTY
    actual = mae * days / wape if wape else 0.0
    return Accuracy(
        mae=mae,
        rmse=_finite(values.get("rmse")),
        wape=wape,
        mase=_finite(values.get("mase")),
        bias=_finite(values.get("bias")),
        days=days,
        actual_total=actual,
        forecast_total=actual * (1.0 + bias),
    )


@dataclass(frozen=True)
class ValueAdded:
    """Forecast value added of overrides: model WAPE − overridden WAPE."""

    products: int
    model: Accuracy
    effective: Accuracy

    @property
    def wape_gain(self) -> float | None:
        """Positive when the overrides made the forecast better."""
        if self.model.wape is None or self.effective.wape is None:
            return None
        return self.model.wape - self.effective.wape


def value_added(
    series: Iterable[tuple[Sequence[float], Sequence[float], Sequence[float]]],
) -> ValueAdded:
    """Pool (actual, model forecast, effective forecast) of overridden products."""
    model, effective = [], []
    for actual, model_path, effective_path in series:
        model.append(series_accuracy(actual, model_path))
        effective.append(series_accuracy(actual, effective_path))
    return ValueAdded(products=len(model), model=pool(model), effective=pool(effective))


def seasonal_naive_scale(history: Sequence[float]) -> float | None:
    """In-sample MAE of the weekly seasonal naive, for MASE (None if undefined)."""
    return _finite(metrics.seasonal_naive_scale(history))
