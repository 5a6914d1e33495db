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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from . import formulas as f
from .formulas import Message, _

Mode = Literal["service_level", "simple"]
SafetyStockMode = Literal["manual", "automatic"]
SafetyStockMethod = Literal["quantile", "normal", "simple", "manual"]


@dataclass(frozen=True)
class PolicyInputs:
    """Everything the policy needs for one product on one day (units, days)."""

    as_of: date
    on_hand_units: float
    lead_time_days: float
    # Point forecast for as_of+1 …, overrides already applied; empty = none yet.
    daily_forecast_units: Sequence[float] = ()
    open_receipts: Sequence[tuple[date, float]] = ()
    backorder_units: float = 0.0
    # level → cumulative demand quantiles for days 1..H (forecast engine output).
    cumulative_quantiles: Mapping[float, Sequence[float]] | None = None
    forecast_error_sigma_daily_units: float | None = None
    lead_time_spread_days: float = 0.0
    review_period_days: float = 7.0
    moq_units: int = 1
    order_multiple_units: int = 1
    service_level: float = 0.95
    mode: Mode = "service_level"
    safety_stock_mode: SafetyStockMode = "automatic"
    manual_safety_stock_units: float | None = None
    unit_cost: float | None = None
    price: float | None = None
    ordering_cost_per_order: float | None = None
    holding_cost_per_unit_year: float | None = None
    horizon_days: int = 90


@dataclass(frozen=True)
class ProjectedDay:
    """One day of the projection: receipts in, forecast demand out, end stock."""

    day: date
    receipts_units: float
    demand_units: float
    on_hand_units: float


@dataclass(frozen=True)
class SafetyStock:
    """The safety stock, how it was obtained, and the rule in words."""

    units: float
    method: SafetyStockMethod
    rule: Message


@dataclass(frozen=True)
class Recommendation:
    """The decision for one product and every number behind it."""

    as_of: date
    mode: Mode
    safety_stock_method: SafetyStockMethod
    safety_stock_units: float
    daily_demand_units: float
    lead_time_days: float
    lead_time_demand_units: float
    on_hand_units: float
    reorder_point_units: float
    order_up_to_units: float
    on_order_units: float
    inventory_position_units: float
    projection: tuple[ProjectedDay, ...]
    stockout_date: date | None
    safety_stock_date: date | None
    reorder_date: date | None
    order_by_date: date | None
    order_now: bool
    raw_quantity_units: float
    recommended_quantity_units: int
    rounding: Message
    expected_arrival_date: date | None
    eoq_units: float | None
    overstock_units: float
    headline: Message
    safety_stock_rule: Message
    levels_rule: Message
    extra: tuple[Message, ...] = field(default=())

    @property
    def messages(self) -> tuple[Message, ...]:
        """Headline, the two rules, then notes; each a whole translatable template."""
        return (self.headline, self.safety_stock_rule, self.levels_rule, *self.extra)

    @property
    def reason(self) -> str:
        """The whole explanation in English (the numbers and the rule)."""
        return " ".join(str(m) for m in self.messages)

    @property
    def reason_params(self) -> dict[str, Any]:
        """Every placeholder value used by the messages, merged."""
        merged: dict[str, Any] = {}
        for message in self.messages:
            merged.update(message.params)
        return merged


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
            if offset <= len(daily_forecast_units) else 0.0
        )
        stock += receipts - demand
        days.append(ProjectedDay(as_of + timedelta(days=offset), receipts, demand, stock))
    return tuple(days)


def first_date_below(
    as_of: date, start_units: float, projection: Sequence[ProjectedDay],
    threshold_units: float, *, or_equal: bool = False,
) -> date | None:
    """First day (as_of itself included) whose stock is below the threshold."""
    def below(value: float) -> bool:
        return value <= threshold_units if or_equal else value < threshold_units

    if below(start_units):
        return as_of
    return next((d.day for d in projection if below(d.on_hand_units)), None)


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


def _cumulative(daily: Sequence[float], horizon_days: float) -> float:
    running, path = 0.0, []
    for value in daily[: math.ceil(horizon_days) + 1]:
        running += float(value)
        path.append(running)
    return f.cumulative_at(path, horizon_days)


def _daily_rate(daily: Sequence[float], lead_time_days: float) -> float:
    """Average forecast per day over the lead time (at least one week)."""
    window = max(7, math.ceil(lead_time_days))
    values = [float(v) for v in daily[:window]]
    return sum(values) / len(values) if values else 0.0


def _numbers(value: float) -> float:
    return round(value, 1)


def _rule_params(inputs: PolicyInputs, lt_demand: float, daily: float) -> dict:
    return {"lead_time": _numbers(inputs.lead_time_days),
            "lead_time_demand": _numbers(lt_demand), "daily": _numbers(daily),
            "service_level": _numbers(inputs.service_level * 100),
            "spread": _numbers(inputs.lead_time_spread_days)}


