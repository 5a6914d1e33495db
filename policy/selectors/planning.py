"""Reads that feed the recommendations refresh: settings, forecasts, open orders, lead times."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)

from accounts.models import Organization
from forecasting.models import ProductForecast
from forecasting.selectors import active_overrides, effective_forecast
from inventory.models import Product, StockMovement

from ..coverage import OpenArrival
from ..models import (
    PolicySettings,
    ProductPolicy,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseReceipt,
)


def policy_settings_get(*, organization: Organization) -> PolicySettings:
    """The organization's settings; unsaved defaults when never edited."""
    found = PolicySettings.objects.filter(organization=organization).first()
    return found or PolicySettings(organization=organization)


# -- inputs of the refresh -----------------------------------------------------
@dataclass(frozen=True)
class PlanningForecast:
    """A product's forecast for the days after ``as_of`` (overrides applied)."""

    run_id: int | None
    point: list[float]
    # "p95" → cumulative demand quantiles for days 1..H after as_of.
    cumulative_quantiles: dict[str, list[float]] = field(default_factory=dict)
    is_overridden: bool = False


def _shift(dates: list[dt.date], as_of: dt.date) -> int:
    """How many leading forecast days are on or before ``as_of``."""
    return sum(1 for day in dates if day <= as_of)


def _planning(run_id, dates, point, cumulative, as_of, overridden) -> PlanningForecast:
    skip = _shift(dates, as_of)
    shifted: dict[str, list[float]] = {}
    for name, path in cumulative.items():
        # Demand already past is removed from every level (an approximation for
        # the quantiles, exact for the mean).
        base = float(path[skip - 1]) if skip and len(path) >= skip else 0.0
        shifted[name] = [max(0.0, float(v) - base) for v in path[skip:]]
    return PlanningForecast(run_id, [float(v) for v in point[skip:]], shifted,
                            overridden)


def planning_forecasts(
    *, organization: Organization, product_ids: list[int], as_of: dt.date
) -> dict[int, PlanningForecast]:
    """The latest forecast of each product: one query, plus two per overridden one."""
    latest = Subquery(
        ProductForecast.objects.filter(organization=organization,
                                       product=OuterRef("pk"))
        .order_by("-as_of", "-pk").values("pk")[:1]
    )
    ids = Product.objects.filter(organization=organization, pk__in=product_ids)
    rows = ProductForecast.objects.filter(
        organization=organization, pk__in=ids.annotate(latest=latest).values("latest")
    ).only("pk", "product_id", "run_id", "daily", "cumulative_quantiles")
    overridden = set(
        active_overrides(organization=organization, today=as_of)
        .filter(product_id__in=product_ids).values_list("product_id", flat=True)
    )
    result: dict[int, PlanningForecast] = {}
    for row in rows:
        if row.product_id in overridden:
            continue
        dates = [dt.date.fromisoformat(day["date"]) for day in row.daily]
        point = [day["point"] for day in row.daily]
        result[row.product_id] = _planning(
            row.run_id, dates, point, row.cumulative_quantiles or {}, as_of, False)
    # Overrides are few: those products go through forecasting's own selector.
    for product in Product.objects.filter(organization=organization,
                                          pk__in=overridden):
        effective = effective_forecast(organization=organization, product=product,
                                       today=as_of)
        if effective is not None:
            result[product.pk] = _planning(
                effective.forecast.run_id, effective.dates, effective.point,
                effective.cumulative_quantiles, as_of, True)
    return result


def open_order_lines(
    *, organization: Organization, product_ids: list[int] | None = None
) -> QuerySet[PurchaseOrderLine]:
    """Lines of approved, sent or partly received orders still awaiting goods."""
    lines = PurchaseOrderLine.objects.filter(
        organization=organization, order__status__in=PurchaseOrder.OPEN_STATUSES,
        is_closed=False, received_quantity__lt=F("quantity"),
    )
    if product_ids is not None:
        lines = lines.filter(product_id__in=product_ids)
    return lines


def open_order_arrivals(
    *, organization: Organization, product_ids: list[int]
) -> dict[int, list[OpenArrival]]:
    """Each product's open order lines: order, due date (the line's, else the
    order's) and units still to come: 1 query."""
    arrivals: dict[int, list[OpenArrival]] = defaultdict(list)
    rows = open_order_lines(organization=organization, product_ids=product_ids)
    for product_id, order_id, quantity, received, due, order_due in rows.values_list(
        "product_id", "order_id", "quantity", "received_quantity", "expected_date",
        "order__expected_date",
    ).order_by("pk"):
        arrivals[product_id].append(
            OpenArrival(order_id, due or order_due, float(quantity - received)))
    return dict(arrivals)


def open_receipts(
    arrivals: dict[int, list[OpenArrival]], *, as_of: dt.date
) -> dict[int, list[tuple[dt.date, float]]]:
    """The engine's (due date, units) of each product's ``open_order_arrivals``;
    an order without a date is assumed to arrive tomorrow (engine rule)."""
    tomorrow = as_of + dt.timedelta(days=1)
    return {product_id: [(a.due_date or tomorrow, a.units) for a in found]
            for product_id, found in arrivals.items()}


def lead_time_samples(
    *, organization: Organization, product_ids: list[int] | None = None
) -> dict[tuple[int, int], list[float]]:
    """(supplier id, product id) → received − ordered days of every receipt."""
    receipts = PurchaseReceipt.objects.filter(
        organization=organization, line__order__ordered_on__isnull=False
    )
    if product_ids is not None:
        receipts = receipts.filter(line__product_id__in=product_ids)
    samples: dict[tuple[int, int], list[float]] = defaultdict(list)
    for supplier_id, product_id, received, ordered in receipts.values_list(
        "line__order__supplier_id", "line__product_id", "received_on",
        "line__order__ordered_on",
    ).order_by("pk"):
        samples[(supplier_id, product_id)].append(float((received - ordered).days))
    return dict(samples)


def sales_value_by_product(
    *, organization: Organization, since: dt.date
) -> dict[int, float]:
    """Units sold since ``since`` × selling price, per product: 1 query."""
    rows = (
        StockMovement.objects.filter(
            organization=organization, kind=StockMovement.Kind.OUTBOUND,
            business_date__gte=since,
        )
        .values("product_id", "product__selling_price")
        .annotate(units=Sum("quantity"))
    )
    return {row["product_id"]: -float(row["units"] or 0)
            * float(row["product__selling_price"] or 0) for row in rows}


def planning_products(*, organization: Organization) -> QuerySet[Product]:
    """Active single products, with supplier and per-product policy."""
    return (
        Product.objects.filter(organization=organization, is_active=True,
                               kind=Product.Kind.SINGLE)
        .select_related("supplier", "policy").order_by("sku", "pk")
    )


def product_policy_get(
    *, organization: Organization, product: Product
) -> ProductPolicy | None:
    """The product's policy override, or None when it inherits everything."""
    return ProductPolicy.objects.filter(organization=organization,
                                        product=product).first()
