"""Reads for the dashboard and the stock status table."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from accounts.models import Organization
from inventory.models import Product, StockMovement

from ..models import (
    DashboardSnapshot,
    PolicySettings,
    Recommendation,
)
from . import clock
from .orders import (
    draft_units,
    on_draft,
    purchasing_version,
    recommendation_latest_as_of,
)
from .planning import policy_settings_get


# -- the dashboard and the stock status table ----------------------------------
class Risk:
    """Stock-out risk levels of a product, most urgent first (rank 0)."""

    CRITICAL, HIGH, MEDIUM, LOW = "critical", "high", "medium", "low"
    ORDER = (CRITICAL, HIGH, MEDIUM, LOW)
    AT_RISK = "at_risk"  # filter value: critical or high


def risk_rank(*, as_of: dt.date, window_days: int):
    """SQL rank of the risk (0 critical … 3 low), so sorting and filtering stay in SQL.

    Judged on the projected stock with the open purchase orders arriving on
    their due dates (the stored plan). critical: out of stock; or projected to
    run out before an order placed today could arrive; or the order-by date
    has passed and open orders do not cover it in time (something still to
    order, or an open order due after the projected stock-out). high: the
    order-by date within the reorder alert window, not covered. medium: below
    safety stock (a product covered in time by its open order lands here or
    lower). low: ok. "Covered" is ``Recommendation.coverage`` (policy/coverage.py),
    stored with the plan, so the order screen, alerts and copilot name the same
    order.
    """
    covered = Q(coverage=Recommendation.Coverage.COVERED)
    return Case(
        When(Q(on_hand__lte=0) | Q(stockout_before_arrival=True)
             | (Q(order_by_date__lt=as_of) & ~covered), then=Value(0)),
        When(Q(order_by_date__lte=as_of + dt.timedelta(days=window_days))
             & ~covered, then=Value(1)),
        When(on_hand__lt=F("safety_stock"), then=Value(2)),
        default=Value(3), output_field=IntegerField(),
    )


def days_of_cover():
    """on hand ÷ forecast daily demand (NULL without demand)."""
    return Case(
        When(daily_demand__gt=0, then=ExpressionWrapper(
            F("on_hand") / F("daily_demand"), output_field=FloatField())),
        default=None, output_field=FloatField(),
    )


@dataclass(frozen=True)
class StockStatusFilters:
    """Filters of the stock status table (empty = no filter)."""

    search: str = ""
    category_id: int | None = None
    supplier_id: int | None = None
    channel_id: int | None = None
    risk: str = ""
    # "reorder" (something to order, whenever due: the order screen's "to
    # order"), "week" (to order within 7 days), "overstock"
    show: str = ""
    sort: str = "risk"


STOCK_STATUS_SORTS = {
    "risk": ("risk_rank", "order_by_date", "product__sku"),
    "sku": ("product__sku",), "name": ("product__name", "product__sku"),
    "on_hand": ("on_hand", "product__sku"),
    "daily_demand": ("daily_demand", "product__sku"),
    "forecast_30d": ("forecast_30d", "product__sku"),
    "stockout_date": ("stockout_date", "product__sku"),
    "cover": ("cover_days", "product__sku"),
    "lead_time": ("lead_time_days", "product__sku"),
    "on_order": ("on_order", "product__sku"),
    "order_by": ("order_by_date", "product__sku"),
    "quantity": ("recommended_quantity", "product__sku"),
    "overstock_value": ("overstock_value", "product__sku"),
}
CHANNEL_WINDOW_DAYS = 90
WEEK_DAYS = 7
# The order screen's urgency filters (policy.selectors.order_screen).
URGENCY_LATE, URGENCY_WEEK, URGENCY_ORDER, URGENCY_ALL = "late", "week", "order", "all"


def _order_key(key: str):
    descending = key.startswith("-")
    fields = STOCK_STATUS_SORTS.get(key.lstrip("-")) or STOCK_STATUS_SORTS["risk"]
    return [F(name).desc(nulls_last=True) if descending
            else F(name).asc(nulls_last=True) for name in fields]


def _filtered(rows: QuerySet, organization: Organization, as_of: dt.date,
              filters: StockStatusFilters) -> QuerySet:
    if filters.search:
        rows = rows.filter(Q(product__sku__icontains=filters.search)
                           | Q(product__name__icontains=filters.search))
    if filters.category_id:
        rows = rows.filter(product__category_id=filters.category_id)
    if filters.supplier_id:
        rows = rows.filter(product__supplier_id=filters.supplier_id)
    if filters.channel_id:
        rows = rows.filter(Exists(StockMovement.objects.filter(
            organization=organization, product=OuterRef("product"),
            channel_id=filters.channel_id, kind=StockMovement.Kind.OUTBOUND,
            business_date__gte=as_of - dt.timedelta(days=CHANNEL_WINDOW_DAYS))))
    if filters.risk == Risk.AT_RISK:
        rows = rows.filter(risk_rank__lte=1)
    elif filters.risk in Risk.ORDER:
        rows = rows.filter(risk_rank=Risk.ORDER.index(filters.risk))
    if filters.show == "reorder":  # the order screen's "to order" (any due date)
        rows = rows.filter(_to_order_within(as_of, None))
    elif filters.show == "week":
        rows = rows.filter(_to_order_within(as_of, WEEK_DAYS))
    elif filters.show == "overstock":
        rows = rows.filter(overstock_units__gt=0)
    return rows


def _to_order_within(as_of: dt.date, days: int | None) -> Q:
    """Rows whose ``to_order`` quantity is positive and due within ``days``
    (late ones included; ``None``: whenever due): ``to_order(rec).quantity > 0
    and due_within``, in SQL.

    Due now (recommended quantity > 0), or nothing due today and an order-by
    date later with a quantity due then, or on a draft (its units are the
    quantity) with the order-by date within ``days``. An order-by date passed
    with nothing to order (open orders cover the need) is not a line.
    """
    if days is None:
        return (Q(recommended_quantity__gt=0)
                | Q(order_by_date__gt=as_of, order_by_quantity__gt=0) | on_draft())
    end = as_of + dt.timedelta(days=days)
    return (Q(recommended_quantity__gt=0)
            | Q(order_by_date__gt=as_of, order_by_date__lte=end,
                order_by_quantity__gt=0)
            | (Q(order_by_date__lte=end) & on_draft()))


def _late_to_order() -> Q:
    """Rows late to order: days past the order-by date, with the quantity due
    now still to order (``days_late`` is only set then; drafted or not, such a
    line has a positive ``to_order`` quantity)."""
    return Q(days_late__gt=0, recommended_quantity__gt=0)


def urgency_q(urgency: str, as_of: dt.date) -> Q | None:
    """The order screen's filter (``late``, ``order``, ``week``; ``all``: None)
    as SQL: every listed line has something to order, and the header's counts
    (``risk_figures``) use the same expressions."""
    if urgency == URGENCY_LATE:
        return _late_to_order()
    if urgency == URGENCY_ORDER:
        return _to_order_within(as_of, None)
    if urgency == URGENCY_WEEK:
        return _to_order_within(as_of, WEEK_DAYS)
    return None


def stock_status_list(
    *, organization: Organization, filters: StockStatusFilters | None = None,
) -> QuerySet[Recommendation]:
    """Every product's newest recommendation with risk rank and days of cover."""
    filters = filters or StockStatusFilters()
    as_of = recommendation_latest_as_of(organization=organization) or clock.today()
    window = policy_settings_get(organization=organization).reorder_alert_window_days
    rows = Recommendation.objects.filter(organization=organization, as_of=as_of) \
        .annotate(
            risk_rank=risk_rank(as_of=as_of, window_days=window),
            cover_days=days_of_cover(),
            overstock_value=ExpressionWrapper(
                F("overstock_units") * F("product__unit_cost"),
                output_field=FloatField()),
            # The order screen's units of products on drafts (to_order).
            draft_units=draft_units(),
        )
    rows = _filtered(rows, organization, as_of, filters)
    return rows.select_related("product", "product__supplier", "product__category") \
        .defer("projection", "params").order_by(*_order_key(filters.sort))


