"""Finish a forecast run (status and summary), or run all its steps in one process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization
from forecasting.models import ForecastRun
from forecasting.signals import forecasts_changed

from ..summary import mlflow_log, run_summary
from .chunks import forecast_chunk_run
from .start import forecast_run_start


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
