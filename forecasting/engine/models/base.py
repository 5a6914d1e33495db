"""The one forecaster contract: ``fit_predict(history, horizon, *, as_of, exog)``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from ..events import apply_uplift, promo_uplift, remove_uplift
from ..preprocess import PreparedHistory, impute_censored, prepare_history
from ..types import QUANTILE_LEVELS, DemandHistory, ForecastResult

LAST_RESORT = "moving_average"


@dataclass(frozen=True)
class SeriesInput:
    """One training series at one origin, ready for any model."""

    key: str
    start: pd.Timestamp
    observed: np.ndarray  # NaN = censored
    filled_raw: np.ndarray  # censored days imputed with the local level
    filled: np.ndarray  # imputed and promo days brought to baseline
    promo: np.ndarray | None
    future_promo: np.ndarray | None
    uplift: float

    @property
    def known_days(self) -> int:
        """Days with uncensored demand."""
        return int(np.isfinite(self.observed).sum())


def build_input(
    prep: PreparedHistory, cut: int, horizon: int, *, use_promo: bool = True
) -> SeriesInput:
    """Slice ``prep`` to its first ``cut`` days; later promo flags become the plan."""
    observed = prep.values[:cut]
    filled_raw = impute_censored(observed) if observed.size else observed
    promo = future = None
    if use_promo and prep.promo is not None:
        promo = prep.promo[:cut]
        if cut < prep.values.size:
            future = prep.promo[cut : cut + horizon]
        elif prep.future_promo is not None:
            future = prep.future_promo[:horizon]
        if future is not None and future.size < horizon:
            future = np.concatenate([future, np.zeros(horizon - future.size)])
    uplift = promo_uplift(observed, promo)
    return SeriesInput(
        key=prep.key,
        start=prep.start,
        observed=observed,
        filled_raw=filled_raw,
        filled=remove_uplift(filled_raw, promo, uplift),
        promo=promo,
        future_promo=future,
        uplift=uplift,
    )


class Forecaster:
    """Base class: subclasses implement ``_predict`` on one prepared series."""

    name: str = ""
    uses_exog: bool = False
    is_global: bool = False
    min_history_days: int = 14
    fallback: str | None = LAST_RESORT

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        raise NotImplementedError

    def fit_predict(
        self,
        history: pd.Series | DemandHistory,
        horizon: int,
        *,
        as_of: date,
        exog: pd.DataFrame | None = None,
    ) -> ForecastResult:
        """Fit on ``history`` up to ``as_of`` and forecast ``horizon`` days."""
        if exog is not None and "promo" in exog and isinstance(history, pd.Series):
            history = DemandHistory(demand=history, promo=exog["promo"])
        prep = prepare_history(self.name, history, as_of=as_of, horizon=horizon)
        series = build_input(prep, prep.values.size, horizon)
        point, reason = self.predict_inputs([series], horizon)[0]
        dates = pd.date_range(
            pd.Timestamp(as_of) + pd.Timedelta(days=1), periods=horizon, freq="D"
        )
        return ForecastResult(
            model=self.name,
            dates=dates,
            point=point,
            quantiles=naive_quantiles(series.filled_raw, point),
            fallback_reason=reason,
        )

    def predict_inputs(
        self, inputs: Sequence[SeriesInput], horizon: int
    ) -> list[tuple[np.ndarray, str | None]]:
        """Forecast many prepared series; failures fall back with a reason."""
        return [self._safe_predict(series, horizon) for series in inputs]

    def _safe_predict(
        self, series: SeriesInput, horizon: int
    ) -> tuple[np.ndarray, str | None]:
        if series.known_days < self.min_history_days:
            reason = (
                f"{self.name} needs {self.min_history_days} days of known "
                f"demand, has {series.known_days}"
            )
            return self._fall_back(series, horizon, reason)
        try:
            raw = np.asarray(self._predict(series, horizon), dtype=float)
            point = (
                raw
                if self.uses_exog
                else apply_uplift(raw, series.future_promo, series.uplift)
            )
            check_forecast(point, series, horizon)
        except Exception as exc:  # noqa: BLE001 - any model failure must fall back
            reason = f"{self.name} failed: {type(exc).__name__}: {exc}"[:300]
            return self._fall_back(series, horizon, reason)
        return np.clip(point, 0.0, None), None

    def _fall_back(
        self, series: SeriesInput, horizon: int, reason: str
    ) -> tuple[np.ndarray, str]:
        from ..registry import get_model

        if self.fallback is None or self.fallback == self.name:
            level = (
                float(np.nanmean(series.filled[-28:])) if series.filled.size else 0.0
            )
            return np.full(horizon, max(level, 0.0)), f"{reason}; used the recent mean"
        point, inner = get_model(self.fallback)._safe_predict(series, horizon)
        chain = f"; {inner}" if inner else ""
        return point, f"{reason}; used {self.fallback}{chain}"


def check_forecast(point: np.ndarray, series: SeriesInput, horizon: int) -> None:
    """Reject forecasts that are the wrong shape, not finite or implausibly large."""
    if point.shape != (horizon,):
        raise ValueError(f"expected {horizon} values, got shape {point.shape}")
    if not np.all(np.isfinite(point)):
        raise ValueError("forecast contains non-finite values")
    ceiling = 3.0 * max(float(np.nanmax(series.filled_raw, initial=0.0)), 1.0)
    if point.max(initial=0.0) > ceiling * max(series.uplift, 1.0):
        raise ValueError(f"implausible forecast peak {point.max():.1f}")


def naive_quantiles(history: np.ndarray, point: np.ndarray) -> dict[float, np.ndarray]:
    """Uncalibrated quantiles from in-sample weekly-naive errors (pipeline recalibrates)."""
    diffs = history[7:] - history[:-7] if history.size > 14 else np.zeros(1)
    errors = diffs[-365:] / np.sqrt(2.0)  # a difference of two noisy days
    result: dict[float, np.ndarray] = {}
    previous = np.zeros_like(point)
    for level in QUANTILE_LEVELS:
        shift = float(np.quantile(errors, level)) if errors.size else 0.0
        current = np.maximum(np.maximum(point + shift, 0.0), previous)
        result[level] = current
        previous = current
    return result
