"""Reads for alerts; every function takes the organization first."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Max, Q, QuerySet

from accounts.models import Organization
from alerts.models import Alert
from alerts.rules import (
    SALES_STOP_DAYS,
    STEADY_WINDOW_DAYS,
    LotState,
    OpenOrder,
    ProductState,
)
from forecasting.models import PromotionEvent
from forecasting.selectors import event_list, event_touches
from inventory.models import Lot, StockMovement
from policy.engine import ProjectedDay
from policy.models import PurchaseOrder, Recommendation
from policy.selectors import recommendation_latest_as_of

ACTIVE = (Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED)


def _projection(rows: list) -> tuple[ProjectedDay, ...]:
    return tuple(ProjectedDay(dt.date.fromisoformat(day), receipts, demand, stock)
                 for day, receipts, demand, stock in rows)


def _lots(organization: Organization, ids: list[int]) -> dict[int, list[LotState]]:
    lots: dict[int, list[LotState]] = defaultdict(list)
    for product_id, code, expiry, on_hand in Lot.objects.filter(
        organization=organization, product_id__in=ids, on_hand__gt=0,
        expiry_date__isnull=False,
    ).values_list("product_id", "code", "expiry_date", "on_hand"):
        lots[product_id].append(LotState(code, expiry, float(on_hand)))
    return lots


def _movement_dates(
    organization: Organization, ids: list[int], as_of: dt.date
) -> dict[int, dict]:
    """Last movement, last receipt, last sale, and the days with sales in the
    STEADY_WINDOW_DAYS before the last SALES_STOP_DAYS up to ``as_of``."""
    outbound = Q(kind=StockMovement.Kind.OUTBOUND)
    gap_start = as_of - dt.timedelta(days=SALES_STOP_DAYS - 1)
    window = Q(business_date__gte=gap_start - dt.timedelta(days=STEADY_WINDOW_DAYS),
               business_date__lt=gap_start)
    rows = StockMovement.objects.filter(
        organization=organization, product_id__in=ids
    ).values("product_id").annotate(
        last=Max("business_date"),
        last_in=Max("business_date", filter=Q(kind=StockMovement.Kind.INBOUND)),
        last_sale=Max("business_date", filter=outbound),
        sale_days=Count("business_date", distinct=True, filter=outbound & window),
    )
    return {row["product_id"]: row for row in rows}


def _paused_since_last_sale(
    organization: Organization, recommendations, dates: dict[int, dict],
    as_of: dt.date,
) -> set[int]:
    """Products a sales pause covers on some day after their last sale (1 query)."""
    first = min((row["last_sale"] for row in dates.values() if row["last_sale"]),
                default=None)
    if first is None:
        return set()
    pauses = list(event_list(organization=organization, kind=PromotionEvent.Kind.PAUSE,
                             date_from=first, date_to=as_of))
    covered = set()
    for rec in recommendations:
        last_sale = dates.get(rec.product_id, {}).get("last_sale")
        if last_sale and any(
            event.end_date > last_sale
            and event_touches(event.product_id, event.category_id, rec.product)
            for event in pauses
        ):
            covered.add(rec.product_id)
    return covered


def _open_order(rec: Recommendation) -> OpenOrder | None:
    """The open order the plan's coverage names (policy/coverage.py): the one
    due after the projected stock-out, or the one covering it in time."""
    order = rec.covering_order
    if order is None or order.status not in PurchaseOrder.OPEN_STATUSES:
        return None
    return OpenOrder(order.number, order.status.replace("_", " "),
                     rec.covering_due_date)


def product_states(*, organization: Organization) -> dict[int, ProductState]:
    """What the rules need about each product, from the newest recommendations.

    Four queries: recommendations with products and the open order their
    coverage names, lots in stock, movement and sale dates, sales pauses.
    """
    as_of = recommendation_latest_as_of(organization=organization)
    if as_of is None:  # no recommendations yet: nothing to evaluate
        return {}
    recommendations = list(
        Recommendation.objects.filter(organization=organization, as_of=as_of)
        .select_related("product", "covering_order")
    )
    ids = [rec.product_id for rec in recommendations]
    lots = _lots(organization, ids)
    dates = _movement_dates(organization, ids, as_of)
    paused = _paused_since_last_sale(organization, recommendations, dates, as_of)
    states = {}
    for rec in recommendations:
        moved = dates.get(rec.product_id, {})
        states[rec.product_id] = ProductState(
            key=str(rec.product_id), on_hand_units=rec.on_hand,
            lead_time_days=rec.lead_time_days, projection=_projection(rec.projection),
            order_by_date=rec.order_by_date, stockout_date=rec.stockout_date,
            overstock_units=rec.overstock_units,
            recommended_quantity_units=rec.recommended_quantity,
            order_up_to_units=rec.order_up_to, eoq_units=rec.eoq,
            order_by_quantity_units=rec.order_by_quantity,
            moq_units=max(1, rec.product.moq),
            order_multiple_units=max(1, rec.product.order_multiple),
            price=float(rec.product.selling_price or 0),
            unit_cost=float(rec.product.unit_cost or 0),
            lots=lots.get(rec.product_id, ()),
            last_receipt_date=moved.get("last_in"),
            last_movement_date=moved.get("last"),
            open_order=_open_order(rec), days_late=rec.days_late,
            stockout_before_arrival=rec.stockout_before_arrival,
            days_without_stock=rec.days_without_stock,
            last_sale_date=moved.get("last_sale"),
            sale_days_before_gap=moved.get("sale_days", 0),
            paused_since_last_sale=rec.product_id in paused,
        )
    return states


def open_alerts_for_update(*, organization: Organization) -> QuerySet[Alert]:
    """Unresolved product alerts, locked (the generation run owns them until commit).

    Alerts without a product (raised by alert_raise) are not the rules' to resolve.
    """
    return Alert.objects.select_for_update().filter(
        organization=organization, open_key__isnull=False,
        product__isnull=False).order_by("pk")


def alert_list(
    *, organization: Organization, status: str = "active", kind: str = "",
    severity: str = "", search: str = "",
) -> QuerySet[Alert]:
    """Alerts ranked by severity then money at stake; "active" = open or seen."""
    alerts = Alert.objects.filter(organization=organization)
    if status == "active":
        alerts = alerts.filter(status__in=ACTIVE)
    elif status:
        alerts = alerts.filter(status=status)
    if kind:
        alerts = alerts.filter(kind=kind)
    if severity:
        alerts = alerts.filter(severity=severity)
    if search:
        alerts = alerts.filter(Q(product__sku__icontains=search)
                               | Q(product__name__icontains=search))
    return alerts.select_related(
        "product", "acknowledged_by", "resolved_by"
    ).order_by("severity_rank", "-value_at_risk", "due_date", "pk")


def alert_get(*, organization: Organization, alert_id: int) -> Alert:
    """Raises Alert.DoesNotExist for another organization's alert (→ 404)."""
    return Alert.objects.get(organization=organization, pk=alert_id)


