"""Pure forecasting engine (no Django): models, backtest, ensemble, quantiles."""

from .pipeline import EngineRun, forecast_products, run_engine
from .registry import get_model, global_model_names, model_names
from .types import (
    QUANTILE_LEVELS,
    DemandHistory,
    EngineConfig,
    ForecastResult,
    ProductForecast,
)

__all__ = [
    "QUANTILE_LEVELS",
    "DemandHistory",
    "EngineConfig",
    "EngineRun",
    "ForecastResult",
    "ProductForecast",
    "forecast_products",
    "get_model",
    "global_model_names",
    "model_names",
    "run_engine",
]