def safety_stock(inputs: PolicyInputs, lt_demand: float, daily: float) -> SafetyStock:
    """Pick the safety-stock rule for the product's mode and data, and apply it."""
    params = _rule_params(inputs, lt_demand, daily)
    if inputs.safety_stock_mode == "manual" or (
        inputs.mode == "simple" and not inputs.daily_forecast_units
    ):
        units = max(0.0, inputs.manual_safety_stock_units or 0.0)
        template = _("Safety stock %(safety_stock)s units, entered manually.")
        return SafetyStock(units, "manual", Message(template, {**params,
                           "safety_stock": _numbers(units)}))
    if inputs.mode == "simple":
        return _simple_safety_stock(inputs, params)
    if inputs.cumulative_quantiles:
        return _quantile_safety_stock(inputs, lt_demand, daily, params)
    if inputs.forecast_error_sigma_daily_units is not None:
        return _normal_safety_stock(inputs, daily, params)
    fallback = _simple_safety_stock(inputs, params)
    template = _("No forecast uncertainty available yet, so the simple rule is used: "
                 "safety stock %(safety_stock)s = 30-day forecast %(forecast_30d)s × "
                 "%(lead_time)s days / 30.")
    return SafetyStock(fallback.units, "simple",
                       Message(template, fallback.rule.params))


def _simple_safety_stock(inputs: PolicyInputs, params: dict) -> SafetyStock:
    forecast_30d = _cumulative(inputs.daily_forecast_units, 30)
    units = f.simple_safety_stock(forecast_30d, inputs.lead_time_days)
    template = _("Simple rule: safety stock %(safety_stock)s = 30-day forecast "
                 "%(forecast_30d)s × %(lead_time)s days / 30.")
    return SafetyStock(units, "simple", Message(template, {
        **params, "safety_stock": _numbers(units),
        "forecast_30d": _numbers(forecast_30d)}))


def _quantile_safety_stock(
    inputs: PolicyInputs, lt_demand: float, daily: float, params: dict
) -> SafetyStock:
    assert inputs.cumulative_quantiles is not None
    excess = {
        level: f.cumulative_at(list(path), inputs.lead_time_days) - lt_demand
        for level, path in inputs.cumulative_quantiles.items()
    }
    demand_part = f.quantile_excess_at_level(excess, inputs.service_level)
    z = f.z_for_service_level(inputs.service_level)
    lead_part = f.lead_time_variability_units(z, daily, inputs.lead_time_spread_days)
    units = f.combine_safety_stocks(demand_part, lead_part)
    if lead_part > 0:
        template = _("Service level %(service_level)s%%: safety stock "
                     "%(safety_stock)s = %(service_level)s%% quantile of "
                     "%(lead_time)s-day demand (%(quantile)s) − its mean "
                     "(%(lead_time_demand)s), combined with z × %(daily)s/day × "
                     "lead-time spread %(spread)s days.")
    else:
        template = _("Service level %(service_level)s%%: safety stock "
                     "%(safety_stock)s = %(service_level)s%% quantile of "
                     "%(lead_time)s-day demand (%(quantile)s) − its mean "
                     "(%(lead_time_demand)s).")
    return SafetyStock(units, "quantile", Message(template, {
        **params, "safety_stock": _numbers(units),
        "quantile": _numbers(lt_demand + demand_part)}))


def _normal_safety_stock(inputs: PolicyInputs, daily: float, params: dict) -> SafetyStock:
    sigma = max(0.0, inputs.forecast_error_sigma_daily_units or 0.0)
    z = f.z_for_service_level(inputs.service_level)
    units = f.safety_stock_normal(z, sigma, max(0.0, inputs.lead_time_days), daily,
                                  inputs.lead_time_spread_days)
    template = _("Service level %(service_level)s%%: safety stock %(safety_stock)s = "
                 "z %(z)s × √(%(lead_time)s days × σ %(sigma)s² + %(daily)s/day² × "
                 "lead-time spread %(spread)s²).")
    return SafetyStock(units, "normal", Message(template, {
        **params, "safety_stock": _numbers(units), "z": round(z, 2),
        "sigma": _numbers(sigma)}))


def _overstock(inputs: PolicyInputs, ss: float, daily: float, s_level: float) -> float:
    """Simple mode: the seller's rule; service level: stock above S plus one MOQ."""
    if inputs.mode == "simple":
        return f.simple_overstock_units(inputs.on_hand_units, daily,
                                        inputs.lead_time_days, ss)
    allowance = max(inputs.moq_units, inputs.order_multiple_units)
    return max(0.0, inputs.on_hand_units - s_level - allowance)


def _order_quantity(
    inputs: PolicyInputs, order_now: bool, s_level: float, position: float,
    daily: float,
) -> tuple[float, f.RoundedQuantity, float | None]:
    """Raw need S − IP (at least the EOQ when costs are set), then rounded up."""
    annual = daily * 365.0
    eoq_units = None
    if inputs.ordering_cost_per_order and inputs.holding_cost_per_unit_year:
        eoq_units = f.eoq(annual, inputs.ordering_cost_per_order,
                          inputs.holding_cost_per_unit_year)
    raw = max(0.0, s_level - position) if order_now else 0.0
    if raw > 0 and eoq_units:
        raw = max(raw, eoq_units)
    rounded = f.round_order_quantity(raw, inputs.moq_units, inputs.order_multiple_units)
    return raw, rounded, eoq_units


