"""Forecast one chunk of a run's products and join its outcome to the run row.

The engine is called through `forecast_engine` (patch it here, in this module,
to replace the engine in a test); a product that makes it raise is isolated by
bisection so only the culprits fail.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from forecasting.models import ForecastRun, ProductForecast
from inventory.services.stock import with_deadlock_retry

from .. import results
from ..history import ProductHistory, demand_histories, forecastable_products

MAX_ERROR_CHARS = 500


def _engine_config_of(run: ForecastRun):
    engine = dict(run.config.get("engine") or {})
    for key in ("models", "quantile_levels"):
        if key in engine:
            engine[key] = tuple(engine[key])
    return results.engine_config(**engine)


def forecast_engine(histories: Mapping[str, Any], *, as_of: dt.date, config) -> dict:
    """Call the engine (imported here: web processes never load it at import)."""
    from forecasting.engine.pipeline import forecast_products

    return forecast_products(
        histories, as_of=as_of, horizon=config.horizon_days, config=config
    )


def _forecast_isolating(
    histories: dict[str, Any], *, as_of: dt.date, config
) -> tuple[dict[str, Any], dict[str, str]]:
    """Forecast all; when the engine raises, bisect so only the culprits fail."""
    try:
        forecasts = forecast_engine(histories, as_of=as_of, config=config)
    except Exception as error:  # noqa: BLE001 -- one product must not fail the run
        if len(histories) == 1:
            (key,) = histories
            return {}, {key: f"{type(error).__name__}: {error}"}
        keys = list(histories)
        middle = len(keys) // 2
        found: dict[str, Any] = {}
        failed: dict[str, str] = {}
        for part in (keys[:middle], keys[middle:]):
            done, errors = _forecast_isolating(
                {k: histories[k] for k in part}, as_of=as_of, config=config
            )
            found.update(done)
            failed.update(errors)
        return found, failed
    missing = {
        k: "the engine returned no forecast" for k in histories if k not in forecasts
    }
    return forecasts, missing


def _failure(product_id: int, sku: str, error: str) -> dict[str, Any]:
    return {"product_id": product_id, "sku": sku, "error": error[:MAX_ERROR_CHARS]}


def _rows(
    run: ForecastRun,
    items: dict[int, ProductHistory],
    forecasts: dict[str, Any],
    errors: dict[str, str],
) -> tuple[list[ProductForecast], list[dict[str, Any]]]:
    rows, failures = [], []
    for product_id, item in items.items():
        key = str(product_id)
        if key in errors:
            failures.append(_failure(product_id, item.sku, errors[key]))
            continue
        try:
            results.check_finite(forecasts[key])
            rows.append(results.result_row(run=run, item=item, forecast=forecasts[key]))
        except (ValueError, KeyError, TypeError) as error:
            failures.append(_failure(product_id, item.sku, f"{error}"))
    return rows, failures


def forecast_chunk_run(
    *, run_id: int, chunk_index: int, product_ids: list[int]
) -> bool:
    """Forecast one chunk and write its rows; True when it was the last chunk.

    Safe to run twice: a chunk already joined does nothing, and products that
    already have a row in this run are skipped.
    """
    run = ForecastRun.objects.select_related("organization").get(pk=run_id)
    if chunk_index in run.chunks_done:
        return False
    if run.status == ForecastRun.Status.PENDING:
        _mark_running(run)
    done = set(
        ProductForecast.objects.filter(run=run, product_id__in=product_ids).values_list(
            "product_id", flat=True
        )
    )
    todo = [pk for pk in product_ids if pk not in done]
    timings: dict[str, float] = {}
    rows: list[ProductForecast] = []
    failures: list[dict[str, Any]] = []
    if todo:
        rows, failures = _chunk_forecast(run, todo, timings)

    def write() -> bool:
        with transaction.atomic():
            return _join(run.pk, chunk_index, failures, timings, rows=rows)

    return with_deadlock_retry(write)


def _chunk_forecast(
    run: ForecastRun, product_ids: list[int], timings: dict[str, float]
) -> tuple[list[ProductForecast], list[dict[str, Any]]]:
    config = _engine_config_of(run)
    started = time.perf_counter()
    products = forecastable_products(
        organization=run.organization, product_ids=product_ids
    )
    items = demand_histories(
        organization=run.organization,
        products=products,
        as_of=run.as_of,
        horizon_days=config.horizon_days,
        days=run.config.get("history_days"),
    )
    timings["history"] = time.perf_counter() - started
    started = time.perf_counter()
    histories = {str(pk): item.history for pk, item in items.items()}
    forecasts, errors = _forecast_isolating(histories, as_of=run.as_of, config=config)
    timings["engine"] = time.perf_counter() - started
    rows, failures = _rows(run, items, forecasts, errors)
    gone = set(product_ids) - set(items)  # deleted or deactivated meanwhile
    failures += [_failure(pk, "", "no longer an active single product") for pk in gone]
    return rows, failures


def forecast_chunk_fail(
    *, run_id: int, chunk_index: int, product_ids: list[int], error: str
) -> bool:
    """Record a whole chunk as failed (its task crashed); True when it was the last."""
    failures = [_failure(pk, "", error) for pk in product_ids]

    def write() -> bool:
        with transaction.atomic():
            return _join(run_id, chunk_index, failures, {})

    return with_deadlock_retry(write)


def _mark_running(run: ForecastRun) -> None:
    ForecastRun.objects.filter(pk=run.pk, status=ForecastRun.Status.PENDING).update(
        status=ForecastRun.Status.RUNNING, started_at=timezone.now()
    )


def _join(
    run_id: int,
    chunk_index: int,
    failures: list[dict[str, Any]],
    timings: dict[str, float],
    rows: Sequence[ProductForecast] = (),
) -> bool:
    """Write a chunk's rows and add its outcome to the run; True once all are in.

    The run row is locked before the rows go in. Inserting them takes a shared
    lock on the run row (the foreign-key check), and two chunks that both hold
    it and then ask for the exclusive lock deadlock on MariaDB (seen in the
    5,000-product bench: a whole chunk lost). Locking first queues them.
    """
    run = ForecastRun.objects.select_for_update().get(pk=run_id)
    if chunk_index in run.chunks_done:
        return False
    started = time.perf_counter()
    ProductForecast.objects.bulk_create(rows)
    if rows:
        timings = {**timings, "write": time.perf_counter() - started}
    run.chunks_done = [*run.chunks_done, chunk_index]
    run.failures = [*run.failures, *failures]
    for name, seconds in timings.items():
        run.timings[name] = round(run.timings.get(name, 0.0) + seconds, 3)
    run.save(update_fields=["chunks_done", "failures", "timings"])
    return len(run.chunks_done) >= run.chunk_count
