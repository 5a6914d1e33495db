"""Reads for the inventory app; every function takes the organization first."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
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

from .models import (
    Category,
    Channel,
    ChannelListing,
    ColumnMappingMemory,
    Lot,
    Product,
    SetComponent,
    StockMovement,
    Supplier,
    UploadBatch,
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


def set_components(
    *, organization: Organization, product: Product
) -> QuerySet[SetComponent]:
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
    return StockMovement.objects.select_related(
        "product", "channel", "lot", "created_by", "reversed_by"
    ).get(organization=organization, pk=movement_id)


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


# -- screens: products, dashboard, history -------------------------------------
def product_by_sku(*, organization: Organization, sku: str) -> Product:
    """Exact (case-sensitive) SKU lookup; raises Product.DoesNotExist."""
    return Product.objects.get(organization=organization, sku=sku)


def set_available_quantities(
    *, organization: Organization, set_ids: Iterable[int]
) -> dict[int, int]:
    """Available quantity of each set (min over components of on_hand // qty).

    One query for any number of sets; a set without components has 0.
    """
    set_ids = list(set_ids)
    available: dict[int, int] = dict.fromkeys(set_ids, 0)
    rows = SetComponent.objects.filter(
        organization=organization, set_product_id__in=set_ids
    ).values_list("set_product_id", "quantity", "component__on_hand")
    lowest: dict[int, int] = {}
    for set_id, quantity, on_hand in rows:
        units = on_hand // quantity
        lowest[set_id] = min(units, lowest.get(set_id, units))
    for set_id, units in lowest.items():
        available[set_id] = max(0, units)
    return available


def product_movements(
    *, organization: Organization, product: Product, limit: int = 20
) -> list[StockMovement]:
    """The latest movements of a product, or for a set those it produced."""
    return list(
        StockMovement.objects.filter(organization=organization)
        .filter(Q(product=product) | Q(set_product=product))
        .select_related("product", "channel", "lot", "created_by", "reversed_by")
        .order_by("-business_date", "-id")[:limit]
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


def products_short_of_stock(
    *, organization: Organization, limit: int = 10
) -> list[Product]:
    """Active single products out of stock or below safety stock, emptiest first."""
    return list(
        Product.objects.filter(
            organization=organization, kind=Product.Kind.SINGLE, is_active=True
        )
        .filter(Q(on_hand__lte=0) | Q(on_hand__lt=F("safety_stock")))
        .order_by("on_hand", "sku")[:limit]
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    record: object  # a HistoricalProduct row
    changes: list[FieldChange]


def product_history(
    *, organization: Organization, product: Product, limit: int = 50
) -> list[HistoryEntry]:
    """The product's change log, newest first, each entry with its changed fields."""
    records = list(
        product.history.filter(organization_id=organization.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    names = _related_names(organization, records)
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                _field_change(c.field, c.old, c.new, names) for c in delta.changes
            ]
        entries.append(HistoryEntry(record=record, changes=changes))
    return entries


def _related_names(organization: Organization, records: list) -> dict:
    """Names of the categories and suppliers the history mentions (2 queries max)."""
    names: dict[tuple[str, int], str] = {}
    for field, model in (("category", Category), ("supplier", Supplier)):
        ids = {getattr(r, f"{field}_id") for r in records} - {None}
        if ids:
            for pk, name in model.objects.filter(
                organization=organization, pk__in=ids
            ).values_list("pk", "name"):
                names[(field, pk)] = name
    return names


def _field_change(field: str, old, new, names: dict) -> FieldChange:
    model_field = Product._meta.get_field(field)
    choices = dict(model_field.flatchoices) if model_field.choices else {}

    def shown(value):
        if value is None or value == "":
            return "—"
        if model_field.is_relation:
            return names.get((field, value), value)
        return choices.get(value, value)

    return FieldChange(
        field=field, label=str(model_field.verbose_name), old=shown(old), new=shown(new)
    )


def supplier_get(*, organization: Organization, supplier_id: int) -> Supplier:
    """Raises Supplier.DoesNotExist for another organization's supplier (→ 404)."""
    return Supplier.objects.get(organization=organization, pk=supplier_id)


def category_get(*, organization: Organization, category_id: int) -> Category:
    """Raises Category.DoesNotExist for another organization's category (→ 404)."""
    return Category.objects.get(organization=organization, pk=category_id)


def channel_get(*, organization: Organization, channel_id: int) -> Channel:
    """Raises Channel.DoesNotExist for another organization's channel (→ 404)."""
    return Channel.objects.get(organization=organization, pk=channel_id)


# -- uploads ---------------------------------------------------------------------
def upload_catalog_products(
    *, organization: Organization
) -> list[tuple[int, str, str, str, int | None]]:
    """(id, sku, name, PlayAuto SKU, units per box) of every product, for matching."""
    return list(
        Product.objects.filter(organization=organization).values_list(
            "pk", "sku", "name", "playauto_sku", "units_per_box"
        )
    )


def upload_catalog_listings(
    *, organization: Organization
) -> list[tuple[int, str, int]]:
    """(channel id, code, product id) of every channel listing."""
    return list(
        ChannelListing.objects.filter(organization=organization).values_list(
            "channel_id", "code", "product_id"
        )
    )


def upload_list(*, organization: Organization) -> QuerySet[UploadBatch]:
    """The organization's uploads, newest first, without their heavy columns."""
    return (
        UploadBatch.objects.filter(organization=organization)
        .select_related("uploaded_by", "applied_by", "reverted_by")
        .defer("content", "parsed_rows", "result")
        .order_by("-created_at", "-pk")
    )


def upload_get(*, organization: Organization, batch_id: int) -> UploadBatch:
    """Raises UploadBatch.DoesNotExist for another organization's upload (→ 404)."""
    return (
        UploadBatch.objects.select_related("uploaded_by", "applied_by", "reverted_by")
        .defer("content", "parsed_rows")
        .get(organization=organization, pk=batch_id)
    )


def upload_status(*, organization: Organization, batch_id: int) -> dict:
    """Status fields of one upload (no JSON columns); raises DoesNotExist."""
    return (
        UploadBatch.objects.filter(organization=organization, pk=batch_id)
        .values("pk", "status", "error_message", "rows_to_apply", "movements_count")
        .get()
    )


def upload_duplicate_of(
    *, organization: Organization, batch: UploadBatch
) -> UploadBatch | None:
    """An applied upload of the same file content, if any."""
    return (
        UploadBatch.objects.filter(
            organization=organization, sha256=batch.sha256,
            status=UploadBatch.Status.APPLIED,
        )
        .exclude(pk=batch.pk)
        .only("pk", "filename", "applied_at", "created_at")
        .order_by("-pk")
        .first()
    )


def mapping_memory_get(*, organization: Organization, signature: str) -> dict | None:
    """The remembered column mapping for this header signature, if any."""
    memory = ColumnMappingMemory.objects.filter(
        organization=organization, signature=signature
    ).first()
    return memory.mapping if memory else None


def template_products(*, organization: Organization) -> QuerySet[Product]:
    """Active products for the upload template, by SKU."""
    return (
        Product.objects.filter(organization=organization, is_active=True)
        .select_related("category")
        .only("pk", "sku", "playauto_sku", "name", "kind", "category__name")
        .order_by("sku", "pk")
    )


def upload_movements(
    *, organization: Organization, batch: UploadBatch
) -> QuerySet[StockMovement]:
    """The ledger rows an upload wrote (not their reversals), in write order."""
    return (
        StockMovement.objects.filter(
            organization=organization,
            source=StockMovement.Source.UPLOAD,
            source_ref=str(batch.pk),
        )
        .exclude(kind=StockMovement.Kind.REVERSAL)
        .select_related("product", "lot", "channel")
        .order_by("pk")
    )


def set_component_ids(*, organization: Organization, set_ids: Iterable[int]) -> set[int]:
    """Ids of the components of the given sets."""
    return set(
        SetComponent.objects.filter(
            organization=organization, set_product_id__in=list(set_ids)
        ).values_list("component_id", flat=True)
    )


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
    return Q(kind=StockMovement.Kind.OUTBOUND) | Q(
        kind=StockMovement.Kind.REVERSAL,
        reversal_of__kind=StockMovement.Kind.OUTBOUND,
    )


@dataclass(frozen=True)
class SalesCell:
    key: int | None
    label: str
    period: dt.date
    units: int
    revenue: Decimal


def sales_by_period(
    *,
    organization: Organization,
    period: str,
    group: str,
    date_from: dt.date,
    date_to: dt.date,
) -> list[SalesCell]:
    """Units and revenue sold per period and product/category/channel: one query.

    Net of reversed outbounds; revenue is units × the product's selling price.
    A key of None is "no category" or "no channel".
    """
    fields = SALES_GROUPS[group]
    trunc = TruncWeek if period == "week" else TruncMonth
    revenue = ExpressionWrapper(
        F("quantity") * F("product__selling_price"),
        output_field=DecimalField(max_digits=24, decimal_places=2),
    )
    rows = (
        StockMovement.objects.filter(
            organization=organization, business_date__range=(date_from, date_to)
        )
        .filter(_sold())
        .annotate(period=trunc("business_date"))
        .order_by()
        .values("period", *fields)
        .annotate(units=Sum("quantity"), revenue=Sum(revenue))
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
                revenue=-Decimal(row["revenue"] or 0),
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
        from forecasting.models import ProductForecast

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
