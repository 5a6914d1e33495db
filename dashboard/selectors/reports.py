"""Reads for reports: sales by period and the data explorer."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from forecasting.models import ProductForecast
from inventory import selectors as inventory_selectors
from inventory.models import Product, StockMovement

# -- reports: sales pivot and data explorer --------------------------------------
SALES_GROUPS: dict[str, tuple[str, ...]] = {
    # group → (key path, label paths…) of the aggregate's GROUP BY
    "product": ("product_id", "product__sku", "product__name"),
    "category": ("product__category_id", "product__category__name"),
    "channel": ("channel_id", "channel__name"),
}


def _sold() -> Q:
    """Outbound rows and the reversals of outbound rows (which carry the same
    business date as the sale they cancel, so a period nets to what sold)."""
    return inventory_selectors.sold_rows()


@dataclass(frozen=True)
class SalesCell:
    key: int | None
    label: str
    period: dt.date
    units: int
    revenue: Decimal
    estimated_units: int = 0  # units whose revenue is units × the list price


def sales_by_period(
    *,
    organization: Organization,
    period: str,
    group: str,
    date_from: dt.date,
    date_to: dt.date,
) -> list[SalesCell]:
    """Units and revenue sold per period and product/category/channel: one query.

    Net of reversed outbounds; revenue is what customers paid where the ledger
    holds the amount, else units × the product's selling price (counted in
    `estimated_units`). A key of None is "no category" or "no channel".
    """
    fields = SALES_GROUPS[group]
    trunc = TruncWeek if period == "week" else TruncMonth
    rows = (
        StockMovement.objects.filter(
            organization=organization, business_date__range=(date_from, date_to)
        )
        .filter(_sold())
        .annotate(period=trunc("business_date"))
        .order_by()
        .values("period", *fields)
        .annotate(units=Sum("quantity"),
                  revenue=Sum(inventory_selectors.sale_revenue()),
                  estimated=inventory_selectors.estimated_units())
    )
    cells = []
    for row in rows:
        day = row["period"]
        if isinstance(day, dt.datetime):
            day = day.date()
        label = " ".join(str(row[f]) for f in fields[1:] if row[f] is not None)
        cells.append(
            SalesCell(
                key=row[fields[0]],
                label=label,
                period=day,
                units=-(row["units"] or 0),  # outbound quantities are negative
                revenue=Decimal(row["revenue"] or 0),
                estimated_units=-(row["estimated"] or 0),
            )
        )
    return cells


@dataclass(frozen=True)
class ExplorerColumn:
    name: str
    path: str
    label: Promise
    numeric: bool = False


def _col(name: str, path: str, label: Promise, numeric: bool = False):
    return ExplorerColumn(name, path, label, numeric)


_PRODUCT_COLUMNS = (
    _col("sku", "product__sku", _("SKU")),
    _col("name", "product__name", _("product name")),
    _col("category", "product__category__name", _("category")),
)
EXPLORER_TABLES: dict[str, tuple[ExplorerColumn, ...]] = {
    "movements": (
        _col("date", "business_date", _("date")),
        _col("week", "week", _("week")),
        _col("month", "month", _("month")),
        *_PRODUCT_COLUMNS,
        _col("channel", "channel__name", _("channel")),
        _col("kind", "kind", _("kind")),
        _col("source", "source", _("source")),
        _col("quantity", "quantity", _("quantity"), True),
    ),
    "products": (
        _col("sku", "sku", _("SKU")),
        _col("name", "name", _("product name")),
        _col("category", "category__name", _("category")),
        _col("supplier", "supplier__name", _("supplier")),
        _col("kind", "kind", _("kind")),
        _col("active", "is_active", _("active")),
        _col("on_hand", "on_hand", _("on hand"), True),
        _col("unit_cost", "unit_cost", _("unit cost"), True),
        _col("selling_price", "selling_price", _("selling price"), True),
        _col("safety_stock", "safety_stock", _("safety stock"), True),
        _col("lead_time_days", "lead_time_days", _("lead time (days)"), True),
    ),
    "forecasts": (
        *_PRODUCT_COLUMNS,
        _col("as_of", "as_of", _("as of")),
        _col("demand_class", "demand_class", _("demand class")),
        _col("method", "method", _("method")),
        _col("total_30", "total_30", _("30-day total"), True),
        _col("total_60", "total_60", _("60-day total"), True),
        _col("total_90", "total_90", _("90-day total"), True),
        _col("backtest_wape", "backtest_wape", _("backtest WAPE"), True),
    ),
    "recommendations": (
        *_PRODUCT_COLUMNS,
        _col("as_of", "as_of", _("as of")),
        _col("abc_class", "abc_class", _("class")),
        _col("order_now", "order_now", _("order now")),
        _col("on_hand", "on_hand", _("on hand"), True),
        _col("on_order", "on_order", _("on order"), True),
        _col("daily_demand", "daily_demand", _("daily demand"), True),
        _col("forecast_30d", "forecast_30d", _("30-day forecast"), True),
        _col("safety_stock", "safety_stock", _("safety stock"), True),
        _col("reorder_point", "reorder_point", _("reorder point"), True),
        _col("recommended_quantity", "recommended_quantity",
             _("recommended quantity"), True),
    ),
}


class ExplorerTooManyRows(Exception):
    """The selection has more source rows than the explorer reads."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def _recommendation_model():
    """policy.Recommendation, or None where the policy app does not provide it."""
    from django.apps import apps

    try:
        return apps.get_model("policy", "Recommendation")
    except LookupError:
        return None