@dataclass(frozen=True)
class RiskFigures:
    """Live counts from the newest recommendations (one aggregate query)."""

    as_of: dt.date | None
    products: int
    by_risk: dict[str, int]
    to_order_week: int
    overstock_value: float
    # The order screen's "late" and "to order" lines (this week's: to_order_week).
    late: int = 0
    to_order: int = 0

    @property
    def at_risk(self) -> int:
        return self.by_risk[Risk.CRITICAL] + self.by_risk[Risk.HIGH]


def risk_figures(*, organization: Organization) -> RiskFigures:
    """Risk distribution, the order screen's line counts (late, to order, this
    week), overstock value."""
    as_of = recommendation_latest_as_of(organization=organization)
    window = policy_settings_get(organization=organization).reorder_alert_window_days
    day = as_of or clock.today()
    value = ExpressionWrapper(F("overstock_units") * F("product__unit_cost"),
                              output_field=FloatField())
    totals = Recommendation.objects.filter(organization=organization, as_of=as_of) \
        .annotate(rank=risk_rank(as_of=day, window_days=window)).aggregate(
            products=Count("pk"),
            week=Count("pk", filter=urgency_q(URGENCY_WEEK, day)),
            late=Count("pk", filter=urgency_q(URGENCY_LATE, day)),
            to_order=Count("pk", filter=urgency_q(URGENCY_ORDER, day)),
            overstock=Sum(value, filter=Q(overstock_units__gt=0)),
            **{level: Count("pk", filter=Q(rank=rank))
               for rank, level in enumerate(Risk.ORDER)},
        )
    return RiskFigures(
        as_of=as_of, products=totals["products"],
        by_risk={level: totals[level] or 0 for level in Risk.ORDER},
        to_order_week=totals["week"], overstock_value=float(totals["overstock"] or 0),
        late=totals["late"], to_order=totals["to_order"],
    )


