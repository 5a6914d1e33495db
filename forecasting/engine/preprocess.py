"""Turn raw daily histories into clean arrays: gaps, leading zeros, outliers, class."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from .types import DemandHistory

# Tukey's upper fence, the textbook constant, over a trailing 12-week window.
TUKEY_FENCE = 1.5
FENCE_WINDOW_DAYS = 84
# Syntetos-Boylan cut-offs for the demand-pattern classes.
ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49


@dataclass(frozen=True)
class PreparedHistory:
    """A product's history as arrays ending on ``as_of``; NaN marks censored days."""

    key: str
    start: pd.Timestamp
    values: np.ndarray
    promo: np.ndarray | None
    future_promo: np.ndarray | None
    expected_daily_demand: float | None
    # True on the horizon's planned closed days (None: no closures given).
    closed_ahead: np.ndarray | None = None

    @property
    def observed_days(self) -> int:
        """Number of days with known (uncensored) demand."""
        return int(np.isfinite(self.values).sum())


def prepare_history(
    key: str,
    item: pd.Series | DemandHistory,
    *,
    as_of: date,
    horizon: int,
    max_history_days: int | None = None,
) -> PreparedHistory:
    """Reindex to a gap-free calendar up to ``as_of`` and strip leading zeros."""
    history = item if isinstance(item, DemandHistory) else DemandHistory(demand=item)
    end = pd.Timestamp(as_of)
    demand = history.demand.copy()
    demand.index = pd.DatetimeIndex(demand.index).normalize()
    demand = demand.groupby(level=0).sum(min_count=1)
    demand = demand[demand.index <= end].astype(float)
    for flags in (history.censored, history.closed):
        if flags is None:
            continue
        flags = flags.copy()
        flags.index = pd.DatetimeIndex(flags.index).normalize()
        censored_dates = flags[flags.astype(bool)].index
        censored_dates = censored_dates[censored_dates <= end]
        demand = demand.reindex(demand.index.union(censored_dates))
        demand.loc[censored_dates] = np.nan
    closed_ahead = _future_flags(history.closed, end, horizon)
    if closed_ahead is not None:
        closed_ahead = closed_ahead > 0
    values = _strip_leading_zeros(demand, end)
    if values is None:
        return PreparedHistory(
            key,
            end + pd.Timedelta(days=1),
            np.zeros(0),
            None,
            _future_flags(history.promo, end, horizon),
            history.expected_daily_demand,
            closed_ahead,
        )
    start, arr = values
    if max_history_days is not None and arr.size > max_history_days:
        start = start + pd.Timedelta(days=arr.size - max_history_days)
        arr = arr[-max_history_days:]
    promo = _promo_array(history.promo, start, end)
    return PreparedHistory(
        key,
        start,
        arr,
        promo,
        _future_flags(history.promo, end, horizon),
        history.expected_daily_demand,
        closed_ahead,
    )


def _strip_leading_zeros(
    demand: pd.Series, end: pd.Timestamp
) -> tuple[pd.Timestamp, np.ndarray] | None:
    """Return (first sale date, values to ``end``) with gaps filled as zero sales."""
    sold = demand[demand > 0]
    if sold.empty:
        return None
    start = sold.index.min()
    calendar = pd.date_range(start, end, freq="D")
    # A date absent from the input is a day without sales; NaN stays censored.
    present = demand.reindex(calendar)
    known_dates = demand.index[(demand.index >= start)]
    arr = present.to_numpy(dtype=float)
    missing_row = ~calendar.isin(known_dates)
    arr[missing_row] = 0.0
    return start, arr


def _promo_array(
    promo: pd.Series | None, start: pd.Timestamp, end: pd.Timestamp
) -> np.ndarray | None:
    if promo is None:
        return None
    flags = promo.copy()
    flags.index = pd.DatetimeIndex(flags.index).normalize()
    flags = flags.groupby(level=0).max()
    calendar = pd.date_range(start, end, freq="D")
    return flags.reindex(calendar).fillna(0).to_numpy(dtype=float).clip(0, 1)


def _future_flags(
    series: pd.Series | None, end: pd.Timestamp, horizon: int
) -> np.ndarray | None:
    """0/1 flags of the ``horizon`` days after ``end`` (planned promotions or
    closures); a day the series does not name is 0."""
    if series is None:
        return None
    flags = series.astype(float)
    flags.index = pd.DatetimeIndex(flags.index).normalize()
    flags = flags.groupby(level=0).max()
    calendar = pd.date_range(end + pd.Timedelta(days=1), periods=horizon, freq="D")
    return flags.reindex(calendar).fillna(0).to_numpy(dtype=float).clip(0, 1)


def winsorise(
    values: np.ndarray, window: int = FENCE_WINDOW_DAYS, k: float = TUKEY_FENCE
) -> np.ndarray:
    """Each day capped at Tukey's upper fence of the trailing ``window`` days.

    The one winsorising definition of the project (``policy/simulation``'s
    spike-robust forecaster; the engine models spikes through the promotion
    uplift and the global model instead, and does not winsorise): fence = Q3 + k × IQR over days t − window + 1 … t
    (expanding before that; NaN days skipped and kept), so a spike is cut to the
    top of the series' ordinary range on the day it happens, using no later
    day. ``values`` is one series (1-D) or days × series (2-D).
    """
    values = np.asarray(values, dtype=float)
    rolling = pd.DataFrame(values).rolling(window, min_periods=1)
    q1 = rolling.quantile(0.25).to_numpy()
    q3 = rolling.quantile(0.75).to_numpy()
    fence = (q3 + k * (q3 - q1)).reshape(values.shape)
    capped = np.minimum(values, np.where(np.isfinite(fence), fence, np.inf))
    return np.where(np.isfinite(values), capped, values)


def classify_demand(values: np.ndarray) -> str:
    """Syntetos-Boylan class from ADI and CV² of non-zero sizes (censored skipped)."""
    known = values[np.isfinite(values)]
    nonzero = known[known > 0]
    if nonzero.size == 0:
        return "lumpy"
    adi = known.size / nonzero.size
    mean = nonzero.mean()
    cv2 = float(nonzero.var() / mean**2) if nonzero.size > 1 else 0.0
    if adi < ADI_CUTOFF:
        return "smooth" if cv2 < CV2_CUTOFF else "erratic"
    return "intermittent" if cv2 < CV2_CUTOFF else "lumpy"


def impute_censored(values: np.ndarray, window: int = 28) -> np.ndarray:
    """Replace censored (NaN) days by the model-free local level around them.

    The level is the mean of the known days in a centred window, so a stock-out
    neither pulls the history to zero nor invents a trend.
    """
    missing = ~np.isfinite(values)
    if not missing.any():
        return values.astype(float, copy=True)
    known = np.where(missing, 0.0, values)
    counts = np.convolve((~missing).astype(float), np.ones(window + 1), mode="same")
    sums = np.convolve(known, np.ones(window + 1), mode="same")
    overall = float(known.sum() / max((~missing).sum(), 1))
    level = np.where(counts > 0, sums / np.maximum(counts, 1.0), overall)
    return np.where(missing, level, values)
