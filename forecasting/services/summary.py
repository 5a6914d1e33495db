"""A finished run's summary figures, and the optional MLflow record of it."""

from __future__ import annotations

import logging
import os
from collections import Counter
from statistics import median
from typing import Any

from django.db.models import Count, Sum

from forecasting.models import ForecastRun, ProductForecast

logger = logging.getLogger(__name__)


def run_summary(run: ForecastRun) -> dict[str, Any]:
    """Counts, demand classes, methods and backtest accuracy of the run's results."""
    results = ProductForecast.objects.filter(run=run)
    totals = results.aggregate(
        forecasts=Count("pk"), units_30=Sum("total_30"), units_90=Sum("total_90")
    )
    classes = dict(
        results.order_by().values_list("demand_class").annotate(n=Count("pk"))
    )
    rows = list(results.values_list("backtest_wape", "members", "is_cold_start"))
    wapes = [wape for wape, _, _ in rows if wape is not None]
    members = Counter(name for _, names, _ in rows for name in names or [])
    return {
        "products": run.product_count,
        "forecasts": totals["forecasts"],
        "failures": len(run.failures),
        "cold_starts": sum(1 for _, _, cold in rows if cold),
        "units_30": float(totals["units_30"] or 0),
        "units_90": float(totals["units_90"] or 0),
        "demand_classes": classes,
        "median_backtest_wape": round(median(wapes), 4) if wapes else None,
        "models_used": dict(members.most_common(10)),
    }


def mlflow_log(run: ForecastRun) -> None:
    """Log the run to MLflow when MLFLOW_TRACKING_URI is set and mlflow is installed."""
    if not os.environ.get("MLFLOW_TRACKING_URI"):
        return
    try:
        import mlflow
    except ImportError:
        logger.info("MLFLOW_TRACKING_URI is set but mlflow is not installed")
        return
    try:
        mlflow.set_experiment(f"smartstock-forecast-org-{run.organization_id}")
        with mlflow.start_run(run_name=f"{run.as_of}#{run.sequence}"):
            mlflow.log_params(
                {
                    "as_of": str(run.as_of),
                    "git": run.git_revision,
                    **_flat(run.config.get("engine", {})),
                }
            )
            numbers = {
                k: v
                for k, v in run.summary.items()
                if isinstance(v, int | float) and v is not None
            }
            mlflow.log_metrics(
                {**numbers, **{f"seconds_{k}": v for k, v in run.timings.items()}}
            )
    except Exception:  # noqa: BLE001 -- tracking must never fail a forecast run
        logger.exception("MLflow logging of forecast run %s failed", run.pk)


def _flat(config: dict[str, Any]) -> dict[str, str]:
    return {key: str(value)[:250] for key, value in config.items()}
