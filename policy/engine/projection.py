"""Projected on-hand stock day by day, the dates read from it, demand sums."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from .. import formulas as f
from .types import PolicyInputs, ProjectedDay


def project_on_hand(
    as_of: date,
    on_hand_units: float,
    open_receipts: Sequence[tuple[date, float]],
    daily_forecast_units: Sequence[float],
    horizon_days: int = 90,
) -> tuple[ProjectedDay, ...]:
    """on_hand(t) = on_hand(t−1) + receipts(t) − forecast(t), for t = 1..H."""
    receipts_by_day: dict[int, float] = {}
    for due, quantity in open_receipts:
        offset = max(1, (due - as_of).days)
        receipts_by_day[offset] = receipts_by_day.get(offset, 0.0) + float(quantity)
    stock = float(on_hand_units)
    days: list[ProjectedDay] = []
    for offset in range(1, horizon_days + 1):
        receipts = receipts_by_day.get(offset, 0.0)
        demand = (
            float(daily_forecast_units[offset - 1])
            if offset <= len(daily_forecast_units)
            else 0.0
        )
        stock += receipts - demand
        days.append(
            ProjectedDay(as_of + timedelta(days=offset), receipts, demand, stock)
        )
    return tuple(days)


def first_date_below(
    as_of: date,
    start_units: float,
    projection: Sequence[ProjectedDay],
    threshold_units: float,
    *,
    or_equal: bool = False,
) -> date | None:
    """First day (as_of itself included) whose stock is below the threshold."""

    def below(value: float) -> bool:
        return value <= threshold_units if or_equal else value < threshold_units

    if below(start_units):
        return as_of
    return next((d.day for d in projection if below(d.on_hand_units)), None)


def order_quantity_on(
    day: date,
    on_hand_units: float,
    projection: Sequence[ProjectedDay],
    order_up_to_units: float,
    moq_units: int = 1,
    multiple_units: int = 1,
    eoq_units: float | None = None,
) -> int:
    """Units to order at the start of ``day``: S − projected inventory position
    (stock at the end of the day before + receipts still due), then the same
    rule as the quantity due today (``formulas.order_quantity``: at least the
    EOQ when there is one, rounded up to the MOQ and whole packs)."""
    stock, due = float(on_hand_units), 0.0
    for projected in projection:
        if projected.day < day:
            stock = projected.on_hand_units
        else:
            due += projected.receipts_units
    raw = order_up_to_units - (stock + due)
    _raw, rounded = f.order_quantity(
        raw, max(moq_units, 0), max(multiple_units, 1), eoq_units)
    return rounded.quantity


def lost_sales_units(
    on_hand_units: float, projection: Sequence[ProjectedDay], until: date
) -> float:
    """Forecast demand not served before ``until`` (lost sales, stock never < 0)."""
    stock, lost = max(0.0, on_hand_units), 0.0
    for day in projection:
        if day.day >= until:
            break
        stock += day.receipts_units
        served = min(stock, day.demand_units)
        lost += day.demand_units - served
        stock -= served
    return lost


# Days at the end of the forecast whose mean carries demand past its horizon.
TAIL_DAYS = 28


def tail_rate(daily: Sequence[float]) -> float:
    """Mean forecast per day over the forecast's last four weeks (0 without one)."""
    tail = [float(v) for v in daily[-TAIL_DAYS:]]
    return sum(tail) / len(tail) if tail else 0.0


def _cumulative(daily: Sequence[float], horizon_days: float) -> float:
    """Forecast demand of days 1..h; past the forecast's end, at its tail rate.

    A lead time (plus review period) longer than the forecast must not count
    the days after it as zero demand.
    """
    running, path = 0.0, []
    for value in daily[: math.ceil(horizon_days) + 1]:
        running += float(value)
        path.append(running)
    total = f.cumulative_at(path, horizon_days)
    beyond = horizon_days - len(daily)
    return total + beyond * tail_rate(daily) if beyond > 0 else total


def _daily_rate(daily: Sequence[float], lead_time_days: float) -> float:
    """Average forecast per day over the lead time (at least one week)."""
    window = max(7, math.ceil(lead_time_days))
    values = [float(v) for v in daily[:window]]
    return sum(values) / len(values) if values else 0.0


def _projected_position_date(
    inputs: PolicyInputs,
    projection: Sequence[ProjectedDay],
    on_order: float,
    rop: float,
) -> date | None:
    """First day the projected inventory position (stock + still due) ≤ ROP."""
    if inputs.on_hand_units + on_order - inputs.backorder_units <= rop:
        return inputs.as_of
    due = on_order
    for day in projection:
        due -= day.receipts_units
        if day.on_hand_units + due - inputs.backorder_units <= rop:
            return day.day
    return None