def open_alert_counts(*, organization: Organization) -> dict[str, int]:
    """Open (not snoozed) alerts: total and per severity, in one query."""
    totals = Alert.objects.filter(
        organization=organization, status__in=ACTIVE
    ).aggregate(
        total=Count("pk"),
        **{severity: Count("pk", filter=Q(severity=severity))
           for severity in Alert.Severity.values},
    )
    return {key: value or 0 for key, value in totals.items()}


ALERTS_VERSION = "alerts"


def open_alert_counts_cached(*, organization: Organization) -> dict[str, int]:
    """``open_alert_counts`` cached under the alerts' version counter (bumped by
    every save or delete of an alert, see AlertsConfig.ready): the navigation
    badge on every page costs no query while the alerts are unchanged."""
    from smartstock import versions

    key = (f"alerts:counts:{organization.pk}:"
           f"{versions.read(ALERTS_VERSION, organization.pk)}")
    return versions.cached(
        key, lambda: open_alert_counts(organization=organization), 10 * 60)


def product_open_alerts(*, organization: Organization, product_id: int) -> list[Alert]:
    """A product's unresolved alerts, most urgent first (for the product page)."""
    return list(Alert.objects.filter(
        organization=organization, product_id=product_id, open_key__isnull=False,
    ).order_by("severity_rank", "-value_at_risk"))


def alerts_version(*, organization: Organization) -> str:
    """What the alert centre's rows depend on, as one cache-key part (no query).

    A counter every save or delete of an alert bumps (AlertsConfig.ready):
    generation, acknowledging, snoozing, resolving and raising all save.
    """
    from smartstock import versions

    return versions.read(ALERTS_VERSION, organization.pk)
