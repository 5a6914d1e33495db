"""Upload intake speed: parse + validate + apply, and the historical import.

Run on whatever DATABASE_URL says (migrations are applied first):
    DATABASE_URL=sqlite:////tmp/intake_bench.sqlite3 .venv/bin/python bench/intake.py
    DATABASE_URL=mysql://root:@127.0.0.1:3306/smartstock_bench .venv/bin/python bench/intake.py
Creates a throwaway organization with 500 products (opening stock through the
bulk path), writes template-shaped .xlsx files of 5,000 and 20,000 rows and a
500 × 730-day history CSV, then prints seconds and memory. Each upload is
timed untraced; its peak Python heap comes from a second run under
tracemalloc. Targets (2 cores): 5,000 rows < 10 s and < 300 MB; 365,000
history rows < 60 s.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartstock.settings.test")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Membership, Organization, User  # noqa: E402
from inventory.importing import template_headers  # noqa: E402
from inventory.models import Product, StockMovement  # noqa: E402
from inventory.services.import_apply import upload_apply  # noqa: E402
from inventory.services.import_history import history_import  # noqa: E402
from inventory.services.imports import upload_create  # noqa: E402
from inventory.services.integrity import (  # noqa: E402
    movements_bulk_import,
    stock_verify,
)

PRODUCTS = 500
DAYS = 730
START = dt.date(2024, 1, 1)


def setup() -> tuple[Organization, User, list[str]]:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    organization = Organization.objects.create(name=f"bench {stamp}")
    user = User.objects.create(email=f"bench-{stamp}@example.com", name="bench")
    Membership.objects.create(organization=organization, user=user, role="master")
    skus = [f"B-{index:04d}" for index in range(PRODUCTS)]
    Product.objects.bulk_create(
        Product(organization=organization, sku=sku, name=f"벤치 상품 {sku}")
        for sku in skus
    )
    opening = (
        StockMovement(organization=organization, product_id=pk,
                      business_date=START, quantity=1_000_000,
                      kind=StockMovement.Kind.INBOUND,
                      source=StockMovement.Source.IMPORT, source_ref="bench-opening")
        for pk in Product.objects.filter(organization=organization)
        .values_list("pk", flat=True)
    )
    movements_bulk_import(organization=organization, movements=opening)
    return organization, user, skus


def template_xlsx(path: Path, rows: int, skus: list[str], seed: int) -> None:
    rng = random.Random(seed)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("입출고")
    sheet.append(template_headers())
    for index in range(rows):
        day = START + dt.timedelta(days=index % 365)
        inbound = rng.randint(1, 20) if index % 4 == 0 else None
        outbound = None if inbound else rng.randint(1, 5)
        sheet.append([skus[index % len(skus)], "", "", day, inbound, outbound,
                      None, "", "", None, ""])
    workbook.save(path)


def history_csv(path: Path, skus: list[str]) -> None:
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["일자", "SKU", "출고"])
        for day in range(DAYS):
            date = (START + dt.timedelta(days=day)).isoformat()
            for sku in skus:
                writer.writerow([date, sku, rng.randint(0, 6)])


def upload_once(organization, user, path: Path) -> tuple[float, int, str]:
    started = time.perf_counter()
    batch = upload_create(organization=organization, user=user, filename=path.name,
                          content=path.read_bytes())
    batch = upload_apply(organization=organization, batch=batch, user=user,
                         allow_duplicate=True)
    return time.perf_counter() - started, batch.movements_count, batch.status


def traced(function, *args):
    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    call_command("migrate", verbosity=0)
    # Measure the request path itself: no background tasks, generous limits.
    settings.SMARTSTOCK_UPLOAD_ASYNC_BYTES = 10**12
    settings.SMARTSTOCK_UPLOAD_ASYNC_ROWS = 10**12
    settings.SMARTSTOCK_UPLOAD_MAX_ROWS = 20_000
    organization, user, skus = setup()
    vendor = f"{connection.vendor} {connection.settings_dict['NAME']}"
    print(f"database: {vendor}; products: {PRODUCTS}")
    print(f"{'case':<34}{'rows':>8}{'movements':>11}{'seconds':>9}{'peak MB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for rows in (5_000, 20_000):
            path = Path(folder) / f"upload-{rows}.xlsx"
            template_xlsx(path, rows, skus, seed=rows)
            seconds, movements, status = upload_once(organization, user, path)
            peak = traced(upload_once, organization, user, path) / 2**20
            label = f"upload parse+validate+apply ({status})"
            print(f"{label:<34}{rows:>8}{movements:>11}{seconds:>9.2f}{peak:>9.1f}")
        path = Path(folder) / "history.csv"
        history_csv(path, skus)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        result = history_import(organization=organization, path=path, user=user)
        seconds = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        label = "import_history 500 × 730"
        print(f"{label:<34}{PRODUCTS * DAYS:>8}{result.movements:>11}{seconds:>9.2f}"
              f"{rss:>9.0f}  (process max RSS; was {rss_before:.0f} before)")
    mismatches = stock_verify(organization=organization)
    print(f"cache == ledger for every product: {not mismatches}")


if __name__ == "__main__":
    main()