def risk_figures_cached(*, organization: Organization, version: str) -> RiskFigures:
    """``risk_figures`` cached under ``version``, the page's ``dashboard_version``
    (it covers the recommendations, settings and products they count), and the
    purchase orders' (a draft makes a line to order)."""
    from smartstock import versions

    purchasing = purchasing_version(organization=organization)
    return versions.cached(f"risk:{organization.pk}:{version}:{purchasing}",
                           lambda: risk_figures(organization=organization), 10 * 60)


def dashboard_snapshot_get(*, organization: Organization):
    """The stored dashboard aggregates, or None before the first refresh."""
    return DashboardSnapshot.objects.filter(organization=organization).first()


def availability(*, organization: Organization) -> tuple[int, int]:
    """(active single products in stock now, active single products): 1 query."""
    totals = Product.objects.filter(
        organization=organization, is_active=True, kind=Product.Kind.SINGLE,
    ).aggregate(total=Count("pk"), in_stock=Count("pk", filter=Q(on_hand__gt=0)))
    return totals["in_stock"], totals["total"]


# (model, field) whose newest value per organization the version is made of.
_VERSION_PARTS = (
    (StockMovement, "id"),
    (Recommendation, "id"),
    (DashboardSnapshot, "computed_at"),
    (PolicySettings, "updated_at"),
    (Product, "updated_at"),
)


@functools.cache
def _version_sql(vendor: str) -> str:
    """One statement of five ``ORDER BY … DESC LIMIT 1`` subqueries, each walking
    an (organization, field) index backwards (MAX() … GROUP BY scanned every
    ledger row of the organization on MariaDB: 30 ms at 377k rows). Written
    once per database vendor: it runs on every page, and the ORM spent ~3 ms
    of Python per request compiling the same five subqueries."""
    quote = connection.ops.quote_name
    parts = []
    for model, field in _VERSION_PARTS:
        table, column = quote(model._meta.db_table), quote(
            model._meta.get_field(field).column)
        organization = quote(model._meta.get_field("organization").column)
        parts.append(f"(SELECT {column} FROM {table} WHERE {organization} = %s "
                     f"ORDER BY {column} DESC LIMIT 1)")
    return "SELECT " + ", ".join(parts)


def dashboard_version(*, organization: Organization) -> str:
    """What the dashboard and stock table depend on, as one cache-key part (1 query).

    The newest ledger row, recommendations, snapshot, settings and product
    edit: any change among them gives a new key, so cached pages never
    outlive their data.
    """
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection.vendor),
                       [organization.pk] * len(_VERSION_PARTS))
        row = cursor.fetchone()
    text = "|".join(str(part) for part in (row or ()))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
