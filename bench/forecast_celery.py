"""The nightly forecast through the real Celery chunked pipeline, 1 vs N workers.

Usage (from the project root; a database every process can reach, and Redis):
    DATABASE_URL=mysql://root:@127.0.0.1:3306/smartstock_bench \\
    REDIS_URL=redis://127.0.0.1:6379/14 \\
    .venv/bin/python bench/forecast_accuracy.py --celery 500 --workers 1,2

Creates a throwaway organization with PRODUCTS active products and 730 days of
sales (copies of the shared pasta series with a seeded scale, through the bulk
ledger import), then for each worker count starts ``celery worker`` with that
many processes on the broker, queues ``forecast_organization_task`` (forced, so
every count forecasts everything), waits until the run is finished and prints
the wall time from queueing to the finished run. The engine runs inside the
workers exactly as at night: chunks of FORECAST_CHUNK_SIZE products.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartstock.settings.local")
    import django

    django.setup()
    _create_database()


def _create_database() -> None:
    """On MySQL/MariaDB, create ``DATABASE_URL``'s database if it is missing."""
    from benchdb import create_database
    from django.db import connection

    if connection.vendor != "mysql":
        return
    cfg = connection.settings_dict
    create_database(
        cfg["NAME"],
        host=cfg["HOST"] or "127.0.0.1",
        port=int(cfg["PORT"] or 3306),
        user=cfg["USER"],
        password=cfg["PASSWORD"] or "",
    )


def make_organization(frame, products: int, days: int = 730):
    """A throwaway organization with ``products`` products and their sales."""
    import numpy as np
    import pandas as pd

    from accounts.models import Organization
    from inventory.models import Product, StockMovement
    from inventory.services.integrity import movements_bulk_import

    stamp = time.strftime("%Y%m%d-%H%M%S")
    organization = Organization.objects.create(name=f"forecast bench {stamp}")
    Product.objects.bulk_create(
        Product(organization=organization, sku=f"F-{i:05d}", name=f"bench {i}")
        for i in range(products)
    )
    items = list(Product.objects.filter(organization=organization).order_by("pk"))
    last = frame.date.max()
    recent = frame[frame.date > last - pd.Timedelta(days=days)]
    groups = [g.sort_values("date") for _, g in recent.groupby("sku")]
    rng = np.random.default_rng(0)
    # The ledger's business dates end yesterday: the run forecasts as of then.
    end = dt.date.today() - dt.timedelta(days=1)
    dates = [end - dt.timedelta(days=days - 1 - d) for d in range(days)]

    def rows():
        for i, product in enumerate(items):
            group = groups[i % len(groups)]
            factor = 1.0 if i < len(groups) else rng.uniform(0.5, 2.0)
            qty = np.round(group["qty"].to_numpy(float)[-days:] * factor)
            total = int(qty.sum())
            yield StockMovement(
                organization=organization, product=product, business_date=dates[0],
                quantity=total + 10, kind=StockMovement.Kind.INBOUND,
                source=StockMovement.Source.IMPORT,
            )  # fmt: skip
            for day, units in zip(dates[-len(qty) :], qty, strict=True):
                if units > 0:
                    yield StockMovement(
                        organization=organization, product=product,
                        business_date=day, quantity=-int(units),
                        kind=StockMovement.Kind.OUTBOUND,
                        source=StockMovement.Source.IMPORT,
                    )  # fmt: skip

    movements_bulk_import(organization=organization, movements=rows())
    return organization, end


def time_workers(organization, as_of, workers: int) -> float:
    """Start a worker with ``workers`` processes, run the forecast, stop it."""
    from proctree import tree_rss_mb

    from forecasting.models import ForecastRun
    from forecasting.tasks import forecast_organization_task

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "smartstock", "worker",
         "--concurrency", str(workers), "--pool", "prefork", "--loglevel", "WARNING",
         "--hostname", f"forecast-bench-{os.getpid()}-{workers}@%h"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    try:
        time.sleep(5)  # the worker connects to the broker
        before = (
            ForecastRun.objects.filter(organization=organization, as_of=as_of)
            .order_by("-sequence")
            .values_list("sequence", flat=True)
            .first()
        )
        started = time.perf_counter()
        peak_mb = 0.0
        forecast_organization_task.delay(organization.pk, as_of.isoformat(), True)
        while True:  # no result backend: the run row says when it is finished
            time.sleep(2)
            peak_mb = max(peak_mb, tree_rss_mb(worker.pid))
            run = (
                ForecastRun.objects.filter(organization=organization, as_of=as_of)
                .order_by("-sequence")
                .first()
            )
            newer = run is not None and (before is None or run.sequence > before)
            if newer and run.is_finished:
                break
        seconds = time.perf_counter() - started
        print(
            f"celery, {workers} worker process(es): {run.product_count} products in "
            f"{run.chunk_count} chunks, wall {seconds:.1f} s, status {run.status}, "
            f"engine time summed over chunks {run.timings.get('engine', 0):.1f} s, "
            f"peak RSS of the worker and its processes {peak_mb:.0f} MB",
            flush=True,
        )
        return seconds
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=120)
        except subprocess.TimeoutExpired:
            worker.kill()


def reusable_organization(products: int):
    """The newest bench organization with ``products`` products whose sales end
    yesterday (an earlier ``--celery`` run's setup), or None."""
    from accounts.models import Organization
    from inventory.models import Product, StockMovement

    end = dt.date.today() - dt.timedelta(days=1)
    candidates = Organization.objects.filter(name__startswith="forecast bench ")
    for organization in candidates.order_by("-pk")[:5]:
        if Product.objects.filter(organization=organization).count() != products:
            continue
        last = (
            StockMovement.objects.filter(organization=organization)
            .order_by("-business_date")
            .values_list("business_date", flat=True)
            .first()
        )
        if last == end:
            return organization, end
    return None


def main(frame, products: int, worker_counts: list[int], reuse: bool = False) -> None:
    """Set up once (or reuse an earlier setup), then time each worker count
    (forced runs, sequence 1, 2, …)."""
    if not os.environ.get("REDIS_URL"):
        raise SystemExit(
            "set REDIS_URL (e.g. redis://127.0.0.1:6379/14): Celery needs a broker"
        )
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    found = reusable_organization(products) if reuse else None
    if found:
        organization, as_of = found
        print(f"reusing '{organization.name}': {products} products", flush=True)
    else:
        started = time.perf_counter()
        organization, as_of = make_organization(frame, products)
        elapsed = time.perf_counter() - started
        print(f"setup: {products} products x 730 days in {elapsed:.1f} s", flush=True)
    for workers in worker_counts:
        time_workers(organization, as_of, workers)
