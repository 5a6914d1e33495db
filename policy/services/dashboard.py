"""The dashboard's heavy aggregates, computed once per refresh and stored.

``dashboard_refresh`` scans the last 90 days of the ledger (a handful of
queries: products, daily stock levels, first movements, sales, demand rates,
forecast accuracy) and stores the result as one DashboardSnapshot row, so a page
view reads one row. It runs after the recommendations refresh (nightly, and
after purchase-order or settings changes); before the first refresh the page
computes the same figures once and caches them (``dashboard_data``).

Definitions (shown on the cards' tooltips):
* a stock-out day is a product-day whose end-of-day stock is ≤ 0; product-days
  count active single products from their first ledger movement on;
* fill rate = units shipped ÷ (units shipped + estimated lost sales), where the
  lost sales of a stock-out day are the product's current forecast daily
  demand (the ledger cannot see demand that found no stock);
* availability = share of active single products with stock on hand now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from accounts.models import Organization
from forecasting.services.history import daily_demand
from inventory.models import StockMovement
from inventory.selectors import daily_stock_levels
from policy import selectors
from policy.models import DashboardSnapshot, Recommendation

HISTORY_DAYS = 90
RATE_WINDOWS = (30, 90)
TOP_MOVERS = 10
MOVER_DAYS = 30
CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class ProductInfo:
    """What the aggregates need about one product (no queries)."""

    product_id: int
    sku: str
    name: str
    unit_cost: float
    first_day: dt.date | None  # first ledger movement; None = never moved
    daily_rate: float  # current forecast daily demand


def window_rates(
    products: Sequence[ProductInfo], levels: Mapping[int, Sequence[tuple[dt.date, int]]],
    sold: Mapping[int, Mapping[dt.date, float]], first: dt.date, last: dt.date,
) -> dict[str, float | int | None]:
    """Stock-out rate and fill rate over the days ``first`` … ``last``."""
    product_days = stockout_days = 0
    served = lost = 0.0
    for info in products:
        if info.first_day is None:
            continue
        for day, level in levels.get(info.product_id, ()):
            if day < first or day > last or day < info.first_day:
                continue
            product_days += 1
            served += sold.get(info.product_id, {}).get(day, 0.0)
            if level <= 0:
                stockout_days += 1
                lost += info.daily_rate
    demanded = served + lost
    return {
        "product_days": product_days, "stockout_days": stockout_days,
        "stockout_rate": stockout_days / product_days if product_days else None,
        "served": round(served, 2), "lost": round(lost, 2),
        "fill_rate": served / demanded if demanded > 0 else None,
    }


def daily_series(
    products: Sequence[ProductInfo], levels: Mapping[int, Sequence[tuple[dt.date, int]]],
    days: Sequence[dt.date],
) -> dict[str, list]:
    """Inventory value at today's unit cost and products out of stock, per day."""
    index = {day: i for i, day in enumerate(days)}
    value = [0.0] * len(days)
    out = [0] * len(days)
    for info in products:
        for day, level in levels.get(info.product_id, ()):
            i = index.get(day)
            if i is None or info.first_day is None or day < info.first_day:
                continue
            value[i] += max(level, 0) * info.unit_cost
            out[i] += level <= 0
    return {"dates": [d.isoformat() for d in days],
            "inventory_value": [round(v, 2) for v in value], "stockouts": out}


def top_movers(
    products: Sequence[ProductInfo], sold: Mapping[int, Mapping[dt.date, float]],
    last: dt.date, limit: int = TOP_MOVERS,
) -> list[dict[str, Any]]:
    """Best sellers of the last 30 days, with the 30 days before for comparison."""
    recent_from = last - dt.timedelta(days=MOVER_DAYS - 1)
    before_from = recent_from - dt.timedelta(days=MOVER_DAYS)
    rows = []
    for info in products:
        per_day = sold.get(info.product_id, {})
        recent = sum(u for d, u in per_day.items() if recent_from <= d <= last)
        before = sum(u for d, u in per_day.items() if before_from <= d < recent_from)
        if recent > 0:
            rows.append({"product_id": info.product_id, "sku": info.sku,
                         "name": info.name, "units": round(recent, 2),
                         "units_before": round(before, 2)})
    rows.sort(key=lambda row: (-row["units"], row["sku"]))
    return rows[:limit]


