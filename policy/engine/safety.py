"""Safety stock (manual, simple, quantile, normal), overstock, order quantity."""

from __future__ import annotations

from .. import formulas as f
from ..formulas import Message, _
from .projection import _cumulative
from .reasons import _numbers
from .types import PolicyInputs, SafetyStock


def _rule_params(inputs: PolicyInputs, lt_demand: float, daily: float) -> dict:
    return {
        "lead_time": _numbers(inputs.lead_time_days),
        "lead_time_demand": _numbers(lt_demand),
        "daily": _numbers(daily),
        "service_level": _numbers(inputs.service_level * 100),
        "spread": _numbers(inputs.lead_time_spread_days),
    }


def safety_stock(inputs: PolicyInputs, lt_demand: float, daily: float) -> SafetyStock:
    """Pick the safety-stock rule for the product's mode and data, and apply it."""
    params = _rule_params(inputs, lt_demand, daily)
    if inputs.safety_stock_mode == "manual" or (
        inputs.mode == "simple" and not inputs.daily_forecast_units
    ):
        units = max(0.0, inputs.manual_safety_stock_units or 0.0)
        template = _("Safety stock %(safety_stock)s units, entered manually.")
        return SafetyStock(
            units,
            "manual",
            Message(template, {**params, "safety_stock": _numbers(units)}),
        )
    if inputs.mode == "simple":
        return _simple_safety_stock(inputs, params)
    if inputs.cumulative_quantiles:
        return _quantile_safety_stock(inputs, lt_demand, daily, params)
    if inputs.forecast_error_sigma_daily_units is not None:
        return _normal_safety_stock(inputs, daily, params)
    fallback = _simple_safety_stock(inputs, params)
    template = _(
        "No forecast uncertainty available yet, so the simple rule is used: "
        "safety stock %(safety_stock)s = 30-day forecast %(forecast_30d)s × "
        "%(lead_time)s days / 30."
    )
    return SafetyStock(
        fallback.units, "simple", Message(template, fallback.rule.params)
    )


def _simple_safety_stock(inputs: PolicyInputs, params: dict) -> SafetyStock:
    forecast_30d = _cumulative(inputs.daily_forecast_units, 30)
    units = f.simple_safety_stock(forecast_30d, inputs.lead_time_days)
    template = _(
        "Simple rule: safety stock %(safety_stock)s = 30-day forecast "
        "%(forecast_30d)s × %(lead_time)s days / 30."
    )
    return SafetyStock(
        units,
        "simple",
        Message(
            template,
            {
                **params,
                "safety_stock": _numbers(units),
                "forecast_30d": _numbers(forecast_30d),
            },
        ),
    )


def _quantile_safety_stock(
    inputs: PolicyInputs, lt_demand: float, daily: float, params: dict
) -> SafetyStock:
    assert inputs.cumulative_quantiles is not None
    excess = {
        level: _excess(list(path), inputs, lt_demand)
        for level, path in inputs.cumulative_quantiles.items()
    }
    demand_part = f.quantile_excess_at_level(excess, inputs.service_level)
    z = f.z_for_service_level(inputs.service_level)
    lead_part = f.lead_time_variability_units(z, daily, inputs.lead_time_spread_days)
    units = f.combine_safety_stocks(demand_part, lead_part)
    if lead_part > 0:
        template = _(
            "Service level %(service_level)s%%: safety stock "
            "%(safety_stock)s = %(service_level)s%% quantile of "
            "%(lead_time)s-day demand (%(quantile)s) − its mean "
            "(%(lead_time_demand)s), combined with z × %(daily)s/day × "
            "lead-time spread %(spread)s days."
        )
    else:
        template = _(
            "Service level %(service_level)s%%: safety stock "
            "%(safety_stock)s = %(service_level)s%% quantile of "
            "%(lead_time)s-day demand (%(quantile)s) − its mean "
            "(%(lead_time_demand)s)."
        )
    return SafetyStock(
        units,
        "quantile",
        Message(
            template,
            {
                **params,
                "safety_stock": _numbers(units),
                "quantile": _numbers(lt_demand + demand_part),
            },
        ),
    )


def _excess(path: list[float], inputs: PolicyInputs, lt_demand: float) -> float:
    """Quantile − mean of lead-time demand; past the path's end, grown like √t."""
    lead = inputs.lead_time_days
    if lead <= len(path):
        return f.cumulative_at(path, lead) - lt_demand
    horizon = float(len(path))
    at_horizon = path[-1] - _cumulative(inputs.daily_forecast_units, horizon)
    return f.excess_beyond_horizon(at_horizon, horizon, lead)


def _normal_safety_stock(
    inputs: PolicyInputs, daily: float, params: dict
) -> SafetyStock:
    sigma = max(0.0, inputs.forecast_error_sigma_daily_units or 0.0)
    z = f.z_for_service_level(inputs.service_level)
    units = f.safety_stock_normal(
        z, sigma, max(0.0, inputs.lead_time_days), daily, inputs.lead_time_spread_days
    )
    template = _(
        "Service level %(service_level)s%%: safety stock %(safety_stock)s = "
        "z %(z)s × √(%(lead_time)s days × σ %(sigma)s² + %(daily)s/day² × "
        "lead-time spread %(spread)s²)."
    )
    return SafetyStock(
        units,
        "normal",
        Message(
            template,
            {
                **params,
                "safety_stock": _numbers(units),
                "z": round(z, 2),
                "sigma": _numbers(sigma),
            },
        ),
    )


def _overstock(inputs: PolicyInputs, ss: float, daily: float, s_level: float) -> float:
    """Simple mode: the seller's rule; service level: stock above S plus one MOQ."""
    if inputs.mode == "simple":
        return f.simple_overstock_units(
            inputs.on_hand_units, daily, inputs.lead_time_days, ss
        )
    allowance = max(inputs.moq_units, inputs.order_multiple_units)
    return max(0.0, inputs.on_hand_units - s_level - allowance)


def _order_quantity(
    inputs: PolicyInputs,
    order_now: bool,
    s_level: float,
    position: float,
    daily: float,
) -> tuple[float, f.RoundedQuantity, float | None]:
    """Raw need S − IP (at least the EOQ when costs are set), then rounded up."""
    annual = daily * 365.0
    eoq_units = None
    if inputs.ordering_cost_per_order and inputs.holding_cost_per_unit_year:
        eoq_units = f.eoq(
            annual, inputs.ordering_cost_per_order, inputs.holding_cost_per_unit_year
        )
    raw = max(0.0, s_level - position) if order_now else 0.0
    raw, rounded = f.order_quantity(
        raw, inputs.moq_units, inputs.order_multiple_units, eoq_units)
    return raw, rounded, eoq_units
