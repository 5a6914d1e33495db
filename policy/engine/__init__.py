"""Replenishment policy engine: one product in, one recommendation out (pure).

The Django side loads a product's stock, open purchase orders, forecast and
settings into ``PolicyInputs``, calls ``recommend`` and stores the frozen
``Recommendation``. No clock: ``as_of`` is the day the decision is made, the
projection covers ``as_of + 1 … as_of + horizon_days``.

Timing convention: receipts arrive at the start of their day, demand is taken
during the day, projected on-hand is the end-of-day figure. Receipts dated on
or before ``as_of`` that are still open (late) are assumed to arrive tomorrow.
Decisions are reviewed every day (continuous review): order when the inventory
position is at or below the reorder point, up to the order-up-to level.
"""

from __future__ import annotations

import math
from datetime import timedelta

from .. import formulas as f
from .projection import (
    _cumulative,
    _daily_rate,
    _projected_position_date,
    first_date_below,
    lost_sales_units,
    order_quantity_on,
    project_on_hand,
    tail_rate,
)
from .reasons import _beyond_horizon, _headline, _rule
from .safety import _order_quantity, _overstock, safety_stock
from .types import (
    Mode,
    PolicyInputs,
    ProjectedDay,
    Recommendation,
    SafetyStock,
    SafetyStockMethod,
    SafetyStockMode,
)

__all__ = [
    "Mode",
    "PolicyInputs",
    "ProjectedDay",
    "Recommendation",
    "SafetyStock",
    "SafetyStockMethod",
    "SafetyStockMode",
    "first_date_below",
    "lost_sales_units",
    "order_quantity_on",
    "project_on_hand",
    "recommend",
    "safety_stock",
]


def recommend(inputs: PolicyInputs) -> Recommendation:
    """Safety stock, ROP, S, projection, dates and the rounded order, with reasons."""
    lead = max(0.0, inputs.lead_time_days)
    daily_path = list(inputs.daily_forecast_units)
    lt_demand = _cumulative(daily_path, lead)
    daily = _daily_rate(daily_path, lead)
    ss = safety_stock(inputs, lt_demand, daily)
    rop = f.reorder_point(lt_demand, ss.units)
    review_demand = (
        _cumulative(daily_path, lead + inputs.review_period_days) - lt_demand
    )
    s_level = f.order_up_to(rop, review_demand)
    on_order = sum(float(q) for _day, q in inputs.open_receipts)
    position = f.inventory_position(
        inputs.on_hand_units, on_order, inputs.backorder_units
    )
    projection = project_on_hand(
        inputs.as_of,
        inputs.on_hand_units,
        inputs.open_receipts,
        daily_path,
        inputs.horizon_days,
    )
    ss_date = first_date_below(inputs.as_of, inputs.on_hand_units, projection, ss.units)
    order_by = None if ss_date is None else ss_date - timedelta(days=math.ceil(lead))
    order_now = position <= rop and s_level > 0
    raw, rounded, eoq_units = _order_quantity(
        inputs, order_now, s_level, position, daily
    )
    arrival = (
        inputs.as_of + timedelta(days=math.ceil(lead)) if rounded.quantity > 0 else None
    )
    # Only say how the quantity was rounded when rounding changed it.
    notes = [rounded.reason] if rounded.quantity > math.ceil(raw - 1e-9) else []
    beyond = _beyond_horizon(inputs, tail_rate(daily_path))
    if beyond is not None:
        notes.append(beyond)
    return Recommendation(
        as_of=inputs.as_of,
        mode=inputs.mode,
        safety_stock_method=ss.method,
        safety_stock_units=ss.units,
        daily_demand_units=daily,
        lead_time_days=lead,
        lead_time_demand_units=lt_demand,
        on_hand_units=inputs.on_hand_units,
        reorder_point_units=rop,
        order_up_to_units=s_level,
        on_order_units=on_order,
        inventory_position_units=position,
        projection=projection,
        stockout_date=first_date_below(
            inputs.as_of, inputs.on_hand_units, projection, 0.0, or_equal=True
        ),
        safety_stock_date=ss_date,
        reorder_date=_projected_position_date(inputs, projection, on_order, rop),
        order_by_date=order_by,
        order_now=order_now,
        raw_quantity_units=raw,
        recommended_quantity_units=rounded.quantity,
        rounding=rounded.reason,
        expected_arrival_date=arrival,
        eoq_units=eoq_units,
        overstock_units=_overstock(inputs, ss.units, daily, s_level),
        headline=_headline(
            inputs, order_now, rounded.quantity, order_by, arrival, daily, on_order
        ),
        safety_stock_rule=ss.rule,
        levels_rule=_rule(inputs, ss, rop, s_level, position, on_order),
        extra=tuple(notes),
    )
