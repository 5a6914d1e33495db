"""One bench/intake.py case, run inside its own process (Django set up)."""
from __future__ import annotations

import cProfile
import csv
import datetime as dt
import random
import resource
import tempfile
import time
from pathlib import Path
from unittest import mock

from django.conf import settings

from accounts.models import Membership, Organization, User
from bench import channel_exports
from inventory.importing import template_headers
from inventory.models import Channel, Product, StockMovement
from inventory.services.import_apply import upload_apply
from inventory.services.import_history import history_import
from inventory.services.imports import upload_create
from inventory.services.integrity import movements_bulk_import, stock_verify
from policy.tasks import recommendations_refresh_task

START = dt.datetime(2026, 9, 1, 9, 0)
DAYS = 730


def _setup(products: int) -> tuple[Organization, User, list[str]]:
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{random.randint(0, 10**6)}"
    organization = Organization.objects.create(name=f"bench {stamp}")
    user = User.objects.create(email=f"bench-{stamp}@example.com", name="bench")
    Membership.objects.create(organization=organization, user=user, role="master")
    for name, kind in (("쿠팡", "coupang"), ("스마트스토어", "smartstore")):
        Channel.objects.create(organization=organization, name=name, kind=kind)
    skus = channel_exports.skus(products)
    Product.objects.bulk_create(
        Product(organization=organization, sku=sku, name=f"벤치 상품 {sku}")
        for sku in skus
    )
    opening = (
        StockMovement(organization=organization, product_id=pk,
                      business_date=dt.date(2024, 1, 1), quantity=1_000_000,
                      kind=StockMovement.Kind.INBOUND,
                      source=StockMovement.Source.IMPORT, source_ref="bench-opening")
        for pk in Product.objects.filter(organization=organization)
        .values_list("pk", flat=True)
    )
    movements_bulk_import(organization=organization, movements=opening)
    return organization, user, skus


def _template(rows: int, skus: list[str]) -> bytes:
    rng = random.Random(rows)
    body = []
    for index in range(rows):
        day = START.date() - dt.timedelta(days=1 + index % 60)
        inbound = rng.randint(1, 20) if index % 4 == 0 else None
        outbound = None if inbound else rng.randint(1, 5)
        body.append([skus[index % len(skus)], "", "", day, inbound, outbound,
                     None, "", "", None, ""])
    return channel_exports._xlsx("입출고", [template_headers(), *body])


def _file(case: str, rows: int, skus: list[str]) -> tuple[str, bytes]:
    start = START - dt.timedelta(days=30)
    if case == "template":
        return "template.xlsx", _template(rows, skus)
    if case in ("coupang", "overlap"):
        data = channel_exports.coupang_rows(rows, skus, start=start)
        return "DeliveryList(2026-09-01).xlsx", channel_exports.coupang_xlsx(data)
    data = channel_exports.smartstore_rows(rows, skus, start=start,
                                           cancelled_every=50)
    return ("스마트스토어_전체주문발주발송관리.xlsx",
            channel_exports.smartstore_xlsx(data))


def _timed(profile_dir: str | None, label: str, function):
    profiler = cProfile.Profile() if profile_dir else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = function()
    if profiler:
        profiler.disable()
        Path(profile_dir).mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(str(Path(profile_dir) / f"{label}.prof"))
    return time.perf_counter() - started, result


def run(case: str, *, rows: int, products: int, profile_dir: str | None) -> dict:
    """Measure one case; returns the JSON-able result."""
    settings.SMARTSTOCK_UPLOAD_ASYNC_BYTES = 10**12  # the request path itself
    settings.SMARTSTOCK_UPLOAD_ASYNC_ROWS = 10**12
    organization, user, skus = _setup(products)
    if case == "history":
        return _history(organization, user, skus, profile_dir)
    notes = ""
    if case == "overlap":
        first = channel_exports.coupang_rows(rows, skus, start=START)
        batch = upload_create(organization=organization, user=user,
                              filename="day1.xlsx",
                              content=channel_exports.coupang_xlsx(first))
        with mock.patch("policy.tasks.recommendations_refresh_task.delay"):
            upload_apply(organization=organization, batch=batch, user=user)
        shift = int(rows * 0.4)
        second = channel_exports.coupang_rows(rows, skus, start=START, first=shift)
        name, content = "day2.xlsx", channel_exports.coupang_xlsx(second)
    else:
        name, content = _file(case, rows, skus)
    parse_seconds, batch = _timed(profile_dir, f"{case}-parse", lambda: upload_create(
        organization=organization, user=user, filename=name, content=content))
    result = batch.result or {}
    if not result.get("ok"):
        raise SystemExit(f"{case}: the upload is not applicable: "
                         f"{result.get('problems', [])[:3]} {batch.error_message}")
    queued: list[int] = []
    with mock.patch("policy.tasks.recommendations_refresh_task.delay",
                    side_effect=queued.append):
        apply_seconds, batch = _timed(profile_dir, f"{case}-apply",
                                      lambda: upload_apply(organization=organization,
                                                           batch=batch, user=user))
    # With Redis the refresh is a Celery task after the commit; time it apart.
    started = time.perf_counter()
    for organization_id in queued:
        recommendations_refresh_task(organization_id)
    refresh_seconds = time.perf_counter() - started
    recorded = result.get("order_lines", {}).get("unchanged", 0)
    notes = (f"{batch.status}, {batch.movements_count} movements, refresh "
             f"queued {len(queued)}x ({refresh_seconds:.1f} s in a worker)"
             + (f", already recorded: {recorded}" if recorded else ""))
    if stock_verify(organization=organization):
        notes += ", CACHE MISMATCH"
    return {"name": case, "rows": rows, "parse_seconds": round(parse_seconds, 3),
            "apply_seconds": round(apply_seconds, 3), "peak_mb": _peak_mb(),
            "notes": notes}


def _history(organization, user, skus, profile_dir) -> dict:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["일자", "SKU", "출고"])
            first = dt.date(2024, 1, 1)
            for day in range(DAYS):
                date = (first + dt.timedelta(days=day)).isoformat()
                for sku in skus:
                    writer.writerow([date, sku, rng.randint(0, 6)])
        seconds, imported = _timed(profile_dir, "history", lambda: history_import(
            organization=organization, path=path, user=user))
    rows = len(skus) * DAYS
    notes = f"{imported.movements} movements"
    if stock_verify(organization=organization):
        notes += ", CACHE MISMATCH"
    return {"name": "history", "rows": rows, "parse_seconds": 0.0,
            "apply_seconds": round(seconds, 3), "peak_mb": _peak_mb(), "notes": notes}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
