"""Plain data types shared by the forecasting engine (no Django, no clock)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

# Quantile levels reported for daily and cumulative demand.
QUANTILE_LEVELS: tuple[float, ...] = (0.5, 0.8, 0.9, 0.95, 0.98)

DEMAND_CLASSES = ("smooth", "erratic", "intermittent", "lumpy")


@dataclass(frozen=True)
class DemandHistory:
    """One product's daily demand as handed to the engine.

    ``demand`` is indexed by date; a NaN value, a True in ``censored`` or a
    missing date inside the range (filled as zero sales) describe the past.
    ``promo`` holds 0/1 flags and may extend past ``as_of`` (planned promotions).
    ``expected_daily_demand`` is the caller's guess used for cold starts.
    ``closed`` is True on days the shop is closed and nothing can sell (a weekly
    closing day, a holiday break). A past closed day is censored like a
    stock-out (its demand went to the open days, so it must not drag the level
    down); a closed day after ``as_of`` (planned, like a promotion) is forecast
    at 0, quantiles included.
    """

    demand: pd.Series
    censored: pd.Series | None = None
    promo: pd.Series | None = None
    expected_daily_demand: float | None = None
    closed: pd.Series | None = None


@dataclass(frozen=True)
class EngineConfig:
    """Every tunable of the engine in one place, recorded with each run."""

    horizon_days: int = 90
    models: tuple[str, ...] = (
        "seasonal_naive",
        "moving_average",
        "ses",
        "weekday_profile",
        "ets",
        "seasonal_es",
        "croston_sba",
        "tsb",
        "adida",
        "imapa",
        "gbm_global",
    )
    backtest_origins: int = 6
    backtest_step_days: int = 30
    backtest_score_horizon_days: int = 30
    min_train_days: int = 60
    # Older days are dropped: two years keep any yearly pattern and halve the cost.
    max_history_days: int | None = 730
    cold_start_min_days: int = 28
    use_promotions: bool = True
    # Ensemble: "auto" picks, pooled over the backtest origins, among the blends
    # of the global model with the statistical median and the cross-validated
    # top-k; "median"/"mean"/"best" or a top_k ask for a top-k combination.
    combination: str = "auto"  # "auto" | "median" | "mean" | "best"
    top_k: int | None = None
    # Per-product bias correction starts off; True lets the cross-validation
    # turn it on when it improves the backtest score by MIN_GAIN (False: never).
    bias_correction: bool = True
    quantile_levels: tuple[float, ...] = QUANTILE_LEVELS
    category_average: float | None = None


@dataclass(frozen=True)
class ForecastResult:
    """Output of one model: daily point forecast and daily quantiles."""

    model: str
    dates: pd.DatetimeIndex
    point: np.ndarray
    quantiles: dict[float, np.ndarray] = field(default_factory=dict)
    fallback_reason: str | None = None


@dataclass(frozen=True)
class ProductForecast:
    """Everything the pipeline returns for one product."""

    key: str
    as_of: date
    dates: pd.DatetimeIndex
    point: np.ndarray
    quantiles: dict[float, np.ndarray]
    cumulative_quantiles: dict[float, np.ndarray]
    totals: dict[int, float]
    total_quantiles: dict[int, dict[float, float]]
    method: str
    members: tuple[str, ...]
    demand_class: str
    backtest_metrics: dict[str, dict[str, float]]
    fallback_reasons: dict[str, str]
    promo_uplift: float = 1.0
    bias_factor: float = 1.0
