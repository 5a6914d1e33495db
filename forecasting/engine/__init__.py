"""Pure forecasting engine (no Django): models, backtest, ensemble, quantiles."""

from importlib import import_module
from typing import Any

# The names are loaded on first use (PEP 562): `from forecasting.engine import
# metrics` (the accuracy report of the web process) must not load pandas and
# every model family with it.
_EXPORTS = {
    "EngineRun": "pipeline", "forecast_products": "pipeline", "run_engine": "pipeline",
    "get_model": "registry", "global_model_names": "registry",
    "model_names": "registry", "QUANTILE_LEVELS": "types", "DemandHistory": "types",
    "EngineConfig": "types", "ForecastResult": "types", "ProductForecast": "types",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value

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
