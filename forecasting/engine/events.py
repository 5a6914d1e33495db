"""Promotion effects for models that cannot take regressors: a multiplicative uplift."""

from __future__ import annotations

import numpy as np

# Promo days needed before the measured uplift is trusted half-way.
UPLIFT_PRIOR_DAYS = 14.0
UPLIFT_BOUNDS = (0.5, 5.0)


def _centred_mean(values: np.ndarray, mask: np.ndarray, window: int) -> tuple:
    kernel = np.ones(window)
    sums = np.convolve(np.where(mask, values, 0.0), kernel, mode="same")
    counts = np.convolve(mask.astype(float), kernel, mode="same")
    return sums, counts


def promo_uplift(
    values: np.ndarray, promo: np.ndarray | None, window: int = 57
) -> float:
    """Ratio of promo-day demand to the local non-promo level, shrunk towards 1.

    The local level is the mean of known non-promo days in a centred window, so
    a trend or season does not masquerade as a promotion effect.
    """
    if promo is None or promo.size != values.size or not promo.any():
        return 1.0
    known = np.isfinite(values)
    on = promo > 0.5
    sums, counts = _centred_mean(values, known & ~on, window)
    usable = on & known & (counts >= 7)
    if usable.sum() == 0:
        return 1.0
    baseline = sums[usable] / counts[usable]
    if baseline.sum() <= 0:
        return 1.0
    raw = float(values[usable].sum() / baseline.sum())
    weight = usable.sum() / (usable.sum() + UPLIFT_PRIOR_DAYS)
    return float(np.clip(1.0 + weight * (raw - 1.0), *UPLIFT_BOUNDS))


def remove_uplift(
    values: np.ndarray, promo: np.ndarray | None, uplift: float
) -> np.ndarray:
    """Bring promo days down to the baseline so models see regular demand."""
    if promo is None or uplift == 1.0:
        return values
    return np.where(promo > 0.5, values / uplift, values)


def apply_uplift(
    forecast: np.ndarray, future_promo: np.ndarray | None, uplift: float
) -> np.ndarray:
    """Multiply the baseline forecast by the uplift on planned promo days."""
    if future_promo is None or uplift == 1.0:
        return forecast
    flags = future_promo[: forecast.size]
    return np.where(flags > 0.5, forecast * uplift, forecast)
