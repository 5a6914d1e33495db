"""Background forecasting (scheduled nightly in smartstock/celery.py).

`forecast_organization_task` starts the day's run (idempotent) and fans the
products out in chunks to `forecast_chunk_task`; the chunk that completes the
run queues `forecast_finalize_task`. The join is kept in the run row, so no
Celery result backend (chord) is needed and a redelivered chunk is harmless.
Without Redis, tasks run eagerly in-process and the same code path applies.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task

from accounts.models import Organization
from forecasting.services import runs

logger = logging.getLogger(__name__)

# Every hard limit stays below the broker's visibility timeout (2 h in
# settings.CELERY_BROKER_VISIBILITY_TIMEOUT), or a running task is redelivered.
CHUNK_SOFT_LIMIT = 25 * 60
CHUNK_HARD_LIMIT = 30 * 60
SHORT_SOFT_LIMIT = 4 * 60
SHORT_HARD_LIMIT = 5 * 60


@shared_task(
    name="forecasting.tasks.forecast_organization_task",
    soft_time_limit=SHORT_SOFT_LIMIT,
    time_limit=SHORT_HARD_LIMIT,
)
def forecast_organization_task(
    organization_id: int, as_of: str | None = None, force: bool = False
) -> int | None:
    """Start (or find) the organization's run for `as_of` and queue its chunks."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        logger.warning(
            "forecast_organization_task: organization %s is gone", organization_id
        )
        return None
    start = runs.forecast_run_start(
        organization=organization,
        as_of=dt.date.fromisoformat(as_of) if as_of else None,
        force=force,
    )
    if not start.created and not start.chunks:
        return start.run.pk  # already done or in progress: nothing to queue
    if not start.chunks:
        forecast_finalize_task.delay(start.run.pk)
    for index, product_ids in enumerate(start.chunks):
        forecast_chunk_task.delay(start.run.pk, index, product_ids)
    return start.run.pk


@shared_task(
    name="forecasting.tasks.forecast_chunk_task",
    soft_time_limit=CHUNK_SOFT_LIMIT,
    time_limit=CHUNK_HARD_LIMIT,
)
def forecast_chunk_task(run_id: int, chunk_index: int, product_ids: list[int]) -> bool:
    """Forecast one chunk; a crash is recorded as that chunk's failures, not raised."""
    try:
        last = runs.forecast_chunk_run(
            run_id=run_id, chunk_index=chunk_index, product_ids=product_ids
        )
    except Exception as error:  # noqa: BLE001 -- incl. SoftTimeLimitExceeded
        logger.exception("Forecast chunk %s of run %s failed", chunk_index, run_id)
        last = runs.forecast_chunk_fail(
            run_id=run_id,
            chunk_index=chunk_index,
            product_ids=product_ids,
            error=f"chunk failed: {type(error).__name__}: {error}",
        )
    if last:
        forecast_finalize_task.delay(run_id)
    return last


@shared_task(
    name="forecasting.tasks.forecast_finalize_task",
    soft_time_limit=SHORT_SOFT_LIMIT,
    time_limit=SHORT_HARD_LIMIT,
)
def forecast_finalize_task(run_id: int) -> str:
    """Set the run's status and summary (idempotent); returns the status."""
    return runs.forecast_run_finalize(run_id=run_id).status


@shared_task(
    name="forecasting.tasks.forecast_all_organizations_task",
    soft_time_limit=SHORT_SOFT_LIMIT,
    time_limit=SHORT_HARD_LIMIT,
)
def forecast_all_organizations_task() -> int:
    """The nightly entry point: one run per organization for yesterday."""
    as_of = runs.default_as_of().isoformat()
    ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    for organization_id in ids:
        forecast_organization_task.delay(organization_id, as_of)
    return len(ids)


@shared_task(
    name="forecasting.tasks.product_forecast_task",
    soft_time_limit=SHORT_SOFT_LIMIT,
    time_limit=SHORT_HARD_LIMIT,
)
def product_forecast_task(organization_id: int, product_id: int,
                          user_id: int | None = None) -> str:
    """"Forecast again now" for one product, off the web request, with progress."""
    from django.contrib.auth import get_user_model

    from forecasting.services import rerun

    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return "missing"
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return rerun.product_rerun(organization=organization, product_id=product_id,
                               user=user)
