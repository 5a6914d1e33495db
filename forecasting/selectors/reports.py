"""Reads for the actual-vs-forecast report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accounts.models import Organization
from inventory.models import Product

from ..models import ForecastRun, ProductForecast
from .forecasts import run_list

# -- reports: actual vs forecast -------------------------------------------------
FINISHED_STATUSES = (ForecastRun.Status.SUCCEEDED, ForecastRun.Status.PARTIAL)


def run_choices(*, organization: Organization, limit: int = 60) -> list[ForecastRun]:
    """Finished runs of the organization, newest first (for a run menu)."""
    return list(
        run_list(organization=organization)
        .filter(status__in=FINISHED_STATUSES)
        .only("pk", "as_of", "sequence", "scope", "status")[:limit]
    )


def run_get(*, organization: Organization, run_id: int) -> ForecastRun:
    """Raises ForecastRun.DoesNotExist for another organization's run (→ 404)."""
    return ForecastRun.objects.get(organization=organization, pk=run_id)


def run_products(
    *, organization: Organization, run: ForecastRun
) -> list[tuple[int, str, str]]:
    """(product id, SKU, name) of every product the run forecast, by SKU."""
    return list(
        ProductForecast.objects.filter(organization=organization, run=run)
        .order_by("product__sku")
        .values_list("product_id", "product__sku", "product__name")
    )


@dataclass(frozen=True)
class ActualVsForecast:
    """A run's daily forecast of one product (or all summed) beside what sold."""

    dates: list[dt.date]
    point: list[float]
    p50: list[float]
    # The band is None for the sum of products: quantiles do not add up.
    p10: list[float] | None
    p90: list[float] | None
    # None for days that have not passed yet.
    actual: list[float | None]
    products: int
    # Sold and forecast over the products whose demand that day is known (not
    # out of stock, not paused, not after the last recorded sale: the rule of
    # training and of the accuracy report); None when none is or the day has
    # not passed. The error figures compare these.
    known_actual: list[float | None] = field(default_factory=list)
    known_point: list[float | None] = field(default_factory=list)


def _sum_paths(daily_paths: list[list[dict]], key: str) -> dict[str, float]:
    totals: dict[str, float] = {}
    for daily in daily_paths:
        for row in daily:
            value = row.get(key, row.get("point", 0.0))
            totals[row["date"]] = totals.get(row["date"], 0.0) + float(value)
    return totals


def actual_vs_forecast(
    *,
    organization: Organization,
    run: ForecastRun,
    product_id: int | None,
    last_day: dt.date,
) -> ActualVsForecast:
    """The run's forecast path with realised sales up to `last_day` (6 queries)."""
    from ..services.history import daily_demand

    forecasts = ProductForecast.objects.filter(organization=organization, run=run)
    if product_id is not None:
        forecasts = forecasts.filter(product_id=product_id)
    rows = list(forecasts.values_list("product_id", "daily", "product__category_id"))
    paths = [daily or [] for _, daily, _ in rows]
    point, p50 = _sum_paths(paths, "point"), _sum_paths(paths, "p50")
    dates = sorted(point)
    single = len(rows) == 1
    band = {k: _sum_paths(paths, k) for k in ("p10", "p90")} if single else {}
    days = [dt.date.fromisoformat(d) for d in dates]
    sold: dict[dt.date, float] = {}
    if days and days[0] <= last_day:
        demand = daily_demand(
            organization=organization,
            product_ids=[pk for pk, _, _ in rows],
            date_from=days[0],
            date_to=min(days[-1], last_day),
        )
        for per_day in demand.values():
            for day, units in per_day.items():
                sold[day] = sold.get(day, 0.0) + units
        known = _known_sums(organization, rows, demand, days, last_day)
    else:
        known = ([None] * len(days), [None] * len(days))
    return ActualVsForecast(
        dates=days,
        point=[round(point[d], 3) for d in dates],
        p50=[round(p50[d], 3) for d in dates],
        p10=[round(band["p10"][d], 3) for d in dates] if band else None,
        p90=[round(band["p90"][d], 3) for d in dates] if band else None,
        actual=[max(sold.get(d, 0.0), 0.0) if d <= last_day else None for d in days],
        products=len(rows),
        known_actual=known[0],
        known_point=known[1],
    )


def _known_sums(
    organization: Organization,
    rows: list[tuple[int, list[dict], int | None]],
    demand: dict[int, dict[dt.date, float]],
    days: list[dt.date],
    last_day: dt.date,
) -> tuple[list[float | None], list[float | None]]:
    """Per day, units sold and forecast summed over the products whose demand
    is known that day (history.unknown_demand_days; 3 queries)."""
    from inventory.selectors import last_sales_day

    from ..services.history import pause_rows, unknown_demand_days

    products = {pk: Product(pk=pk, category_id=category) for pk, _, category in rows}
    unknown = unknown_demand_days(
        organization=organization, products=list(products.values()),
        pauses=pause_rows(organization=organization),
        last_sale=last_sales_day(organization=organization),
        date_from=days[0], date_to=min(days[-1], last_day),
    )  # fmt: skip
    points = {
        pk: {dt.date.fromisoformat(r["date"]): float(r["point"]) for r in daily or []}
        for pk, daily, _ in rows
    }
    actual: list[float | None] = []
    point: list[float | None] = []
    for day in days:
        known = [pk for pk in products if day not in unknown.get(pk, ())]
        if day > last_day or not known:
            actual.append(None)
            point.append(None)
            continue
        actual.append(sum(max(demand.get(pk, {}).get(day, 0.0), 0.0) for pk in known))
        point.append(round(sum(points[pk].get(day, 0.0) for pk in known), 3))
    return actual, point
