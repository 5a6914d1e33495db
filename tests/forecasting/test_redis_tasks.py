"""The nightly forecast through the real Redis broker and a real worker thread.

Skipped with a reason when settings.TEST_REDIS_URL does not answer (a failure
under CI), like tests/test_redis.py whose fixtures are reused here.
"""

from __future__ import annotations

import time

import pytest
from celery.result import EagerResult

from forecasting.models import ForecastRun
from forecasting.tasks import forecast_organization_task
from tests.test_redis import redis_url, redis_worker  # noqa: F401 -- fixtures

from .conftest import AS_OF

pytestmark = pytest.mark.redis


def _wait_finished(run_id: int, timeout: float = 60.0) -> ForecastRun:
    from django.db import connection

    if connection.vendor == "sqlite":
        # The test database is an in-memory SQLite shared with the worker
        # thread: there a reader's table lock makes the worker's write fail at
        # once ("database table is locked", no busy wait). Polling without read
        # locks keeps the test from racing the worker it watches.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = ForecastRun.objects.get(pk=run_id)
        if run.is_finished:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} did not finish in {timeout} s")


def test_forecast_runs_in_chunks_on_a_real_worker(
    redis_worker,  # noqa: F811 -- the fixture imported above
    seller,
    settings,
):
    settings.FORECAST_CHUNK_SIZE = 2  # two chunks, joined by the last one
    result = forecast_organization_task.delay(seller.organization.pk, AS_OF.isoformat())
    assert not isinstance(result, EagerResult)
    run_id = result.get(timeout=60)
    result.forget()
    run = _wait_finished(run_id)
    assert run.status == ForecastRun.Status.SUCCEEDED
    assert run.chunk_count == 2 and sorted(run.chunks_done) == [0, 1]
    assert run.results.count() == len(seller.singles)
    # Delivered again: the same run comes back and nothing is queued.
    again = forecast_organization_task.delay(seller.organization.pk, AS_OF.isoformat())
    assert again.get(timeout=30) == run_id
    again.forget()
    assert ForecastRun.objects.filter(organization=seller.organization).count() == 1
