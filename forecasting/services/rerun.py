""""Forecast again now" for one product, as background work with a progress state.

The web request only queues `product_forecast_task` (after commit) and records
the state "queued"; the worker runs the engine and records "running", then
"done" or "failed" with the message. The state lives in the cache for an hour,
keyed per product, so the product's page shows the progress line and keeps the
button disabled until the work has finished (static/js/progress.js polls it).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization
from forecasting.services import runs as run_services

STATE_SECONDS = 60 * 60
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
ACTIVE = (QUEUED, RUNNING)


def _key(organization_id: int, product_id: int) -> str:
    return f"forecast-rerun:{organization_id}:{product_id}"


def rerun_state(*, organization: Organization, product_id: int) -> dict | None:
    """{"state", "message", "at"} of the product's latest request, or None."""
    return cache.get(_key(organization.pk, product_id))


def _set(organization_id: int, product_id: int, state: str, message: str = "") -> None:
    cache.set(_key(organization_id, product_id),
              {"state": state, "message": message,
               "at": timezone.now().isoformat()}, STATE_SECONDS)


def product_rerun_request(*, organization: Organization, product_id: int,
                          user_id: int | None) -> bool:
    """Queue the forecast unless one is already queued or running; True if queued."""
    from forecasting.tasks import product_forecast_task

    current = rerun_state(organization=organization, product_id=product_id)
    if current and current["state"] in ACTIVE:
        return False
    _set(organization.pk, product_id, QUEUED)
    transaction.on_commit(lambda: product_forecast_task.delay(
        organization.pk, product_id, user_id))
    return True


def product_rerun(*, organization: Organization, product_id: int, user=None) -> str:
    """Run the engine for one product (in the worker) and record the outcome."""
    _set(organization.pk, product_id, RUNNING)
    try:
        run, _created = run_services.forecast_run_execute(
            organization=organization, product_ids=[product_id], user=user)
    except Exception as error:  # recorded for the page, then re-raised for Celery
        _set(organization.pk, product_id, FAILED, str(error)[:300])
        raise
    if run.failures:
        _set(organization.pk, product_id, FAILED, str(run.failures[0]["error"])[:300])
        return FAILED
    _set(organization.pk, product_id, DONE)
    return DONE
