"""Alert rules: which alerts a product deserves on a given day (pure, no Django).

``evaluate(state, as_of, settings)`` returns ``AlertCandidate`` objects; the
Django side dedupes them on ``key`` (organization + key while open), stores and
notifies. Money figures: ``revenue_at_risk`` = forecast sales lost before the
next possible receipt × price; ``cash_tied_up`` = excess units × unit cost.
Messages are English templates with ``%(name)s`` placeholders plus ``params``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from policy.engine import (
    ProjectedDay,
    Recommendation,
    lost_sales_units,
    order_quantity_on,
)
from policy.formulas import _, won_text

AlertKind = Literal["reorder", "stockout_risk", "expiry", "overstock", "data"]
Severity = Literal["critical", "high", "medium", "low"]
SEVERITY_RANK: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3}
KIND_RANK: dict[str, int] = {"stockout_risk": 0, "reorder": 1, "expiry": 2,
                             "overstock": 3, "data": 4}


# A steady seller (sold on at least STEADY_MIN_SALE_DAYS of the STEADY_WINDOW_DAYS
# before the gap) with stock on hand and no sale for SALES_STOP_DAYS: a listing
# taken down or a feed that stopped, which the forecast would read as no demand.
SALES_STOP_DAYS = 14
STEADY_WINDOW_DAYS = 90
STEADY_MIN_SALE_DAYS = 30
# When at least this many steady sellers, and this share of them, stop
# together, the feed has stopped, not the products: one alert instead of many.
FEED_STOP_MIN_PRODUCTS = 5
FEED_STOP_SHARE = 0.5
FEED_STOP_KEY = "sales_stopped:feed"


@dataclass(frozen=True)
class AlertSettings:
    """Per-organization thresholds (days)."""

    reorder_window_days: int = 10
    expiry_window_days: int = 30
    overstock_grace_days_after_receipt: int = 14
    overstock_medium_cover_days: int = 90
    no_movement_days: int = 90


@dataclass(frozen=True)
class LotState:
    """A lot still in stock: its key, expiry date and remaining units."""

    key: str
    expiry_date: date
    quantity_units: float


@dataclass(frozen=True)
class OpenOrder:
    """The product's open purchase order that arrives first (approved or sent)."""

    number: str  # "PO-12"
    status: str  # English status name, translated on display ("sent")
    arrival: date | None


@dataclass(frozen=True)
class ProductState:
    """What the rules need about one product (usually from a Recommendation)."""

    key: str
    on_hand_units: float
    lead_time_days: float
    projection: Sequence[ProjectedDay] = ()
    order_by_date: date | None = None
    stockout_date: date | None = None
    overstock_units: float = 0.0
    recommended_quantity_units: int = 0
    # For the quantity due on an upcoming order-by date (none is due today).
    order_up_to_units: float = 0.0
    moq_units: int = 1
    order_multiple_units: int = 1
    eoq_units: float | None = None
    # The recommendation's stored figure (0 on rows stored before it existed).
    order_by_quantity_units: int = 0
    price: float = 0.0
    unit_cost: float = 0.0
    lots: Sequence[LotState] = ()
    last_receipt_date: date | None = None
    last_movement_date: date | None = None
    negative_stock_attempts: int = 0
    open_order: OpenOrder | None = None
    # Stored with the recommendation (policy/lateness.py): the same figures the
    # order screen and the stock table show.
    days_late: int = 0
    stockout_before_arrival: bool = False
    days_without_stock: int = 0
    # Sales: the last day anything sold, the days with sales in the
    # STEADY_WINDOW_DAYS before the last SALES_STOP_DAYS, and whether a sales
    # pause of the events calendar covers the days since the last sale.
    last_sale_date: date | None = None
    sale_days_before_gap: int = 0
    paused_since_last_sale: bool = False

    @classmethod
    def from_recommendation(
        cls, key: str, recommendation: Recommendation, **extra: Any
    ) -> ProductState:
        """Build the state from a policy ``Recommendation`` plus extra fields."""
        return cls(
            key=key, on_hand_units=recommendation.on_hand_units,
            lead_time_days=recommendation.lead_time_days,
            projection=recommendation.projection,
            order_by_date=recommendation.order_by_date,
            stockout_date=recommendation.stockout_date,
            overstock_units=recommendation.overstock_units,
            recommended_quantity_units=recommendation.recommended_quantity_units,
            order_up_to_units=recommendation.order_up_to_units,
            eoq_units=recommendation.eoq_units,
            **extra,
        )


