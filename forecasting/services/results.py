"""Engine outputs → ProductForecast rows, and the run's recorded environment."""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import os
import subprocess
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

from forecasting.models import ForecastRun, ProductForecast

from .history import ProductHistory

if TYPE_CHECKING:
    from forecasting.engine.types import EngineConfig
    from forecasting.engine.types import ProductForecast as EngineForecast

logger = logging.getLogger(__name__)

# The P10 is asked for too, so the chart's band is an honest P10–P90.
QUANTILE_LEVELS = (0.1, 0.5, 0.8, 0.9, 0.95, 0.98)
LIBRARIES = (
    "numpy",
    "pandas",
    "scipy",
    "statsforecast",
    "statsmodels",
    "numba",
    "lightgbm",
    "django",
    "celery",
)
COLD_START_METHODS = {
    "expected": "cold start: expected daily demand entered for the product",
    "category": "cold start: category average",
    "history": "cold start: mean of the short history",
    "none": (
        "cold start: no sales history, no category average and no expected "
        "daily demand entered"
    ),
}


def engine_config(**overrides: Any) -> EngineConfig:
    """Engine configuration: defaults, then settings.FORECAST_ENGINE, then overrides."""
    from forecasting.engine.types import EngineConfig

    values: dict[str, Any] = {"quantile_levels": QUANTILE_LEVELS}
    values.update(getattr(settings, "FORECAST_ENGINE", {}) or {})
    values.update(overrides)
    if "models" in values:
        values["models"] = tuple(values["models"])
    return EngineConfig(**values)


def config_as_json(config: EngineConfig) -> dict[str, Any]:
    """The configuration as plain JSON (tuples become lists)."""
    return json_safe(dataclasses.asdict(config))


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries that shape the forecasts."""
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


@functools.lru_cache(maxsize=1)
def git_revision() -> str:
    """The deployed revision: $GIT_REVISION, else `git rev-parse HEAD`, else ""."""
    if os.environ.get("GIT_REVISION"):
        return os.environ["GIT_REVISION"][:64]
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(settings.BASE_DIR),
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return completed.stdout.strip()[:64] if completed.returncode == 0 else ""


def json_safe(value: Any) -> Any:
    """Recursively make `value` JSON-storable: NaN/inf → None, tuples → lists."""
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = float(value)
        if not math.isfinite(number):
            return None
        return round(number, 4) if isinstance(value, float) else value
    if hasattr(value, "item"):  # numpy scalar
        return json_safe(value.item())
    return value


def level_name(level: float) -> str:
    """0.1 → "p10", 0.95 → "p95"."""
    return f"p{round(level * 100)}"


def _rounded(values) -> list[float]:
    return [round(float(v), 2) for v in values]


def check_finite(forecast: EngineForecast) -> None:
    """Raise ValueError when the engine returned a non-finite or negative path."""
    for name, values in [("point", forecast.point), *forecast.quantiles.items()]:
        for value in values:
            if not math.isfinite(float(value)) or float(value) < 0:
                raise ValueError(f"engine returned {value!r} in {name}")


def _daily(forecast: EngineForecast) -> list[dict[str, Any]]:
    levels = sorted(forecast.quantiles)
    rows = []
    for index, day in enumerate(forecast.dates):
        row: dict[str, Any] = {
            "date": day.date().isoformat(),
            "point": round(float(forecast.point[index]), 3),
        }
        for level in levels:
            row[level_name(level)] = round(float(forecast.quantiles[level][index]), 3)
        rows.append(row)
    return rows


def _total(forecast: EngineForecast, days: int) -> Decimal:
    value = forecast.totals.get(days)
    if value is None:
        value = float(sum(forecast.point[:days]))
    return Decimal(str(round(float(value), 2)))


def result_row(
    *, run: ForecastRun, item: ProductHistory, forecast: EngineForecast
) -> ProductForecast:
    """An unsaved ProductForecast row for one product's engine output."""
    cold = forecast.demand_class == "cold_start"
    method, fallbacks = forecast.method, forecast.fallback_reasons
    if cold and item.cold_start_source in COLD_START_METHODS:
        method = COLD_START_METHODS[item.cold_start_source]
    elif cold and item.cold_start_source == "no_sales":
        # The engine counts from the first sale, so it saw "0 known days".
        method = f"no sales in {item.known_days} days in stock"
        fallbacks = {**fallbacks, "ensemble": method}
    wape = (forecast.backtest_metrics.get("ensemble") or {}).get("wape")
    return ProductForecast(
        run=run,
        organization_id=run.organization_id,
        product_id=item.product_id,
        as_of=run.as_of,
        method=method[:300],
        members=list(forecast.members),
        demand_class=forecast.demand_class,
        is_cold_start=cold,
        cold_start_source=item.cold_start_source if cold else "",
        backtest_metrics=json_safe(forecast.backtest_metrics),
        backtest_wape=json_safe(wape),
        daily=_daily(forecast),
        cumulative_quantiles={
            level_name(level): _rounded(values)
            for level, values in forecast.cumulative_quantiles.items()
        },
        total_quantiles={
            str(days): {level_name(level): round(float(v), 2) for level, v in q.items()}
            for days, q in forecast.total_quantiles.items()
        },
        total_30=_total(forecast, 30),
        total_60=_total(forecast, 60),
        total_90=_total(forecast, 90),
        fallback_reasons=json_safe(fallbacks),
        promo_uplift=json_safe(forecast.promo_uplift) or 1.0,
        bias_factor=json_safe(forecast.bias_factor) or 1.0,
        censored_days=item.censored_days,
    )
