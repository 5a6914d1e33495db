"""Inputs and results of the policy engine: frozen dataclasses (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..formulas import Message

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