@dataclass(frozen=True)
class AlertCandidate:
    """One alert to raise: kind, severity, dedupe key, money at stake, message."""

    kind: AlertKind
    severity: Severity
    key: str
    message: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    revenue_at_risk: float = 0.0
    cash_tied_up: float = 0.0
    due_date: date | None = None

    def __str__(self) -> str:
        return self.message % self.params


def evaluate(
    state: ProductState, as_of: date, settings: AlertSettings | None = None
) -> list[AlertCandidate]:
    """Every alert the product deserves on ``as_of``, most urgent first."""
    settings = settings or AlertSettings()
    candidates = [
        *reorder_alerts(state, as_of, settings),
        *stockout_risk_alerts(state, as_of),
        *expiry_alerts(state, as_of, settings),
        *overstock_alerts(state, as_of, settings),
        *data_alerts(state, as_of, settings),
    ]
    return rank(candidates)


def rank(candidates: Iterable[AlertCandidate]) -> list[AlertCandidate]:
    """Severity, then money at stake (revenue at risk or cash), kind, date."""
    return sorted(candidates, key=lambda a: (
        SEVERITY_RANK[a.severity], -max(a.revenue_at_risk, a.cash_tied_up),
        KIND_RANK[a.kind], a.due_date or date.max, a.key))


def whole_units(units: float) -> int:
    """A stock count for a message: stock is held in whole units."""
    return int(round(units))


def next_possible_receipt(state: ProductState, as_of: date) -> date:
    """The earliest day an order placed today can arrive: as_of + lead time."""
    return as_of + timedelta(days=math.ceil(max(0.0, state.lead_time_days)))


def _revenue_at_risk(state: ProductState, as_of: date) -> tuple[float, float]:
    lost = lost_sales_units(state.on_hand_units, state.projection,
                            next_possible_receipt(state, as_of))
    return lost, lost * state.price


def reorder_alerts(
    state: ProductState, as_of: date, settings: AlertSettings
) -> list[AlertCandidate]:
    """Order-by date within the window (inclusive) or already past, with something
    to order; when an open purchase order already covers the need, no reorder
    alert — unless that order arrives after the stock runs out."""
    order_by = state.order_by_date
    if state.recommended_quantity_units <= 0 and (order_by is None or order_by <= as_of):
        # Due now but nothing left to order: open orders cover the need.
        return _covered_but_late(state, as_of)
    if order_by is None or order_by > as_of + timedelta(days=settings.reorder_window_days):
        return []
    lost, revenue = _revenue_at_risk(state, as_of)
    quantity = state.recommended_quantity_units
    if quantity <= 0 and order_by > as_of:  # nothing due today: what is due then
        quantity = state.order_by_quantity_units or order_quantity_on(
            order_by, state.on_hand_units, state.projection, state.order_up_to_units,
            state.moq_units, state.order_multiple_units, state.eoq_units,
        )  # fmt: skip
    params = {"order_by": order_by, "days": (order_by - as_of).days,
              "quantity": quantity,
              "lost_units": round(lost, 1), "arrival": next_possible_receipt(
                  state, as_of), "stockout": state.stockout_date,
              "days_out": state.days_without_stock}
    if order_by < as_of:
        severity: Severity = "high"
        params["days"] = state.days_late or (as_of - order_by).days
        if state.stockout_before_arrival and state.stockout_date is not None:
            message = _("%(days)s days late: order %(quantity)s units now. The stock "
                        "runs out on %(stockout)s, before an order placed today "
                        "arrives (%(arrival)s): %(days_out)s days without stock, "
                        "about %(lost_units)s units of sales lost. Expedite, split "
                        "or accept.")
        else:
            message = _("Order-by date %(order_by)s passed %(days)s days ago: order "
                        "%(quantity)s units now.")
    elif order_by == as_of:
        severity, message = "high", _("Order today (%(order_by)s): %(quantity)s units.")
    else:
        severity = "medium"
        message = _("Order by %(order_by)s (in %(days)s days): %(quantity)s units.")
    return [AlertCandidate("reorder", severity, f"{state.key}:reorder", message,
                           params, revenue_at_risk=revenue, due_date=order_by)]


