"""Conformal quantiles from backtest residuals, per horizon bucket, scaled per product.

A residual is stored as z = (actual − forecast) / s, where s is the product's
in-sample weekly-naive MAE; pooled z quantiles times each product's s give its
daily quantiles. Cumulative errors use z = Σ(actual − forecast) / (s·√H).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np

DAILY_BUCKETS = ((1, 7), (8, 30), (31, 90))
CUMULATIVE_BUCKETS = ((1, 7), (8, 14), (15, 30), (31, 60), (61, 90))
MIN_GROUP_SAMPLES = 200
# s ≈ 1.13 σ for Gaussian noise (MAE of a difference of two days); used without data.
NAIVE_MAE_PER_SIGMA = 2.0 / np.sqrt(np.pi)


@dataclass
class Calibration:
    """Pooled normalised residuals keyed by (group, bucket index)."""

    daily: dict[tuple[str, int], list[float]] = field(default_factory=dict)
    cumulative: dict[tuple[str, int], list[float]] = field(default_factory=dict)
    _cache: dict[tuple, float] = field(default_factory=dict, repr=False)

    def add(self, group: str, actual: np.ndarray, forecast: np.ndarray, scale: float):
        """Store one origin's residuals of one product."""
        if not np.isfinite(scale) or scale <= 0:
            return
        errors = actual - forecast
        known = np.isfinite(errors)
        for index, (low, high) in enumerate(DAILY_BUCKETS):
            part = errors[low - 1 : high][known[low - 1 : high]] / scale
            for g in (group, "all"):
                self.daily.setdefault((g, index), []).extend(part.tolist())
        cumulative = np.cumsum(np.where(known, errors, 0.0))
        for index, (low, high) in enumerate(CUMULATIVE_BUCKETS):
            horizons = np.arange(low, min(high, cumulative.size) + 1)
            if horizons.size == 0:
                continue
            part = cumulative[horizons - 1] / (scale * np.sqrt(horizons))
            for g in (group, "all"):
                self.cumulative.setdefault((g, index), []).extend(part.tolist())

    def z(self, kind: str, group: str, bucket: int, level: float) -> float:
        """Conformal quantile of z with the finite-sample (n + 1) correction."""
        key = (kind, group, bucket, level)
        if key not in self._cache:
            self._cache[key] = self._z(kind, group, bucket, level)
        return self._cache[key]

    def _z(self, kind: str, group: str, bucket: int, level: float) -> float:
        table = self.daily if kind == "daily" else self.cumulative
        for g in (group, "all"):
            for b in range(bucket, -1, -1):
                samples = table.get((g, b), [])
                if samples and (len(samples) >= MIN_GROUP_SAMPLES or g == "all"):
                    n = len(samples)
                    return float(np.quantile(samples, min(1.0, level * (n + 1) / n)))
        return NormalDist().inv_cdf(level) / NAIVE_MAE_PER_SIGMA


def _bucket(h: int, buckets: Sequence[tuple[int, int]]) -> int:
    for index, (low, high) in enumerate(buckets):
        if low <= h <= high:
            return index
    return len(buckets) - 1


def daily_quantiles(
    point: np.ndarray,
    scale: float,
    calibration: Calibration,
    group: str,
    levels: Sequence[float],
) -> dict[float, np.ndarray]:
    """Daily quantiles: point + scale·z, non-negative and monotone across levels."""
    buckets = np.array([_bucket(h, DAILY_BUCKETS) for h in range(1, point.size + 1)])
    result: dict[float, np.ndarray] = {}
    previous = np.zeros_like(point)
    for level in sorted(levels):
        shift = np.array([calibration.z("daily", group, b, level) for b in range(3)])
        values = np.maximum(point + scale * shift[buckets], previous)
        result[level] = np.maximum(values, 0.0)
        previous = result[level]
    return result


def cumulative_quantiles(
    point: np.ndarray,
    scale: float,
    calibration: Calibration,
    group: str,
    levels: Sequence[float],
) -> dict[float, np.ndarray]:
    """Quantiles of cumulative demand over 1..H days, monotone in level and in H."""
    horizons = np.arange(1, point.size + 1)
    buckets = np.array([_bucket(h, CUMULATIVE_BUCKETS) for h in horizons])
    base = np.cumsum(point)
    result: dict[float, np.ndarray] = {}
    previous = np.zeros_like(base)
    for level in sorted(levels):
        shift = np.array(
            [
                calibration.z("cumulative", group, b, level)
                for b in range(len(CUMULATIVE_BUCKETS))
            ]
        )
        values = base + scale * np.sqrt(horizons) * shift[buckets]
        values = np.maximum.accumulate(np.maximum(values, 0.0))
        result[level] = np.maximum(values, previous)
        previous = result[level]
    return result


def cold_start_quantiles(
    daily_mean: float, horizon: int, levels: Sequence[float]
) -> tuple[dict[float, np.ndarray], dict[float, np.ndarray]]:
    """Daily and cumulative quantiles for a guessed level (over-dispersed, level unsure)."""
    mean = max(daily_mean, 0.0)
    days = np.arange(1, horizon + 1)
    daily_sd = np.sqrt(mean + 0.5 * mean**2)
    cumulative_sd = np.sqrt(days * mean + (0.5 * mean * days) ** 2)
    daily: dict[float, np.ndarray] = {}
    cumulative: dict[float, np.ndarray] = {}
    for level in sorted(levels):
        z = NormalDist().inv_cdf(level)
        daily[level] = np.full(horizon, max(mean + z * daily_sd, 0.0))
        cumulative[level] = np.maximum(mean * days + z * cumulative_sd, 0.0)
    return daily, cumulative


def calibration_groups(demand_classes: Mapping[str, str]) -> dict[str, str]:
    """Group per product for pooling: fast movers apart from intermittent ones."""
    return {
        key: ("regular" if cls in ("smooth", "erratic") else "sparse")
        for key, cls in demand_classes.items()
    }
