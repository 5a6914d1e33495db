"""Chunks of one run finishing at the same moment, on real MariaDB row locks.

SQLite serialises writers, so this only means something on MariaDB/MySQL: it
runs in `make test-mariadb`. Seen in the 5,000-product Celery bench: two chunks
writing their rows together deadlocked on the run row and a whole chunk of 500
products was recorded as failed.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from forecasting.models import ForecastRun, ProductForecast
from forecasting.services import runs
from tests.mariadb import MARIADB_ONLY, run_in_threads

from .conftest import AS_OF

pytestmark = MARIADB_ONLY


def _rows_at_barrier(barrier: threading.Barrier):
    """A stand-in for the engine: one plain row per product, then all chunks
    wait for each other so that their writes start together."""

    def chunk_forecast(run, product_ids, timings):
        rows = [
            ProductForecast(
                run=run,
                organization=run.organization,
                product_id=pk,
                as_of=run.as_of,
                method="test",
                daily=[1.0] * 90,
                total_30=Decimal(30),
                total_60=Decimal(60),
                total_90=Decimal(90),
            )
            for pk in product_ids
        ]
        barrier.wait(timeout=30)
        return rows, []

    return chunk_forecast


@pytest.mark.parametrize("attempt", range(3))
def test_chunks_writing_together_all_join_the_run(seller, settings, monkeypatch, attempt):
    settings.FORECAST_CHUNK_SIZE = 1
    start = runs.forecast_run_start(
        organization=seller.organization, as_of=AS_OF, force=True
    )
    chunks = start.chunks
    assert len(chunks) >= 4
    monkeypatch.setattr(
        runs.chunks, "_chunk_forecast", _rows_at_barrier(threading.Barrier(len(chunks)))
    )
    run_in_threads(
        len(chunks),
        lambda index: runs.forecast_chunk_run(
            run_id=start.run.pk, chunk_index=index, product_ids=chunks[index]
        ),
    )
    run = ForecastRun.objects.get(pk=start.run.pk)
    assert sorted(run.chunks_done) == list(range(len(chunks)))
    assert run.failures == []
    assert run.status == ForecastRun.Status.RUNNING
    assert run.results.count() == len(chunks)
    assert runs.forecast_run_finalize(run_id=run.pk).status == ForecastRun.Status.SUCCEEDED
