"""The headline and the reorder-level rule of a recommendation, as messages."""

from __future__ import annotations

from datetime import date

from ..formulas import Message, _
from .types import PolicyInputs, SafetyStock


def _numbers(value: float) -> float:
    return round(value, 1)


def _headline(
    inputs: PolicyInputs,
    order_now: bool,
    quantity: int,
    order_by: date | None,
    arrival: date | None,
    daily: float,
    on_order: float,
) -> Message:
    params = {
        "on_hand": _numbers(inputs.on_hand_units),
        "daily": _numbers(daily),
        "lead_time": _numbers(inputs.lead_time_days),
        "moq": inputs.moq_units,
        "quantity": quantity,
        "order_by": order_by,
        "arrival": arrival,
        "on_order": _numbers(on_order),
        "horizon": inputs.horizon_days,
    }
    if order_now and quantity > 0:
        template = _(
            "Order %(quantity)s units now (arrives %(arrival)s): "
            "%(on_hand)s units left, %(on_order)s on order, %(daily)s/day, "
            "lead time %(lead_time)s days, MOQ %(moq)s."
        )
    elif order_by is not None and order_by <= inputs.as_of and on_order > 0:
        # Due by now, but the units on order lift the position above the
        # reorder point: whether they arrive in time is policy/coverage.py's.
        template = _(
            "Nothing more to order now: the %(on_order)s units on order cover the "
            "reorder point (%(on_hand)s units left, %(daily)s/day, lead time "
            "%(lead_time)s days)."
        )
    elif order_by is not None:
        template = _(
            "Order by %(order_by)s: %(on_hand)s units left, %(on_order)s on "
            "order, %(daily)s/day, lead time %(lead_time)s days, MOQ %(moq)s."
        )
    else:
        template = _(
            "No order needed in the next %(horizon)s days: %(on_hand)s "
            "units left, %(on_order)s on order, %(daily)s/day."
        )
    return Message(template, params)


def _beyond_horizon(inputs: PolicyInputs, tail_rate: float) -> Message | None:
    """Say so when the lead time plus review period reach past the forecast."""
    horizon = len(inputs.daily_forecast_units)
    reach = inputs.lead_time_days + inputs.review_period_days
    if not horizon or reach <= horizon:
        return None
    template = _(
        "Lead time and review period (%(reach)s days) reach beyond the "
        "%(forecast_days)s-day forecast: demand after day %(forecast_days)s is "
        "taken at the forecast's last four weeks' rate, %(tail_rate)s/day."
    )
    params = {
        "reach": _numbers(reach),
        "forecast_days": horizon,
        "tail_rate": _numbers(tail_rate),
    }
    return Message(template, params)


def _rule(
    inputs: PolicyInputs,
    ss: SafetyStock,
    rop: float,
    s_level: float,
    position: float,
    on_order: float,
) -> Message:
    params = {
        **ss.rule.params,
        "reorder_point": _numbers(rop),
        "order_up_to": _numbers(s_level),
        "review": _numbers(inputs.review_period_days),
        "position": _numbers(position),
        "on_hand": _numbers(inputs.on_hand_units),
        "on_order": _numbers(on_order),
        "backorders": _numbers(inputs.backorder_units),
    }
    template = _(
        "Reorder point %(reorder_point)s = %(lead_time_demand)s (demand over the "
        "lead time) + %(safety_stock)s; order-up-to %(order_up_to)s = reorder point "
        "+ %(review)s days of demand; inventory position %(position)s = "
        "%(on_hand)s on hand + %(on_order)s on order − %(backorders)s backordered."
    )
    return Message(template, params)
