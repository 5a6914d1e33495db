"""The forecast run: start it once per day, forecast chunks of products, join, finish.

Celery tasks (forecasting/tasks.py) and `manage.py forecast` call the same three
steps: `forecast_run_start`, `forecast_chunk_run` per chunk, and
`forecast_run_finalize` once the last chunk is in. The join is kept in the run
row (`chunks_done`, updated under a row lock), so it needs no result backend and
survives a chunk delivered twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Organization
from forecasting.models import ForecastRun, ProductForecast
from forecasting.selectors.model_choice import model_choice
from forecasting.signals import forecasts_changed
from inventory.selectors import last_sales_day
from inventory.services.stock import with_deadlock_retry

from . import results
from .history import (
    ProductHistory,
    demand_histories,
    forecastable_products,
    history_days,
)
from .summary import mlflow_log, run_summary

logger = logging.getLogger(__name__)

# Products per chunk. The global model's training rows are capped (200,000), so
# up to ~280 products a chunk costs the same per product and above that each
# chunk costs about the same: 500 halves its cost per product against 100
# (bench/README.md "Scale"), keeps one process near 600 MB, and is the whole
# product set for most sellers, as in the accuracy suite.
DEFAULT_CHUNK_SIZE = 500
# An unfinished run older than this lost its worker: a new delivery resumes it.
STALE_AFTER = dt.timedelta(hours=1)
MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class RunStart:
    """A run and the product chunks still to forecast (none: nothing to do)."""

    run: ForecastRun
    created: bool
    chunks: list[list[int]] = field(default_factory=list)


def default_as_of() -> dt.date:
    """Yesterday in the business time zone: the last complete day of sales."""
    return timezone.localdate() - dt.timedelta(days=1)


def chunk_size() -> int:
    """Products per chunk (setting FORECAST_CHUNK_SIZE, default 500); ≥ 100 is stable."""
    return int(getattr(settings, "FORECAST_CHUNK_SIZE", DEFAULT_CHUNK_SIZE))


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    """Even chunks of at least `size` products (the engine picks its ensemble
    across a chunk's products: a small last chunk would be less stable)."""
    if not ids:
        return []
    count = max(1, len(ids) // size)
    base, extra = divmod(len(ids), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + base + (1 if index < extra else 0)
        chunks.append(ids[start:end])
        start = end
    return chunks


def _is_stale(run: ForecastRun) -> bool:
    return run.created_at < timezone.now() - STALE_AFTER


def _next_sequence(organization: Organization, as_of: dt.date) -> int:
    latest = ForecastRun.objects.filter(
        organization=organization, as_of=as_of
    ).aggregate(latest=Max("sequence"))["latest"]
    return 0 if latest is None else latest + 1


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _run_create(
    *,
    organization: Organization,
    as_of: dt.date,
    forced: bool,
    scope: str,
    product_ids: list[int],
    user=None,
) -> ForecastRun:
    chosen = model_choice(organization=organization)
    config = results.engine_config(**({"models": chosen} if chosen else {}))
    size = chunk_size()
    recorded = {
        "engine": results.config_as_json(config),
        # The organization's model choice (settings screen) or the default set.
        "models_source": "organization" if chosen else "default",
        "chunk_size": size,
        "history_days": history_days(),
        # Later days have no outbound on any product yet: unknown demand.
        "sales_data_end": _iso(last_sales_day(organization=organization)),
    }
    sequence = _next_sequence(organization, as_of) if forced else 0
    with transaction.atomic():
        return ForecastRun.objects.create(
            organization=organization,
            as_of=as_of,
            sequence=sequence,
            forced=forced,
            scope=scope,
            product_count=len(product_ids),
            chunk_count=len(_chunks(product_ids, size)),
            config=recorded,
            library_versions=results.library_versions(),
            git_revision=results.git_revision(),
            created_by=user,
        )


def forecast_run_start(
    *,
    organization: Organization,
    as_of: dt.date | None = None,
    force: bool = False,
    product_ids: Iterable[int] | None = None,
    user=None,
) -> RunStart:
    """Create the run of `as_of`, or return the existing one (one a day unless forced).

    An unfinished run left by a lost worker is resumed: its chunks are handed
    out again and the products already written are skipped.
    """
    as_of = as_of or default_as_of()
    scope = ForecastRun.Scope.ORGANIZATION
    if product_ids is not None:
        scope, force = ForecastRun.Scope.PRODUCT, True  # a targeted rerun is new
    products = forecastable_products(organization=organization, product_ids=product_ids)
    ids = [product.pk for product in products]
    if not force:
        existing = ForecastRun.objects.filter(
            organization=organization, as_of=as_of, sequence=0
        ).first()
        if existing is not None:
            return _resume(existing, ids)
    for _attempt in range(3):
        try:
            run = _run_create(
                organization=organization,
                as_of=as_of,
                forced=force,
                scope=scope,
                product_ids=ids,
                user=user,
            )
        except IntegrityError:
            if not force:  # another worker created today's run first
                existing = ForecastRun.objects.get(
                    organization=organization, as_of=as_of, sequence=0
                )
                return RunStart(existing, created=False)
            continue  # a concurrent forced run took the sequence number
        return RunStart(run, created=True, chunks=_chunks(ids, chunk_size()))
    raise RuntimeError("could not allocate a forecast run sequence number")


def _resume(run: ForecastRun, ids: list[int]) -> RunStart:
    if run.is_finished or not _is_stale(run):
        return RunStart(run, created=False)
    logger.warning("Resuming stale forecast run %s", run.pk)
    chunks = _chunks(ids, chunk_size())
    ForecastRun.objects.filter(pk=run.pk).update(
        chunks_done=[], chunk_count=len(chunks)
    )
    run.refresh_from_db()
    return RunStart(run, created=False, chunks=chunks)


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


def forecast_run_finalize(*, run_id: int) -> ForecastRun:
    """Set the run's status and summary once every chunk is in (idempotent)."""
    with transaction.atomic():
        run = ForecastRun.objects.select_for_update().get(pk=run_id)
        if run.is_finished:
            return run
        summary = run_summary(run)
        if summary["forecasts"] == 0 and run.product_count > 0:
            run.status = ForecastRun.Status.FAILED
        elif run.failures:
            run.status = ForecastRun.Status.PARTIAL
        else:
            run.status = ForecastRun.Status.SUCCEEDED
        run.started_at = run.started_at or run.created_at
        run.finished_at = timezone.now()
        run.timings["total"] = round(
            (run.finished_at - run.started_at).total_seconds(), 3
        )
        run.summary = summary
        run.save()
        forecasts_changed.send(sender=ForecastRun, organization_id=run.organization_id)
    mlflow_log(run)
    return run


def forecast_run_execute(
    *,
    organization: Organization,
    as_of: dt.date | None = None,
    force: bool = False,
    product_ids: Iterable[int] | None = None,
    user=None,
    progress: Callable[[list[list[int]]], Iterator[list[int]]] | None = None,
) -> tuple[ForecastRun, bool]:
    """Run the whole pipeline in this process; returns (run, created).

    `progress` wraps the chunk list (e.g. tqdm) for the command line.
    """
    start = forecast_run_start(
        organization=organization,
        as_of=as_of,
        force=force,
        product_ids=product_ids,
        user=user,
    )
    if not start.chunks and not start.created:
        return start.run, False
    chunks = progress(start.chunks) if progress else start.chunks
    for index, ids in enumerate(chunks):
        forecast_chunk_run(run_id=start.run.pk, chunk_index=index, product_ids=ids)
    return forecast_run_finalize(run_id=start.run.pk), start.created
