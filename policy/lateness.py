"""Late orders: how late, what is lost anyway, and what expediting would change.

Pure (no Django): it works on a stored recommendation's numbers and its 90-day
projection `[(day, receipts, demand, end-of-day on hand), …]` (forecast demand,
open purchase orders arriving as receipts, no new order). A product runs out
when the projection reaches zero; sales lost while it is out are not made up
later (lost sales, stock never below zero), so an order that arrives after the
stock-out only has to cover the demand from its arrival on.

- `assess` — lateness of the advised order: days past the order-by date, the
  arrival of an order placed today, whether the stock-out before that arrival
  is now unavoidable, the days without stock and the units and revenue lost.
- `expedite` — the same with a shorter lead time the user obtained from the
  supplier: new arrival, days and revenue still lost, and the order quantity
  recomputed for that arrival (review-period demand after it plus safety
  stock, minus what is left then; MOQ and multiple respected).
- `split` — part from a faster second supplier to bridge the gap until the
  usual supplier's delivery, the rest from the usual supplier.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from policy.formulas import round_order_quantity

ProjectionRow = Sequence  # (ISO date or date, receipts, demand, on hand)


@dataclass(frozen=True)
class PlanInputs:
    """One product's stored plan (from a Recommendation row)."""

    as_of: date
    on_hand_units: float
    daily_demand_units: float
    lead_time_days: float
    order_by_date: date | None
    recommended_quantity_units: int
    safety_stock_units: float
    review_period_days: float
    projection: Sequence[ProjectionRow] = ()
    moq_units: int = 1
    order_multiple_units: int = 1
    price: float | None = None  # selling price per unit; None: unknown


@dataclass(frozen=True)
class Lateness:
    """What ordering today with a given lead time leads to."""

    days_late: int  # days past the order-by date (0: not late)
    lead_time_days: int
    arrival: date  # an order placed today arrives
    stockout_date: date | None  # first day without stock (before any new order)
    unavoidable: bool  # stock runs out before `arrival`
    days_without_stock: int
    units_lost: float
    revenue_lost: float | None  # None when the product has no selling price
    quantity_units: int  # order quantity for this arrival (rounded)

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _rows(plan: PlanInputs) -> list[tuple[date, float, float]]:
    return [(_day(row[0]), float(row[1]), float(row[2])) for row in plan.projection]


def _simulate(plan: PlanInputs, until: date) -> tuple[float, date | None, int, float]:
    """Stock left on `until` (lost sales), first day out, days out, units lost."""
    stock, lost, first_out, days_out = max(0.0, plan.on_hand_units), 0.0, None, 0
    if stock <= 0 and plan.daily_demand_units > 0:
        first_out = plan.as_of
    for day, receipts, demand in _rows(plan):
        if day >= until:
            break
        stock += receipts
        served = min(stock, demand)
        if demand - served > 1e-9:
            lost += demand - served
            days_out += 1
            first_out = first_out or day
        stock -= served
    return stock, first_out, days_out, lost


def _demand_between(plan: PlanInputs, start: date, days: float) -> float:
    """Forecast demand of `days` days from `start` (beyond the projection: the rate)."""
    end = start + timedelta(days=math.ceil(days))
    rows = {day: demand for day, _receipts, demand in _rows(plan)}
    total, day = 0.0, start
    while day < end:
        total += rows.get(day, plan.daily_demand_units)
        day += timedelta(days=1)
    return total


def _first_stockout(plan: PlanInputs) -> date | None:
    horizon = plan.as_of + timedelta(days=len(plan.projection) + 1)
    return _simulate(plan, horizon)[1]


def assess(plan: PlanInputs, *, lead_time_days: float | None = None) -> Lateness:
    """Ordering today with the usual (or the given) lead time."""
    lead = math.ceil(max(0.0, plan.lead_time_days if lead_time_days is None
                         else lead_time_days))
    arrival = plan.as_of + timedelta(days=lead)
    stock_at_arrival, first_out, days_out, lost = _simulate(plan, arrival)
    stockout = _first_stockout(plan)
    late = 0
    if plan.order_by_date is not None and plan.order_by_date < plan.as_of:
        late = (plan.as_of - plan.order_by_date).days
    need = (_demand_between(plan, arrival, plan.review_period_days)
            + plan.safety_stock_units - stock_at_arrival)
    quantity = round_order_quantity(need, plan.moq_units,
                                    plan.order_multiple_units).quantity
    if lead_time_days is None:
        quantity = plan.recommended_quantity_units
    revenue = lost * plan.price if plan.price else None
    return Lateness(
        days_late=late, lead_time_days=lead, arrival=arrival, stockout_date=stockout,
        unavoidable=first_out is not None and first_out < arrival,
        days_without_stock=days_out, units_lost=round(lost, 1),
        revenue_lost=None if revenue is None else round(revenue),
        quantity_units=quantity,
    )


def expedite(plan: PlanInputs, *, lead_time_days: float) -> Lateness:
    """Ordering today with a shorter lead time: arrival, loss and quantity anew."""
    if lead_time_days < 0:
        raise ValueError("lead time must be >= 0")
    return assess(plan, lead_time_days=lead_time_days)


@dataclass(frozen=True)
class Split:
    """Part from a faster supplier to bridge the gap, the rest as usual."""

    fast: Lateness  # arrival and loss with the faster supplier's part
    fast_quantity_units: int
    usual_quantity_units: int
    usual_arrival: date


def split(plan: PlanInputs, *, fast_lead_time_days: float,
          fast_moq_units: int = 1) -> Split:
    """Bridge from the faster arrival to the usual one; the rest from the usual."""
    fast = assess(plan, lead_time_days=fast_lead_time_days)
    usual = assess(plan)
    gap_days = max(0, (usual.arrival - fast.arrival).days)
    bridge = _demand_between(plan, fast.arrival, gap_days)
    fast_quantity = round_order_quantity(bridge, fast_moq_units, 1).quantity
    usual_quantity = max(0, plan.recommended_quantity_units - fast_quantity)
    if usual_quantity:
        usual_quantity = round_order_quantity(
            usual_quantity, plan.moq_units, plan.order_multiple_units).quantity
    return Split(fast, fast_quantity, usual_quantity, usual.arrival)