def _covered_but_late(state: ProductState, as_of: date) -> list[AlertCandidate]:
    """Nothing left to order: an alert only if the open order arrives too late."""
    order = state.open_order
    if (order is None or order.arrival is None or state.stockout_date is None
            or state.stockout_date >= order.arrival):
        return []
    lost = lost_sales_units(state.on_hand_units, state.projection, order.arrival)
    params = {"number": order.number, "status": order.status,
              "arrival": order.arrival, "stockout": state.stockout_date,
              "days_out": (order.arrival - state.stockout_date).days,
              "lost_units": round(lost, 1)}
    if order.status == "approved":
        message = _("%(number)s approved but not sent yet, arriving %(arrival)s: the "
                    "stock runs out on %(stockout)s, %(days_out)s days before it "
                    "arrives. Send it and ask the supplier to deliver sooner.")
    else:
        message = _("%(number)s sent, arriving %(arrival)s: the stock runs out on "
                    "%(stockout)s, %(days_out)s days before it arrives. Ask the "
                    "supplier to deliver sooner.")
    return [AlertCandidate("reorder", "high", f"{state.key}:reorder", message, params,
                           revenue_at_risk=lost * state.price,
                           due_date=state.stockout_date)]


def stockout_risk_alerts(state: ProductState, as_of: date) -> list[AlertCandidate]:
    """Stock projected to run out before an order placed today could arrive."""
    arrival = next_possible_receipt(state, as_of)
    if state.stockout_date is None or state.stockout_date >= arrival:
        return []
    lost, revenue = _revenue_at_risk(state, as_of)
    if lost <= 0:  # no demand forecast before the receipt: nothing to lose
        return []
    severity: Severity = "critical" if state.stockout_date <= as_of else "high"
    params = {"stockout": state.stockout_date, "arrival": arrival,
              "lost_units": round(lost, 1), "revenue": round(revenue, 2)}
    message = _("Projected to run out on %(stockout)s, before an order placed today "
                "can arrive (%(arrival)s): about %(lost_units)s units of sales lost.")
    return [AlertCandidate("stockout_risk", severity, f"{state.key}:stockout_risk",
                           message, params, revenue_at_risk=revenue,
                           due_date=state.stockout_date)]


def unsold_before_expiry(
    lots: Sequence[LotState], projection: Sequence[ProjectedDay], as_of: date
) -> dict[str, float]:
    """Units of each lot the forecast will not sell before it expires (FEFO).

    Lots are sold first-expiring-first; a lot sells on days before its expiry
    date; the units of earlier lots that expire unsold do not consume demand.
    """
    unsold: dict[str, float] = {}
    sold_so_far = 0.0
    for lot in sorted(lots, key=lambda lot: (lot.expiry_date, lot.key)):
        demand_before = sum(d.demand_units for d in projection
                            if as_of < d.day < lot.expiry_date)
        sold = min(lot.quantity_units, max(0.0, demand_before - sold_so_far))
        sold_so_far += sold
        unsold[lot.key] = lot.quantity_units - sold
    return unsold


def expiry_alerts(
    state: ProductState, as_of: date, settings: AlertSettings
) -> list[AlertCandidate]:
    """Lots expiring within the window, with the units the forecast won't sell."""
    unsold = unsold_before_expiry(state.lots, state.projection, as_of)
    limit = as_of + timedelta(days=settings.expiry_window_days)
    alerts: list[AlertCandidate] = []
    for lot in state.lots:
        if lot.expiry_date > limit or lot.quantity_units <= 0:
            continue
        left = unsold[lot.key]
        params = {"lot": lot.key, "expiry": lot.expiry_date,
                  "quantity": whole_units(lot.quantity_units),
                  "unsold": whole_units(left)}
        if lot.expiry_date <= as_of:
            severity: Severity = "high"
            message = _("Lot %(lot)s expired on %(expiry)s with %(quantity)s units.")
        else:
            severity = "medium" if left > 0 else "low"
            message = _("Lot %(lot)s expires on %(expiry)s: %(unsold)s of "
                        "%(quantity)s units will not sell before then.")
        alerts.append(AlertCandidate(
            "expiry", severity, f"{state.key}:expiry:{lot.key}", message, params,
            cash_tied_up=left * state.unit_cost, due_date=lot.expiry_date))
    return alerts


