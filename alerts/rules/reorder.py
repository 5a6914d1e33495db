"""Reorder and stock-out-risk alerts: order by when, and sales lost before a
receipt (``revenue_at_risk`` = forecast sales lost before the next possible
receipt × price)."""

from __future__ import annotations

import math
from datetime import date, timedelta

from policy.engine import lost_sales_units, order_quantity_on
from policy.formulas import _

from .state import AlertCandidate, AlertSettings, ProductState, Severity


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
    if quantity <= 0 and state.open_order is not None:
        # Nothing due then either: the open orders cover that need too.
        return _covered_but_late(state, as_of)
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
