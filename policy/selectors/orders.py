"""Reads for the order screen, the order sheet and purchase orders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from accounts.models import Organization
from inventory.models import Product

from ..models import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseReceipt,
    Recommendation,
)


# -- the order screen ----------------------------------------------------------
def recommendation_latest_as_of(*, organization: Organization) -> dt.date | None:
    """The as-of date of the newest stored recommendations."""
    return Recommendation.objects.filter(organization=organization).aggregate(
        latest=Max("as_of"))["latest"]


def recommendation_list(
    *, organization: Organization, search: str = "", supplier_id: int | None = None,
    only_to_order: bool = False, within_days: int | None = None,
    category_id: int | None = None, product_id: int | None = None, sku: str = "",
) -> QuerySet[Recommendation]:
    """The newest recommendation of every product, most urgent first (``sku``:
    that master SKU exactly, in any case)."""
    as_of = recommendation_latest_as_of(organization=organization)
    rows = Recommendation.objects.filter(organization=organization, as_of=as_of)
    if search:
        rows = rows.filter(Q(product__sku__icontains=search)
                           | Q(product__name__icontains=search))
    if supplier_id:
        rows = rows.filter(product__supplier_id=supplier_id)
    if category_id:
        rows = rows.filter(product__category_id=category_id)
    if product_id:
        rows = rows.filter(product_id=product_id)
    if sku:
        rows = rows.filter(product__sku__iexact=sku.strip())
    if only_to_order:
        rows = rows.filter(recommended_quantity__gt=0)
    if within_days is not None and as_of is not None:
        rows = rows.filter(order_by_date__lte=as_of + dt.timedelta(days=within_days))
    return (
        # draft_units: ``to_order`` reads each row's draft without a query.
        rows.select_related("product", "product__supplier")
        .annotate(draft_units=draft_units())
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


def recommendation_get(*, organization: Organization,
                       recommendation_id: int) -> Recommendation:
    """Raises Recommendation.DoesNotExist for another organization's row (→ 404)."""
    return Recommendation.objects.select_related("product", "product__supplier").get(
        organization=organization, pk=recommendation_id)


def recommendation_for_product(
    *, organization: Organization, product: Product
) -> Recommendation | None:
    """The product's newest recommendation (for the product page), or None;
    annotated with its ``draft_units`` as ``recommendation_list`` rows are."""
    return Recommendation.objects.filter(organization=organization,
                                         product=product).annotate(
        draft_units=draft_units()).order_by("-as_of").first()


# Every unit on a live purchase order is counted once: on a draft (not ordered
# yet: the order screen's "on a draft", which replaces the advice) or on order
# (approved, sent, partly received: ``planning.open_order_lines``, the
# recommendation's inventory position; approval refreshes the plans). Received
# units are on hand, cancelled ones gone.
ON_DRAFT = (PurchaseOrder.Status.DRAFT,)


def draft_units() -> Subquery:
    """Per recommendation row: units of its product on draft orders (None when
    none): ``draft_quantities`` as an annotation, for lists that must not spend
    a query per row on it."""
    lines = PurchaseOrderLine.objects.filter(
        organization_id=OuterRef("organization_id"), product_id=OuterRef("product_id"),
        order__status__in=ON_DRAFT,
    ).order_by().values("product_id").annotate(units=Sum("quantity")).values("units")
    return Subquery(lines[:1], output_field=IntegerField())


def on_draft() -> Exists:
    """Per recommendation row: its product has units on a draft order."""
    return Exists(PurchaseOrderLine.objects.filter(
        organization_id=OuterRef("organization_id"), product_id=OuterRef("product_id"),
        order__status__in=ON_DRAFT, quantity__gt=0))


def draft_quantities(*, organization: Organization) -> dict[int, int]:
    """Product id → units on draft orders, not yet on order: 1 query.

    Approved orders are not here: the recommendation already counts them as on
    order (``open_order_lines``), so they lower its advice instead."""
    rows = PurchaseOrderLine.objects.filter(
        organization=organization,
        order__status__in=ON_DRAFT,
    ).values("product_id").annotate(units=Sum("quantity"))
    return {row["product_id"]: int(row["units"] or 0) for row in rows}


PURCHASING_VERSION = "purchasing"


def purchasing_version(*, organization: Organization) -> str:
    """What the order screen's drafted quantities depend on, as a cache-key part.

    No query: a counter every save or delete of a purchase order or of one of
    its lines bumps (PolicyConfig.ready): created, approved, sent, cancelled,
    received, every line edit.
    """
    from smartstock import versions

    return versions.read(PURCHASING_VERSION, organization.pk)


# -- purchase orders -----------------------------------------------------------
def po_list(*, organization: Organization, status: str = "") -> QuerySet[PurchaseOrder]:
    """Orders, newest first, with supplier and line totals."""
    orders = PurchaseOrder.objects.filter(organization=organization)
    if status:
        orders = orders.filter(status=status)
    amount = ExpressionWrapper(F("lines__quantity") * F("lines__unit_cost"),
                               output_field=DecimalField(max_digits=18,
                                                         decimal_places=2))
    return orders.select_related("supplier", "created_by").annotate(
        units=Sum("lines__quantity"), received_units=Sum("lines__received_quantity"),
        amount=Sum(amount),
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

