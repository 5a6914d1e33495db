"""Reads for forecasting; every function takes the organization first.

`effective_forecast` is the one answer to "what demand do we expect": the
latest model forecast with the active overrides applied. The policy and every
report read it, never ProductForecast directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Organization
from inventory.models import Product

from . import adjustments
from .models import ForecastOverride, ForecastRun, ProductForecast, PromotionEvent

TOTAL_DAYS = (30, 60, 90)


def _latest_ids(organization: Organization) -> Subquery:
    return Subquery(
        ProductForecast.objects.filter(
            organization=organization, product=OuterRef("pk")
        )
        .order_by("-as_of", "-pk")
        .values("pk")[:1]
    )


def latest_forecasts(
    *, organization: Organization, product_ids: list[int] | None = None
) -> dict[int, ProductForecast]:
    """The newest forecast of each product (by as-of date, then creation): 1 query."""
    products = Product.objects.filter(organization=organization)
    if product_ids is not None:
        products = products.filter(pk__in=product_ids)
    latest = products.annotate(latest=_latest_ids(organization)).values("latest")
    rows = ProductForecast.objects.filter(
        organization=organization, pk__in=latest
    ).defer("daily", "cumulative_quantiles")
    return {row.product_id: row for row in rows}


def latest_forecast(
    *, organization: Organization, product: Product
) -> ProductForecast | None:
    """The product's newest forecast, with its run, or None."""
    return (
        ProductForecast.objects.filter(organization=organization, product=product)
        .select_related("run")
        .order_by("-as_of", "-pk")
        .first()
    )


@dataclass(frozen=True)
class ForecastListRow:
    product: Product
    forecast: ProductForecast | None
    is_overridden: bool
    # Effective 30/60/90-day totals (overrides applied); None without a forecast.
    totals: dict[int, Decimal] | None


def forecast_list(
    *, organization: Organization, search: str = ""
) -> list[ForecastListRow]:
    """Active single products with their latest forecast and effective totals.

    Three queries, plus two per overridden product.
    """
    products = Product.objects.filter(
        organization=organization, kind=Product.Kind.SINGLE, is_active=True
    ).select_related("category")
    if search:
        products = products.filter(sku__icontains=search) | products.filter(
            name__icontains=search
        )
    products = list(products.order_by("sku", "pk"))
    ids = [product.pk for product in products]
    forecasts = latest_forecasts(organization=organization, product_ids=ids)
    overridden = set(
        active_overrides(organization=organization)
        .filter(product_id__in=ids)
        .values_list("product_id", flat=True)
    )
    rows = []
    for product in products:
        forecast = forecasts.get(product.pk)
        totals = None
        if forecast is not None and product.pk in overridden:
            # Overrides are few: only those products pay for the full path.
            effective = effective_forecast(organization=organization, product=product)
            totals = effective.totals if effective else None
        elif forecast is not None:
            totals = {
                30: forecast.total_30,
                60: forecast.total_60,
                90: forecast.total_90,
            }
        rows.append(
            ForecastListRow(product, forecast, product.pk in overridden, totals)
        )
    return rows


def run_list(*, organization: Organization) -> QuerySet[ForecastRun]:
    """The organization's runs, newest first."""
    return ForecastRun.objects.filter(organization=organization).order_by(
        "-as_of", "-sequence", "-pk"
    )


def run_latest(*, organization: Organization) -> ForecastRun | None:
    """The newest run of the organization, or None."""
    return run_list(organization=organization).first()


def active_overrides(
    *,
    organization: Organization,
    product: Product | None = None,
    today: dt.date | None = None,
) -> QuerySet[ForecastOverride]:
    """Active overrides whose expiry date has not passed, oldest first."""
    today = today or timezone.localdate()
    overrides = ForecastOverride.objects.filter(
        organization=organization, is_active=True
    ).exclude(expires_on__lt=today)
    if product is not None:
        overrides = overrides.filter(product=product)
    return overrides.order_by("created_at", "pk")


def override_get(*, organization: Organization, override_id: int) -> ForecastOverride:
    """Raises ForecastOverride.DoesNotExist for another organization's (→ 404)."""
    return ForecastOverride.objects.select_related("product").get(
        organization=organization, pk=override_id
    )