def overstock_alerts(
    state: ProductState, as_of: date, settings: AlertSettings
) -> list[AlertCandidate]:
    """Overstock per the active mode, except in the grace days after a receipt."""
    if state.overstock_units <= 0:
        return []
    if state.last_receipt_date is not None and (
        as_of - state.last_receipt_date
    ).days < settings.overstock_grace_days_after_receipt:
        return []
    month = [d.demand_units for d in state.projection[:30]]
    daily = sum(month) / len(month) if month else 0.0
    cover = math.inf if daily <= 0 else state.overstock_units / daily
    severity: Severity = "medium" if cover >= settings.overstock_medium_cover_days else "low"
    params = {"excess": whole_units(state.overstock_units),
              "cover_days": None if math.isinf(cover) else round(cover),
              "cash": won_text(state.overstock_units * state.unit_cost)}
    if math.isinf(cover):
        message = _("Overstock: %(excess)s units and no sales forecast (%(cash)s "
                    "tied up).")
    else:
        message = _("Overstock: %(excess)s units more than needed (%(cash)s tied "
                    "up, about %(cover_days)s days of sales).")
    return [AlertCandidate("overstock", severity, f"{state.key}:overstock", message,
                           params, cash_tied_up=state.overstock_units * state.unit_cost)]


def data_alerts(
    state: ProductState, as_of: date, settings: AlertSettings
) -> list[AlertCandidate]:
    """No movement for a long time; a steady seller stopped selling while in
    stock; attempts to take stock below zero."""
    alerts: list[AlertCandidate] = []
    last = state.last_movement_date
    if last is None or (as_of - last).days >= settings.no_movement_days:
        params = {"last": last, "days": settings.no_movement_days}
        message = (_("No stock movement recorded yet.") if last is None else
                   _("No stock movement since %(last)s (%(days)s days or more)."))
        alerts.append(AlertCandidate("data", "low", f"{state.key}:data:no_movement",
                                     message, params, due_date=last))
    stopped = _sales_stopped(state, as_of)
    if stopped is not None:
        alerts.append(stopped)
    if state.negative_stock_attempts > 0:
        params = {"count": state.negative_stock_attempts}
        message = _("%(count)s attempts to take stock below zero: check the counts.")
        alerts.append(AlertCandidate("data", "medium",
                                     f"{state.key}:data:negative_stock", message,
                                     params))
    return alerts


def _steady_in_stock(state: ProductState) -> bool:
    """Sold on STEADY_MIN_SALE_DAYS or more of the window, and has stock on hand."""
    return state.sale_days_before_gap >= STEADY_MIN_SALE_DAYS and state.on_hand_units > 0


def _sales_stopped_key(product_key: str) -> str:
    return f"{product_key}:data:sales_stopped"


def _sales_stopped(state: ProductState, as_of: date) -> AlertCandidate | None:
    """A steady seller in stock that has not sold for SALES_STOP_DAYS, with no
    sales pause recorded: the forecast would read the gap as zero demand."""
    last = state.last_sale_date
    if (
        last is None
        or not _steady_in_stock(state)
        or state.paused_since_last_sale
        or (as_of - last).days < SALES_STOP_DAYS
    ):
        return None
    params = {
        "days": (as_of - last).days,
        "on_hand": int(state.on_hand_units),
        "sale_days": state.sale_days_before_gap,
        "window": STEADY_WINDOW_DAYS,
    }
    message = _(
        "No sales for %(days)s days although %(on_hand)s units are in stock "
        "(it sold on %(sale_days)s of the %(window)s days before). If the listing "
        "was down, add a sales pause on the events page so the forecast does not "
        "read these days as zero demand; otherwise check the channel and the feed."
    )
    return AlertCandidate("data", "medium", _sales_stopped_key(state.key),
                          message, params, due_date=last)


def feed_stop_summary(
    states: Sequence[ProductState], candidates: Iterable[AlertCandidate]
) -> tuple[AlertCandidate | None, set[str]]:
    """One alert when most steady sellers stopped together (the sales feed, a
    channel connection or the daily upload, has probably stopped), and the
    per-product keys it replaces; (None, set()) otherwise."""
    steady = [s for s in states if _steady_in_stock(s)]
    keys = {c.key for c in candidates}
    stopped = {_sales_stopped_key(s.key) for s in steady} & keys
    if len(stopped) < max(FEED_STOP_MIN_PRODUCTS, FEED_STOP_SHARE * len(steady)):
        return None, set()
    since = max(s.last_sale_date for s in steady
                if _sales_stopped_key(s.key) in stopped and s.last_sale_date)
    message = _(
        "%(count)s of your %(steady)s steady sellers have sold nothing since "
        "%(since)s although they are in stock: the sales feed (a channel "
        "connection or the daily upload) has probably stopped. Check the "
        "channel connections and the uploads."
    )
    params = {"count": len(stopped), "steady": len(steady), "since": since}
    return (AlertCandidate("data", "high", FEED_STOP_KEY, message, params,
                           due_date=since), stopped)