def _products(organization: Organization) -> list[ProductInfo]:
    """Active single products with first movement and forecast rate (3 queries)."""
    products = list(selectors.planning_products(organization=organization)
                    .values_list("pk", "sku", "name", "unit_cost"))
    ids = [row[0] for row in products]
    firsts = dict(StockMovement.objects.filter(
        organization=organization, product_id__in=ids,
    ).order_by().values_list("product_id").annotate(first=Min("business_date")))
    as_of = selectors.recommendation_latest_as_of(organization=organization)
    rates = dict(Recommendation.objects.filter(
        organization=organization, as_of=as_of,
    ).values_list("product_id", "daily_demand"))
    return [ProductInfo(pk, sku, name, float(cost or 0), firsts.get(pk),
                        float(rates.get(pk) or 0.0))
            for pk, sku, name, cost in products]


def _accuracy(organization: Organization) -> dict[str, Any] | None:
    """WAPE and bias of the newest run whose 30 days have passed, vs sales."""
    from forecasting.services.accuracy import realised_report

    report = realised_report(organization=organization)
    if not report.runs or report.runs[0].overall.days == 0:
        return None
    run = report.runs[0]
    return {"run_id": run.run_id, "as_of": run.as_of.isoformat(),
            "wape": run.overall.wape, "bias": run.overall.bias,
            "days": report.window_days}


def dashboard_compute(*, organization: Organization,
                      today: dt.date | None = None) -> dict[str, Any]:
    """Every heavy dashboard figure as JSON-ready data (reads only)."""
    today = today or selectors.today()
    last = today - dt.timedelta(days=1)  # the last day whose ledger is complete
    first = last - dt.timedelta(days=HISTORY_DAYS - 1)
    products = _products(organization)
    ids = [info.product_id for info in products]
    levels = daily_stock_levels(organization=organization, product_ids=ids,
                                date_from=first, date_to=last)
    sold = daily_demand(organization=organization, product_ids=ids,
                        date_from=first, date_to=last)
    days = [first + dt.timedelta(days=i) for i in range(HISTORY_DAYS)]
    return {
        "as_of": today.isoformat(), "last_day": last.isoformat(),
        "rates": {str(n): window_rates(products, levels, sold,
                                       last - dt.timedelta(days=n - 1), last)
                  for n in RATE_WINDOWS},
        "series": daily_series(products, levels, days),
        "top_movers": top_movers(products, sold, last),
        "accuracy": _accuracy(organization),
    }


def dashboard_refresh(*, organization: Organization,
                      today: dt.date | None = None) -> DashboardSnapshot:
    """Recompute and store the organization's dashboard aggregates (idempotent)."""
    data = dashboard_compute(organization=organization, today=today)
    snapshot, _created = DashboardSnapshot.objects.update_or_create(
        organization=organization,
        defaults={"as_of": dt.date.fromisoformat(data["as_of"]),
                  "computed_at": timezone.now(), "data": data},
    )
    return snapshot


def dashboard_data(*, organization: Organization) -> dict[str, Any]:
    """The stored snapshot's data; before the first refresh, computed and cached."""
    snapshot = selectors.dashboard_snapshot_get(organization=organization)
    if snapshot is not None:
        return {**snapshot.data, "computed_at": snapshot.computed_at.isoformat()}
    last_movement = StockMovement.objects.filter(organization=organization) \
        .order_by("-pk").values_list("pk", flat=True).first()
    key = f"dashboard:{organization.pk}:{last_movement}:{selectors.today()}"
    data = cache.get(key)
    if data is None:
        data = {**dashboard_compute(organization=organization),
                "computed_at": timezone.now().isoformat()}
        cache.set(key, data, CACHE_SECONDS)
    return data
