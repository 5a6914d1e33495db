"""Pure math of forecast overrides: reshape a daily path and its quantiles.

No Django here: `selectors.effective_forecast` hands plain lists in. The daily
point path is changed first; every quantile is then scaled by the same ratio
as its point (or shifted by the same amount where the point was zero), daily
and cumulative, so the band keeps its relative width around the new level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

TOTAL_DAYS = (30, 60, 90)


@dataclass(frozen=True)
class Adjustment:
    """One override in plain terms (kinds as in ForecastOverride.Kind)."""

    kind: str  # "level" | "multiplier" | "totals"
    start: dt.date | None = None
    end: dt.date | None = None
    level: float | None = None
    multiplier: float | None = None
    totals: tuple[float, float, float] | None = None


def _window(dates: Sequence[dt.date], start: dt.date | None, end: dt.date | None):
    days = np.array([d.toordinal() for d in dates])
    low = start.toordinal() if start else -np.inf
    high = end.toordinal() if end else np.inf
    return (days >= low) & (days <= high)


def _match_totals(point: np.ndarray, totals: tuple[float, float, float]) -> np.ndarray:
    """Scale days 1–30, 31–60 and 61–90 so the cumulative totals match `totals`."""
    result = point.copy()
    previous_day, previous_total = 0, 0.0
    for days, total in zip(TOTAL_DAYS, totals, strict=True):
        segment = slice(previous_day, min(days, point.size))
        target = max(total - previous_total, 0.0)
        current = float(point[segment].sum())
        length = max(segment.stop - segment.start, 0)
        if length:
            if current > 0:
                result[segment] = point[segment] * (target / current)
            else:
                result[segment] = target / length
        previous_day, previous_total = days, total
    return result


def adjusted_point(
    dates: Sequence[dt.date], point: Sequence[float], adjustments: Sequence[Adjustment]
) -> np.ndarray:
    """The daily path after the overrides: levels and totals first, then multipliers."""
    result = np.asarray(point, dtype=float).copy()
    ordered = sorted(adjustments, key=lambda a: a.kind == "multiplier")
    for adjustment in ordered:
        inside = _window(dates, adjustment.start, adjustment.end)
        if adjustment.kind == "level" and adjustment.level is not None:
            result[inside] = adjustment.level
        elif adjustment.kind == "multiplier" and adjustment.multiplier is not None:
            result[inside] = result[inside] * adjustment.multiplier
        elif adjustment.kind == "totals" and adjustment.totals is not None:
            result = _match_totals(result, adjustment.totals)
    return np.clip(result, 0.0, None)


def rescale(values: Sequence[float], old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Move a quantile path as its point moved: by ratio, or by shift where old is 0."""
    values = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(old > 0, new / np.where(old > 0, old, 1.0), 1.0)
    moved = np.where(old > 0, values * ratio, values + (new - old))
    return np.clip(moved, 0.0, None)


def monotone_levels(paths: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Keep quantile paths ordered by level after rounding and shifting."""
    ordered = sorted(paths, key=lambda name: float(name.lstrip("p")))
    result: dict[str, np.ndarray] = {}
    previous = None
    for name in ordered:
        path = paths[name] if previous is None else np.maximum(paths[name], previous)
        result[name] = path
        previous = path
    return result