def override_list(
    *, organization: Organization, product: Product
) -> QuerySet[ForecastOverride]:
    """Every override of the product, newest first, active or not."""
    return (
        ForecastOverride.objects.filter(organization=organization, product=product)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class OverrideChange:
    record: object  # a HistoricalForecastOverride row
    changes: list[tuple[str, object, object]]  # (field label, old, new)


def override_history(
    *, organization: Organization, product: Product, limit: int = 50
) -> list[OverrideChange]:
    """The product's override change log (who, when, old → new), newest first."""
    records = list(
        ForecastOverride.history.filter(
            organization_id=organization.pk, product_id=product.pk
        )
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit * 2]
    )
    previous_of: dict[int, object] = {}
    for record in reversed(records):  # oldest first: link each to the one before
        record.previous = previous_of.get(record.id)
        previous_of[record.id] = record
    entries = []
    for record in records[:limit]:
        changes = []
        if record.previous is not None:
            delta = record.diff_against(record.previous)
            changes = [
                (
                    str(ForecastOverride._meta.get_field(c.field).verbose_name),
                    c.old,
                    c.new,
                )
                for c in delta.changes
            ]
        entries.append(OverrideChange(record=record, changes=changes))
    return entries


METRIC_COLUMNS = ("wape", "mae", "rmse", "mase", "rmsse", "bias")


def backtest_table(
    forecast: ProductForecast,
) -> tuple[list[str], list[tuple[str, bool, list[float | None]]]]:
    """Backtest metrics as (columns, rows of (model, is a member, values))."""
    metrics = forecast.backtest_metrics or {}
    columns = [c for c in METRIC_COLUMNS if any(c in m for m in metrics.values())]
    members = set(forecast.members or [])
    rows = [
        (
            model,
            model in members or model == "ensemble",
            [values.get(column) for column in columns],
        )
        for model, values in sorted(
            metrics.items(),
            key=lambda item: (item[0] != "ensemble", item[1].get("wape") or 9e9),
        )
    ]
    return columns, rows


def event_list(*, organization: Organization) -> QuerySet[PromotionEvent]:
    """Promotion and channel events of the organization, latest first."""
    return PromotionEvent.objects.filter(organization=organization).select_related(
        "product", "category", "channel"
    )


def event_get(*, organization: Organization, event_id: int) -> PromotionEvent:
    """Raises PromotionEvent.DoesNotExist for another organization's (→ 404)."""
    return PromotionEvent.objects.get(organization=organization, pk=event_id)


def events_for_product(
    *,
    organization: Organization,
    product: Product,
    date_from: dt.date,
    date_to: dt.date,
) -> list[PromotionEvent]:
    """Events touching the product (itself, its category, or all) in the range."""
    events = event_list(organization=organization).filter(
        start_date__lte=date_to, end_date__gte=date_from
    )
    return [
        event
        for event in events.order_by("start_date", "pk")
        if event_touches(event.product_id, event.category_id, product)
    ]


def event_touches(
    product_id: int | None, category_id: int | None, product: Product
) -> bool:
    """An event names a product, a category, or neither (then every product)."""
    if product_id is not None:
        return product_id == product.pk
    if category_id is not None:
        return category_id == product.category_id
    return True


@dataclass(frozen=True)
class EffectiveForecast:
    """The forecast to plan with: model output with the active overrides applied."""

    product: Product
    forecast: ProductForecast
    dates: list[dt.date]
    point: list[float]
    quantiles: dict[str, list[float]]
    cumulative_quantiles: dict[str, list[float]]
    totals: dict[int, Decimal]
    total_quantiles: dict[int, dict[str, float]]
    model_totals: dict[int, Decimal]
    overrides: list[ForecastOverride] = field(default_factory=list)

    @property
    def is_overridden(self) -> bool:
        return bool(self.overrides)

    @property
    def override(self) -> ForecastOverride | None:
        """The most recent override applied, if any."""
        return self.overrides[-1] if self.overrides else None


def _adjustment(override: ForecastOverride) -> adjustments.Adjustment:
    totals = None
    if override.kind == ForecastOverride.Kind.TOTALS:
        totals = (
            float(override.total_30),
            float(override.total_60),
            float(override.total_90),
        )
    return adjustments.Adjustment(
        kind=override.kind,
        start=override.start_date,
        end=override.end_date,
        level=None if override.daily_level is None else float(override.daily_level),
        multiplier=None if override.multiplier is None else float(override.multiplier),
        totals=totals,
    )


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(float(value), 2)))


