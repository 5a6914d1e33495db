"""Reads for replenishment; every function takes the organization first."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from accounts.models import Organization
from forecasting.models import ProductForecast
from forecasting.selectors import active_overrides, effective_forecast
from inventory.models import Product, StockMovement

from .models import (
    PolicySettings,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseReceipt,
    Recommendation,
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


def open_receipts(
    *, organization: Organization, product_ids: list[int], as_of: dt.date
) -> dict[int, list[tuple[dt.date, float]]]:
    """Expected (due date, units) of each product's open order lines: 1 query."""
    receipts: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
    rows = open_order_lines(organization=organization, product_ids=product_ids)
    for product_id, quantity, received, due, order_due in rows.values_list(
        "product_id", "quantity", "received_quantity", "expected_date",
        "order__expected_date",
    ):
        # An order without a date is assumed to arrive tomorrow (engine rule).
        day = due or order_due or as_of + dt.timedelta(days=1)
        receipts[product_id].append((day, float(quantity - received)))
    return dict(receipts)


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


# -- the order screen ----------------------------------------------------------
def recommendation_latest_as_of(*, organization: Organization) -> dt.date | None:
    """The as-of date of the newest stored recommendations."""
    return Recommendation.objects.filter(organization=organization).aggregate(
        latest=Max("as_of"))["latest"]


def recommendation_list(
    *, organization: Organization, search: str = "", supplier_id: int | None = None,
    only_to_order: bool = False, within_days: int | None = None,
) -> QuerySet[Recommendation]:
    """The newest recommendation of every product, most urgent first."""
    as_of = recommendation_latest_as_of(organization=organization)
    rows = Recommendation.objects.filter(organization=organization, as_of=as_of)
    if search:
        rows = rows.filter(Q(product__sku__icontains=search)
                           | Q(product__name__icontains=search))
    if supplier_id:
        rows = rows.filter(product__supplier_id=supplier_id)
    if only_to_order:
        rows = rows.filter(recommended_quantity__gt=0)
    if within_days is not None and as_of is not None:
        rows = rows.filter(order_by_date__lte=as_of + dt.timedelta(days=within_days))
    return (
        rows.select_related("product", "product__supplier")
        .defer("projection")
        .order_by(F("order_by_date").asc(nulls_last=True), "-recommended_quantity",
                  "product__sku")
    )


def recommendations_by_ids(
    *, organization: Organization, ids: list[int]
) -> QuerySet[Recommendation]:
    """Recommendations picked on the order screen (another organization's: none)."""
    return Recommendation.objects.filter(organization=organization, pk__in=ids) \
        .select_related("product", "product__supplier").defer("projection")


def recommendation_for_product(
    *, organization: Organization, product: Product
) -> Recommendation | None:
    """The product's newest recommendation (for the product page), or None."""
    return Recommendation.objects.filter(organization=organization,
                                         product=product).order_by("-as_of").first()


@dataclass(frozen=True)
class OrderSheetRow:
    """One line of the order sheet (발주표)."""

    recommendation: Recommendation
    product: Product
    supplier_name: str
    order_quantity: int
    lead_time_days: float


def draft_quantities(*, organization: Organization) -> dict[int, int]:
    """Product id → quantity on draft or approved, not yet sent, orders: 1 query."""
    rows = PurchaseOrderLine.objects.filter(
        organization=organization,
        order__status__in=(PurchaseOrder.Status.DRAFT, PurchaseOrder.Status.APPROVED),
    ).values("product_id").annotate(units=Sum("quantity"))
    return {row["product_id"]: int(row["units"] or 0) for row in rows}


def order_sheet_rows(*, organization: Organization) -> list[OrderSheetRow]:
    """Products to order, by supplier then SKU; order quantity = drafted or advised."""
    drafted = draft_quantities(organization=organization)
    rows = recommendation_list(organization=organization, only_to_order=True) \
        .order_by(F("product__supplier__name").asc(nulls_last=True), "product__sku")
    return [
        OrderSheetRow(
            recommendation=row, product=row.product,
            supplier_name=row.product.supplier.name if row.product.supplier else "",
            order_quantity=drafted.get(row.product_id, row.recommended_quantity),
            lead_time_days=row.lead_time_days,
        )
        for row in rows
    ]


# -- purchase orders -----------------------------------------------------------
def po_list(*, organization: Organization, status: str = "") -> QuerySet[PurchaseOrder]:
    """Orders, newest first, with supplier and line totals."""
    orders = PurchaseOrder.objects.filter(organization=organization)
    if status:
        orders = orders.filter(status=status)
    return orders.select_related("supplier", "created_by").annotate(
        units=Sum("lines__quantity"), received_units=Sum("lines__received_quantity")
    ).order_by("-created_at", "-pk")


def po_get(*, organization: Organization, order_id: int) -> PurchaseOrder:
    """Raises PurchaseOrder.DoesNotExist for another organization's order (→ 404)."""
    return PurchaseOrder.objects.select_related(
        "supplier", "created_by", "approved_by"
    ).get(organization=organization, pk=order_id)


def po_lines(*, organization: Organization, order: PurchaseOrder) -> list:
    """The order's lines with their products."""
    return list(
        PurchaseOrderLine.objects.filter(organization=organization, order=order)
        .select_related("product").order_by("product__sku", "pk")
    )


def po_line_get(*, organization: Organization, line_id: int) -> PurchaseOrderLine:
    """Raises PurchaseOrderLine.DoesNotExist for another organization's line."""
    return PurchaseOrderLine.objects.select_related("order", "product").get(
        organization=organization, pk=line_id
    )


@dataclass(frozen=True)
class QuantityChange:
    record: object  # a HistoricalPurchaseOrderLine row
    product: Product
    old: int | None
    new: int


def po_quantity_history(
    *, organization: Organization, order: PurchaseOrder
) -> list[QuantityChange]:
    """Every quantity change on the order's lines (who, when, old → new, why)."""
    records = list(
        PurchaseOrderLine.history.filter(organization_id=organization.pk,
                                         order_id=order.pk)
        .select_related("history_user").order_by("history_date", "history_id")
    )
    products = {line.product_id: line.product
                for line in po_lines(organization=organization, order=order)}
    last: dict[int, int] = {}
    changes: list[QuantityChange] = []
    for record in records:
        old = last.get(record.id)
        if old != record.quantity and record.product_id in products:
            changes.append(QuantityChange(record, products[record.product_id], old,
                                          record.quantity))
        last[record.id] = record.quantity
    return list(reversed(changes))


def po_receipts(*, organization: Organization, order: PurchaseOrder) -> QuerySet:
    """Receipts recorded against the order, newest first."""
    return PurchaseReceipt.objects.filter(
        organization=organization, line__order=order
    ).select_related("line__product", "received_by")


def today() -> dt.date:
    """The organization's business day (Asia/Seoul by default)."""
    return timezone.localdate()
