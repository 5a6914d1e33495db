"""Reads of the copilot: the catalogue the parser matches, recent questions, lots.

Everything is scoped to the organization; the catalogue is built from the
inventory selectors (products, categories, suppliers, channels). `net_sales`
is the one definition of units and revenue sold that every sales answer uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncWeek

from accounts.models import Organization, User
from inventory import selectors as inventory_selectors
from inventory.models import Lot, StockMovement

from .engine import Catalogue, CatalogueItem, CatalogueProduct
from .models import CopilotQuestion


def catalogue_get(*, organization: Organization) -> Catalogue:
    """The organization's active products, categories, suppliers and channels."""
    products = inventory_selectors.product_list(organization=organization)
    return Catalogue(
        products=tuple(CatalogueProduct(pk, sku, name) for pk, sku, name in
                       products.values_list("pk", "sku", "name")),
        categories=tuple(CatalogueItem(c.pk, c.name) for c in
                         inventory_selectors.category_list(organization=organization)),
        suppliers=tuple(CatalogueItem(s.pk, s.name) for s in
                        inventory_selectors.supplier_list(organization=organization)),
        channels=tuple(CatalogueItem(c.pk, c.name, c.kind) for c in
                       inventory_selectors.channel_list(organization=organization)),
    )


def recent_questions(
    *, organization: Organization, user: User, limit: int = 10
) -> list[CopilotQuestion]:
    """The user's latest distinct questions in this organization, newest first."""
    seen: set[str] = set()
    result: list[CopilotQuestion] = []
    rows = CopilotQuestion.objects.filter(organization=organization, user=user)
    for row in rows.order_by("-asked_at", "-pk")[: limit * 3]:
        if row.question not in seen:
            seen.add(row.question)
            result.append(row)
        if len(result) >= limit:
            break
    return result


def _of_products(rows: QuerySet, product_ids: list[int] | None,
                 category_id: int | None, supplier_id: int | None) -> QuerySet:
    """Rows (of a model with a ``product``) kept to the products, category and
    supplier asked for; None means no filter."""
    if product_ids is not None:
        rows = rows.filter(product_id__in=product_ids)
    if category_id is not None:
        rows = rows.filter(product__category_id=category_id)
    if supplier_id is not None:
        rows = rows.filter(product__supplier_id=supplier_id)
    return rows


def expiring_lots(
    *, organization: Organization, until: dt.date, product_ids: list[int] | None = None,
    category_id: int | None = None, supplier_id: int | None = None,
) -> QuerySet[Lot]:
    """Lots still holding stock whose expiry date is on or before ``until``."""
    lots = Lot.objects.filter(organization=organization, on_hand__gt=0,
                              expiry_date__isnull=False, expiry_date__lte=until)
    lots = _of_products(lots, product_ids, category_id, supplier_id)
    return lots.select_related("product").order_by("expiry_date", "product__sku",
                                                   "code")


# -- net sales: the one definition every sales answer uses ---------------------
SALES_GROUPS: dict[str, str] = {
    "product": "product_id",
    "channel": "channel_id",
    "category": "product__category_id",
    "supplier": "product__supplier_id",
}


@dataclass(frozen=True)
class NetSales:
    """Units and revenue sold, net of cancellations and returns.

    `order_lines` counts the channel order lines (external references) that
    still sold something; `unreferenced_units` the units recorded without one;
    `priced_units` the units of products with a selling price (above zero).
    """

    units: int = 0
    revenue: Decimal = Decimal(0)
    order_lines: int = 0
    unreferenced_units: int = 0
    priced_units: int = 0
    # Units whose revenue is units × the list price (no amount paid recorded).
    estimated_units: int = 0


def _sold() -> Q:
    """Outbound rows and the reversals of outbound rows — the same rows as the
    sales report (inventory.selectors.sold_rows)."""
    return inventory_selectors.sold_rows()


def net_sales(
    *, organization: Organization, date_from: dt.date, date_to: dt.date,
    group: str | None = None, weekly: bool = False,
    product_ids: list[int] | None = None, category_id: int | None = None,
    supplier_id: int | None = None, channel_id: int | None = None,
    with_orders: bool = False,
) -> dict[Any, NetSales]:
    """Net units and revenue sold in the dates: one query (two `with_orders`).

    Keyed by the `group` value (product/channel/category/supplier id), by the
    Monday of the week when `weekly`, by (week, value) with both, else by None.
    Revenue = what customers paid where the ledger holds the amount, else
    units × the product's selling price (those units: `estimated_units`).
    """
    rows = StockMovement.objects.filter(
        organization=organization, business_date__range=(date_from, date_to)
    ).filter(_sold())
    rows = _of_products(rows, product_ids, category_id, supplier_id)
    if channel_id is not None:
        rows = rows.filter(channel_id=channel_id)
    fields = ([SALES_GROUPS[group]] if group else [])
    if weekly:
        rows = rows.annotate(week=TruncWeek("business_date"))
        fields = ["week", *fields]
    # A reversal belongs to the order line of the sale it cancels (a manual
    # reversal carries no reference of its own).
    rows = rows.annotate(line=Coalesce("external_ref_id",
                                       "reversal_of__external_ref_id"))
    counted: dict[Any, int] = {}
    if with_orders:
        # An order line counts when it still sold something after its
        # cancellations and returns.
        for line in (rows.exclude(line__isnull=True).order_by()
                     .values(*fields, "line").annotate(units=Sum("quantity"))
                     .filter(units__lt=0)):
            key = _key(line, fields)
            counted[key] = counted.get(key, 0) + 1
    sums = {"units": Sum("quantity"),
            "revenue": Sum(inventory_selectors.sale_revenue()),
            "unreferenced": Sum("quantity", filter=Q(line__isnull=True)),
            "priced": inventory_selectors.priced_units(),
            "estimated": inventory_selectors.estimated_units()}
    totals = (rows.order_by().values(*fields).annotate(**sums) if fields
              else [rows.aggregate(**sums)])
    return {
        _key(row, fields): NetSales(
            units=-(row["units"] or 0), revenue=Decimal(row["revenue"] or 0),
            order_lines=counted.get(_key(row, fields), 0),
            unreferenced_units=-(row["unreferenced"] or 0),
            priced_units=-(row["priced"] or 0),
            estimated_units=-(row["estimated"] or 0))
        for row in totals}


def _key(row: dict, fields: list[str]) -> Any:
    values = []
    for name in fields:
        value = row[name]
        if name == "week" and isinstance(value, dt.datetime):
            value = value.date()
        values.append(value)
    if not values:
        return None
    return tuple(values) if len(values) > 1 else values[0]


def net_sales_total(**filters: Any) -> NetSales:
    """The sum over the filter (see `net_sales`)."""
    return net_sales(**filters).get(None, NetSales())