def _projected_position_date(
    inputs: PolicyInputs, projection: Sequence[ProjectedDay], on_order: float,
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


def _headline(
    inputs: PolicyInputs, order_now: bool, quantity: int, order_by: date | None,
    arrival: date | None, daily: float, on_order: float,
) -> Message:
    params = {"on_hand": _numbers(inputs.on_hand_units), "daily": _numbers(daily),
              "lead_time": _numbers(inputs.lead_time_days), "moq": inputs.moq_units,
              "quantity": quantity, "order_by": order_by, "arrival": arrival,
              "on_order": _numbers(on_order), "horizon": inputs.horizon_days}
    if order_now and quantity > 0:
        template = _("Order %(quantity)s units now (arrives %(arrival)s): "
                     "%(on_hand)s units left, %(on_order)s on order, %(daily)s/day, "
                     "lead time %(lead_time)s days, MOQ %(moq)s.")
    elif order_by is not None:
        template = _("Order by %(order_by)s: %(on_hand)s units left, %(on_order)s on "
                     "order, %(daily)s/day, lead time %(lead_time)s days, MOQ %(moq)s.")
    else:
        template = _("No order needed in the next %(horizon)s days: %(on_hand)s "
                     "units left, %(on_order)s on order, %(daily)s/day.")
    return Message(template, params)


def _rule(inputs: PolicyInputs, ss: SafetyStock, rop: float, s_level: float,
          position: float, on_order: float) -> Message:
    params = {**ss.rule.params, "reorder_point": _numbers(rop),
              "order_up_to": _numbers(s_level), "review": _numbers(
                  inputs.review_period_days), "position": _numbers(position),
              "on_hand": _numbers(inputs.on_hand_units),
              "on_order": _numbers(on_order),
              "backorders": _numbers(inputs.backorder_units)}
    template = _(
        "Reorder point %(reorder_point)s = %(lead_time_demand)s (demand over the "
        "lead time) + %(safety_stock)s; order-up-to %(order_up_to)s = reorder point "
        "+ %(review)s days of demand; inventory position %(position)s = "
        "%(on_hand)s on hand + %(on_order)s on order − %(backorders)s backordered.")
    return Message(template, params)


def recommend(inputs: PolicyInputs) -> Recommendation:
    """Safety stock, ROP, S, projection, dates and the rounded order, with reasons."""
    lead = max(0.0, inputs.lead_time_days)
    daily_path = list(inputs.daily_forecast_units)
    lt_demand = _cumulative(daily_path, lead)
    daily = _daily_rate(daily_path, lead)
    ss = safety_stock(inputs, lt_demand, daily)
    rop = f.reorder_point(lt_demand, ss.units)
    review_demand = _cumulative(daily_path, lead + inputs.review_period_days) - lt_demand
    s_level = f.order_up_to(rop, review_demand)
    on_order = sum(float(q) for _day, q in inputs.open_receipts)
    position = f.inventory_position(inputs.on_hand_units, on_order,
                                    inputs.backorder_units)
    projection = project_on_hand(inputs.as_of, inputs.on_hand_units,
                                 inputs.open_receipts, daily_path, inputs.horizon_days)
    ss_date = first_date_below(inputs.as_of, inputs.on_hand_units, projection, ss.units)
    order_by = None if ss_date is None else ss_date - timedelta(days=math.ceil(lead))
    order_now = position <= rop and s_level > 0
    raw, rounded, eoq_units = _order_quantity(inputs, order_now, s_level, position,
                                              daily)
    arrival = (inputs.as_of + timedelta(days=math.ceil(lead))
               if rounded.quantity > 0 else None)
    return Recommendation(
        as_of=inputs.as_of, mode=inputs.mode, safety_stock_method=ss.method,
        safety_stock_units=ss.units, daily_demand_units=daily, lead_time_days=lead,
        lead_time_demand_units=lt_demand, on_hand_units=inputs.on_hand_units,
        reorder_point_units=rop,
        order_up_to_units=s_level, on_order_units=on_order,
        inventory_position_units=position, projection=projection,
        stockout_date=first_date_below(inputs.as_of, inputs.on_hand_units, projection,
                                       0.0, or_equal=True),
        safety_stock_date=ss_date,
        reorder_date=_projected_position_date(inputs, projection, on_order, rop),
        order_by_date=order_by, order_now=order_now, raw_quantity_units=raw,
        recommended_quantity_units=rounded.quantity, rounding=rounded.reason,
        expected_arrival_date=arrival, eoq_units=eoq_units,
        overstock_units=_overstock(inputs, ss.units, daily, s_level),
        headline=_headline(inputs, order_now, rounded.quantity, order_by, arrival,
                           daily, on_order),
        safety_stock_rule=ss.rule,
        levels_rule=_rule(inputs, ss, rop, s_level, position, on_order),
        # Only say how the quantity was rounded when rounding changed it.
        extra=(rounded.reason,) if rounded.quantity > math.ceil(raw - 1e-9) else (),
    )