def effective_forecast(
    *, organization: Organization, product: Product, today: dt.date | None = None
) -> EffectiveForecast | None:
    """The latest forecast of the product with its active overrides; None if none."""
    forecast = latest_forecast(organization=organization, product=product)
    if forecast is None:
        return None
    overrides = list(
        active_overrides(organization=organization, product=product, today=today)
    )
    daily = forecast.daily
    dates = [dt.date.fromisoformat(row["date"]) for row in daily]
    old = np.array([row["point"] for row in daily], dtype=float)
    names = sorted({k for row in daily for k in row} - {"date", "point"})
    new = adjustments.adjusted_point(dates, old, [_adjustment(o) for o in overrides])
    quantiles = adjustments.monotone_levels(
        {
            name: adjustments.rescale([row.get(name, 0.0) for row in daily], old, new)
            for name in names
        }
    )
    cumulative = adjustments.monotone_levels(
        {
            name: adjustments.rescale(values, np.cumsum(old), np.cumsum(new))
            for name, values in forecast.cumulative_quantiles.items()
        }
    )
    horizons = [days for days in TOTAL_DAYS if days <= new.size]
    return EffectiveForecast(
        product=product,
        forecast=forecast,
        dates=dates,
        point=[round(float(v), 3) for v in new],
        quantiles={k: [round(float(v), 3) for v in q] for k, q in quantiles.items()},
        cumulative_quantiles={
            k: [round(float(v), 2) for v in q] for k, q in cumulative.items()
        },
        totals={days: _decimal(new[:days].sum()) for days in horizons},
        total_quantiles={
            days: {
                k: round(float(q[days - 1]), 2)
                for k, q in cumulative.items()
                if q.size >= days
            }
            for days in horizons
        },
        model_totals={
            30: forecast.total_30,
            60: forecast.total_60,
            90: forecast.total_90,
        },
        overrides=overrides,
    )


@dataclass(frozen=True)
class RecentHistory:
    """A product's recent daily demand and the days it was out of stock."""

    dates: list[dt.date]
    demand: list[float]
    stock_out_dates: list[dt.date]


def recent_history(
    *, organization: Organization, product: Product, as_of: dt.date, days: int = 180
) -> RecentHistory:
    """The last `days` days of demand up to `as_of`, as the engine saw them."""
    from .services.history import demand_histories

    items = demand_histories(
        organization=organization,
        products=[product],
        as_of=as_of,
        horizon_days=0,
        days=days,
    )
    history = items[product.pk].history
    stock_outs: list[dt.date] = []
    if history.censored is not None:
        stock_outs = [stamp.date() for stamp, flag in history.censored.items() if flag]
    return RecentHistory(
        dates=[stamp.date() for stamp in history.demand.index],
        demand=[float(value) for value in history.demand.to_numpy()],
        stock_out_dates=stock_outs,
    )


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
    """The run's forecast path with realised sales up to `last_day` (3 queries)."""
    from .services.history import daily_demand

    forecasts = ProductForecast.objects.filter(organization=organization, run=run)
    if product_id is not None:
        forecasts = forecasts.filter(product_id=product_id)
    rows = list(forecasts.values_list("product_id", "daily"))
    paths = [daily or [] for _, daily in rows]
    point, p50 = _sum_paths(paths, "point"), _sum_paths(paths, "p50")
    dates = sorted(point)
    single = len(rows) == 1
    band = {k: _sum_paths(paths, k) for k in ("p10", "p90")} if single else {}
    days = [dt.date.fromisoformat(d) for d in dates]
    sold: dict[dt.date, float] = {}
    if days and days[0] <= last_day:
        demand = daily_demand(
            organization=organization,
            product_ids=[pk for pk, _ in rows],
            date_from=days[0],
            date_to=min(days[-1], last_day),
        )
        for per_day in demand.values():
            for day, units in per_day.items():
                sold[day] = sold.get(day, 0.0) + units
    return ActualVsForecast(
        dates=days,
        point=[round(point[d], 3) for d in dates],
        p50=[round(p50[d], 3) for d in dates],
        p10=[round(band["p10"][d], 3) for d in dates] if band else None,
        p90=[round(band["p90"][d], 3) for d in dates] if band else None,
        actual=[max(sold.get(d, 0.0), 0.0) if d <= last_day else None for d in days],
        products=len(rows),
    )
