"""Reads for the inventory app; every function takes the organization first."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import Q, QuerySet

from accounts.models import Organization

from .models import (
    Category,
    Channel,
    ChannelListing,
    Lot,
    Product,
    SetComponent,
    StockMovement,
    Supplier,
)

PRODUCT_ORDERINGS = {
    "sku": "sku",
    "-sku": "-sku",
    "name": "name",
    "-name": "-name",
    "on_hand": "on_hand",
    "-on_hand": "-on_hand",
    "category": "category__name",
    "-category": "-category__name",
    "supplier": "supplier__name",
    "-supplier": "-supplier__name",
}


def product_list(
    *,
    organization: Organization,
    search: str = "",
    category_id: int | None = None,
    supplier_id: int | None = None,
    kind: str = "",
    active: bool | None = True,
    ordering: str = "sku",
) -> QuerySet[Product]:
    products = Product.objects.filter(organization=organization).select_related(
        "category", "supplier"
    )
    if search:
        products = products.filter(
            Q(sku__icontains=search)
            | Q(playauto_sku__icontains=search)
            | Q(name__icontains=search)
            | Q(manufacturer__icontains=search)
        )
    if category_id:
        products = products.filter(category_id=category_id)
    if supplier_id:
        products = products.filter(supplier_id=supplier_id)
    if kind:
        products = products.filter(kind=kind)
    if active is not None:
        products = products.filter(is_active=active)
    return products.order_by(PRODUCT_ORDERINGS.get(ordering, "sku"), "pk")


def product_get(*, organization: Organization, product_id: int) -> Product:
    """Raises Product.DoesNotExist for another organization's product (→ 404)."""
    return Product.objects.select_related("category", "supplier").get(
        organization=organization, pk=product_id
    )


def products_by_ids(*, organization: Organization, ids) -> QuerySet[Product]:
    return Product.objects.filter(organization=organization, pk__in=ids)


def set_components(*, organization: Organization, product: Product) -> QuerySet[SetComponent]:
    return SetComponent.objects.filter(
        organization=organization, set_product=product
    ).select_related("component")


def set_available_quantity(*, organization: Organization, product: Product) -> int:
    """A set's available quantity: the minimum over components of on_hand // qty."""
    parts = list(set_components(organization=organization, product=product))
    if not parts:
        return 0
    return max(0, min(part.component.on_hand // part.quantity for part in parts))


def product_lots(*, organization: Organization, product: Product) -> QuerySet[Lot]:
    return Lot.objects.filter(organization=organization, product=product).order_by(
        "expiry_date", "code"
    )


def movement_list(
    *,
    organization: Organization,
    product_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str = "",
    user_id: int | None = None,
    channel_id: int | None = None,
    product_sku: str = "",
) -> QuerySet[StockMovement]:
    movements = StockMovement.objects.filter(organization=organization).select_related(
        "product", "channel", "lot", "created_by", "set_product", "external_ref",
        "reversed_by",
    )
    if product_id:
        movements = movements.filter(product_id=product_id)
    if product_sku:
        # A set's own SKU also finds the component movements it produced.
        movements = movements.filter(
            Q(product__sku=product_sku) | Q(set_product__sku=product_sku)
        )
    if date_from:
        movements = movements.filter(business_date__gte=date_from)
    if date_to:
        movements = movements.filter(business_date__lte=date_to)
    if kind:
        movements = movements.filter(kind=kind)
    if user_id:
        movements = movements.filter(created_by_id=user_id)
    if channel_id:
        movements = movements.filter(channel_id=channel_id)
    return movements.order_by("-business_date", "-id")


def movement_get(*, organization: Organization, movement_id: int) -> StockMovement:
    return StockMovement.objects.select_related("product").get(
        organization=organization, pk=movement_id
    )


def daily_stock_levels(
    *,
    organization: Organization,
    product_ids: list[int],
    date_from: dt.date,
    date_to: dt.date,
) -> dict[int, list[tuple[dt.date, int]]]:
    """End-of-day stock level of each product for every day in the range.

    One query: the ledger grouped by product and day with a running sum (window
    function; SQLite ≥ 3.25 and MariaDB ≥ 10.2 both have them), then days with
    no movement carry the previous level forward.
    """
    if not product_ids or date_from > date_to:
        return {}
    table = StockMovement._meta.db_table
    placeholders = ", ".join(["%s"] * len(product_ids))
    sql = f"""
        SELECT product_id, business_date,
               SUM(SUM(quantity)) OVER (
                   PARTITION BY product_id ORDER BY business_date
               ) AS level
        FROM {table}
        WHERE organization_id = %s AND product_id IN ({placeholders})
          AND business_date <= %s
        GROUP BY product_id, business_date
        ORDER BY product_id, business_date
    """
    levels_by_product: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization.pk, *product_ids, date_to])
        for product_id, day, level in cursor.fetchall():
            if isinstance(day, str):
                day = dt.date.fromisoformat(day)
            levels_by_product[product_id].append((day, int(level)))
    days = (date_to - date_from).days + 1
    result: dict[int, list[tuple[dt.date, int]]] = {}
    for product_id in product_ids:
        changes = levels_by_product.get(product_id, [])
        index, level, series = 0, 0, []
        for offset in range(days):
            day = date_from + dt.timedelta(days=offset)
            while index < len(changes) and changes[index][0] <= day:
                level = changes[index][1]
                index += 1
            series.append((day, level))
        result[product_id] = series
    return result


def supplier_list(*, organization: Organization) -> QuerySet[Supplier]:
    return Supplier.objects.filter(organization=organization).order_by("name")


def category_list(*, organization: Organization) -> QuerySet[Category]:
    return Category.objects.filter(organization=organization).order_by("name")


def channel_list(*, organization: Organization) -> QuerySet[Channel]:
    return Channel.objects.filter(organization=organization).order_by("name")


def channel_listing_list(*, organization: Organization) -> QuerySet[ChannelListing]:
    return ChannelListing.objects.filter(organization=organization).select_related(
        "channel", "product"
    )
