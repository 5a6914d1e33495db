"""Ledger write throughput: single movements through the service, and bulk import.

Run against any configured database (a throwaway one: it creates and keeps a
benchmark organization):

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/ledger_write.py
    DATABASE_URL=mysql://root:@127.0.0.1:3306/smartstock_bench .venv/bin/python bench/ledger_write.py

Prints seconds, rows per second and peak Python memory; it is not a test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartstock.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from accounts.models import Organization  # noqa: E402
from inventory.models import Product, StockMovement  # noqa: E402
from inventory.services.integrity import movements_bulk_import, stock_verify  # noqa: E402
from inventory.services.stock import movement_record  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--single", type=int, default=2000, help="service calls")
    args = parser.parse_args()

    stamp = time.strftime("%Y%m%d%H%M%S")
    organization = Organization.objects.create(name=f"bench {stamp}")
    products = Product.objects.bulk_create(
        Product(organization=organization, sku=f"B-{i:04d}", name=f"bench {i}")
        for i in range(args.products)
    )
    rng = random.Random(7)
    start_day = dt.date(2024, 1, 1)

    tracemalloc.start()
    started = time.perf_counter()
    rows = (
        StockMovement(
            organization=organization, product=product,
            business_date=start_day + dt.timedelta(days=day),
            quantity=rng.randint(1, 20) if day % 30 == 0 else -rng.randint(0, 3) or 1,
            kind=StockMovement.Kind.INBOUND if day % 30 == 0 else StockMovement.Kind.OUTBOUND,
            source=StockMovement.Source.IMPORT,
        )
        for product in products
        for day in range(args.days)
    )
    organization.allow_negative_stock = True
    count = movements_bulk_import(organization=organization, movements=rows)
    bulk_seconds = time.perf_counter() - started
    _, bulk_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    started = time.perf_counter()
    for i in range(args.single):
        movement_record(
            organization=organization, user=None, product=products[i % len(products)],
            kind=StockMovement.Kind.INBOUND, quantity=1,
            business_date=start_day + dt.timedelta(days=args.days),
        )
    single_seconds = time.perf_counter() - started

    started = time.perf_counter()
    mismatches = stock_verify(organization=organization)
    verify_seconds = time.perf_counter() - started

    print(f"database: {connection.vendor}")
    print(f"bulk import: {count:,} rows in {bulk_seconds:.1f} s "
          f"({count / bulk_seconds:,.0f} rows/s), peak Python memory "
          f"{bulk_peak / 2**20:.0f} MiB")
    print(f"service: {args.single:,} single movements in {single_seconds:.1f} s "
          f"({args.single / single_seconds:,.0f}/s)")
    print(f"verify: {len(products)} products in {verify_seconds:.2f} s, "
          f"{len(mismatches)} mismatches")


if __name__ == "__main__":
    main()