def explorer_tables() -> list[str]:
    """The explorer's tables; recommendations only when the policy app has them."""
    tables = ["movements", "products", "forecasts"]
    if _recommendation_model() is not None:
        tables.append("recommendations")
    return tables


@dataclass(frozen=True)
class ExplorerFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sku_contains: str = ""
    category_id: int | None = None
    kind: str = ""


def _explorer_source(organization: Organization, table: str) -> QuerySet:
    if table == "movements":
        return StockMovement.objects.filter(organization=organization).annotate(
            week=TruncWeek("business_date"), month=TruncMonth("business_date")
        )
    if table == "products":
        return Product.objects.filter(organization=organization)
    if table == "forecasts":
        latest = Subquery(
            ProductForecast.objects.filter(
                organization=organization, product=OuterRef("product_id")
            )
            .order_by("-as_of", "-pk")
            .values("pk")[:1]
        )
        return ProductForecast.objects.filter(organization=organization).filter(
            pk=latest
        )
    model = _recommendation_model()
    if table != "recommendations" or model is None:
        raise ValueError(f"unknown explorer table {table!r}")
    return model.objects.filter(organization=organization)


def _explorer_filtered(
    organization: Organization, table: str, filters: ExplorerFilters
) -> QuerySet:
    rows = _explorer_source(organization, table)
    prefix = "" if table == "products" else "product__"
    if filters.sku_contains:
        rows = rows.filter(**{f"{prefix}sku__icontains": filters.sku_contains})
    if filters.category_id:
        rows = rows.filter(**{f"{prefix}category_id": filters.category_id})
    date_field = {"movements": "business_date", "recommendations": "as_of"}.get(table)
    if date_field and filters.date_from:
        rows = rows.filter(**{f"{date_field}__gte": filters.date_from})
    if date_field and filters.date_to:
        rows = rows.filter(**{f"{date_field}__lte": filters.date_to})
    if table == "recommendations" and not (filters.date_from or filters.date_to):
        # Without a date range: each product's newest recommendation only.
        rows = rows.filter(as_of=rows.aggregate(day=Max("as_of"))["day"])
    if table == "movements" and filters.kind:
        rows = rows.filter(kind=filters.kind)
    return rows


def explorer_records(
    *,
    organization: Organization,
    table: str,
    columns: list[str],
    filters: ExplorerFilters,
    limit: int,
) -> list[dict]:
    """The whitelisted `columns` of the table's rows (at most `limit`).

    Raises ValueError for a table or column outside the whitelist and
    ExplorerTooManyRows when the filters select more than `limit` rows.
    """
    spec = {column.name: column for column in EXPLORER_TABLES.get(table, ())}
    unknown = [name for name in columns if name not in spec]
    if table not in explorer_tables() or unknown:
        raise ValueError(f"unknown explorer table or columns: {table} {unknown}")
    rows = _explorer_filtered(organization, table, filters)
    # Aliases get a prefix: an alias may not shadow a model field of the same name.
    aliases = {f"c_{name}": F(spec[name].path) for name in dict.fromkeys(columns)}
    values = list(rows.order_by().values(**aliases)[: limit + 1])
    if len(values) > limit:
        raise ExplorerTooManyRows(limit)
    labels = _choice_labels(rows.model, [spec[name] for name in columns])
    return [
        {
            key[2:]: labels[key[2:]].get(value, value) if key[2:] in labels else value
            for key, value in row.items()
        }
        for row in values
    ]


def _choice_labels(model, columns: list[ExplorerColumn]) -> dict[str, dict]:
    """Display labels of the columns that hold choices (e.g. movement kinds)."""
    from django.core.exceptions import FieldDoesNotExist

    labels = {}
    for column in columns:
        try:
            model_field = model._meta.get_field(column.path)
        except FieldDoesNotExist:
            continue
        if model_field.choices:
            labels[column.name] = {k: str(v) for k, v in model_field.flatchoices}
    return labels
