"""Reads of the stock ledger: movements, daily stock levels, dashboard figures."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)

from accounts.models import Organization

from ..models import (
    Product,
    StockMovement,
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
    # Only nullable relations are joined (LEFT JOINs), so MariaDB reads the ledger
    # newest-first from its index instead of sorting it; products come in one
    # extra query.
    movements = (
        StockMovement.objects.filter(organization=organization)
        .select_related(
            "channel", "lot", "created_by", "set_product", "external_ref", "reversed_by"
        )
        .prefetch_related("product")
    )
    if product_id:
        movements = movements.filter(product_id=product_id)
    if product_sku:
        # SKUs are unique without regard to case, so is the filter; a set's own
        # SKU also finds the component movements it produced.
        named = Product.objects.filter(
            organization=organization, sku__iexact=product_sku
        ).values("pk")
        movements = movements.filter(
            Q(product_id__in=named) | Q(set_product_id__in=named)
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
    return StockMovement.objects.select_related(
        "product", "channel", "lot", "created_by", "reversed_by"
    ).get(organization=organization, pk=movement_id)


# Products per ledger query that names them (``product_id IN (...)``). MariaDB
# estimates an IN list of up to 200 values (eq_range_index_dive_limit) from
# the index itself and reads the products' (product, date) ranges; with 500 it
# fell back to scanning the organization's whole ledger (12 s instead of 0.2 s
# per 200 products on a 2.6-million-row ledger). SQLite's variable limit is
# far above it.
ID_BATCH = 200


def id_batches(ids: list[int], size: int | None = None) -> list[list[int]]:
    """``ids`` in consecutive batches of at most ``size`` (``ID_BATCH``)."""
    size = size or ID_BATCH
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def daily_stock_levels(
    *,
    organization: Organization,
    product_ids: list[int],
    date_from: dt.date,
    date_to: dt.date,
) -> dict[int, list[tuple[dt.date, int]]]:
    """End-of-day stock level of each product for every day in the range.

    One query per 200 products: the ledger summed per product before
    ``date_from`` (the opening level, a row whose day is NULL, which sorts
    first on SQLite and MariaDB alike) and per product and day inside the range;
    the running level is summed here and days with no movement carry the
    previous level forward. Only the range's days cross the wire, not every day
    since the first movement (the dashboard read 169,000 rows for 90 days of
    118 products before).
    """
    if not product_ids or date_from > date_to:
        return {}
    table = StockMovement._meta.db_table
    levels_by_product: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for batch in id_batches(product_ids):
        placeholders = ", ".join(["%s"] * len(batch))
        sql = f"""
            SELECT product_id,
                   CASE WHEN business_date < %s THEN NULL ELSE business_date END
                       AS level_day,
                   SUM(quantity)
            FROM {table}
            WHERE organization_id = %s AND product_id IN ({placeholders})
              AND business_date <= %s
            GROUP BY product_id, level_day
            ORDER BY product_id, level_day
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [date_from, organization.pk, *batch, date_to])
            product_id_seen, level = None, 0
            for product_id, day, change in cursor.fetchall():
                if product_id != product_id_seen:
                    product_id_seen, level = product_id, 0
                level += int(change)
                if day is None:
                    day = date_from - dt.timedelta(days=1)
                elif isinstance(day, str):
                    day = dt.date.fromisoformat(day[:10])
                levels_by_product[product_id].append((day, level))
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


def product_movements(
    *, organization: Organization, product: Product, limit: int = 20
) -> list[StockMovement]:
    """The latest movements of a product, or for a set those it produced."""
    # One column, not "product OR set_product": MariaDB then reads the
    # (product, business_date) index backwards and stops after `limit` rows
    # (the OR scanned the organization's ledger: ~60 ms at 377k rows). A
    # single product is never a set_product, a set never holds stock itself.
    own = Q(set_product=product) if product.is_set else Q(product=product)
    return list(
        StockMovement.objects.filter(organization=organization).filter(own)
        .select_related("product", "channel", "lot", "created_by", "reversed_by")
        .order_by("-business_date", "-id")[:limit]
    )


def product_newest_movement_id(*, organization: Organization,
                               product: Product) -> int | None:
    """The id of the product's newest ledger row (a cache-key part, 1 query)."""
    return (StockMovement.objects.filter(organization=organization, product=product)
            .order_by("-pk").values_list("pk", flat=True).first())


def last_sales_day(*, organization: Organization) -> dt.date | None:
    """The latest business date of any outbound row of the organization (None:
    it never recorded a sale); one query on the (organization, kind, date) index.

    A later day without one outbound row on any product is a day whose sales
    are not in yet (an export not uploaded, a channel sync lagging), not a day
    nothing sold. A reversed outbound still counts: that day's data arrived.
    """
    return (
        StockMovement.objects.filter(
            organization=organization, kind=StockMovement.Kind.OUTBOUND
        )
        .order_by("-business_date")
        .values_list("business_date", flat=True)
        .first()
    )


@dataclass(frozen=True)
class DashboardFigures:
    active_products: int
    units_on_hand: int
    inventory_value: Decimal
    out_of_stock: int
    below_safety_stock: int


def dashboard_figures(*, organization: Organization) -> DashboardFigures:
    """Headline stock figures in one aggregate query.

    Stock figures count single products only (a set has no stock of its own);
    units and value include inactive products still holding stock, the
    out-of-stock and below-safety counts only active ones.
    """
    single = Q(kind=Product.Kind.SINGLE)
    active_single = single & Q(is_active=True)
    value = ExpressionWrapper(
        F("on_hand") * F("unit_cost"),
        output_field=DecimalField(max_digits=24, decimal_places=2),
    )
    totals = Product.objects.filter(organization=organization).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        units=Sum("on_hand", filter=single),
        value=Sum(value, filter=single),
        out=Count("pk", filter=active_single & Q(on_hand__lte=0)),
        below=Count("pk", filter=active_single & Q(on_hand__lt=F("safety_stock"))),
    )
    return DashboardFigures(
        active_products=totals["active"],
        units_on_hand=totals["units"] or 0,
        inventory_value=Decimal(totals["value"] or 0).quantize(Decimal("0.01")),
        out_of_stock=totals["out"],
        below_safety_stock=totals["below"],
    )
