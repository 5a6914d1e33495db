"""Replenishment formulas: small, pure, typed functions (no Django, no clock).

Each docstring names the equation. Quantities are in units, rates in units per
day, times in days. Messages are English templates with ``%(name)s``
placeholders; the Django side translates ``Message.template`` and formats it
with ``Message.params`` (``_()`` here is a no-op so ``makemessages`` finds them).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist, median, stdev
from typing import Any, Literal, NamedTuple

_NORMAL = NormalDist()
MIN_RECEIPTS_FOR_MEASURED_LEAD_TIME = 3


def _(text: str) -> str:
    """Mark a message for translation without translating it (pure module)."""
    return text


@dataclass(frozen=True)
class Message:
    """A translatable English template and its parameters."""

    template: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return self.template % self.params


def won_text(amount_won: float) -> str:
    """Money as the app prints it, "₩49,000" (whole won, half up, sign first):
    inventory.templatetags.money.won_text, for texts built without Django."""
    whole = math.floor(abs(amount_won) + 0.5)
    return f"{'-' if amount_won < 0 and whole else ''}₩{whole:,}"


def z_for_service_level(service_level: float) -> float:
    """Standard normal quantile z = Φ⁻¹(service level), e.g. 0.95 → 1.645."""
    if not 0.0 < service_level < 1.0:
        raise ValueError("service_level must be strictly between 0 and 1")
    return _NORMAL.inv_cdf(service_level)


def standard_normal_loss(k: float) -> float:
    """Standard normal loss function G(k) = φ(k) − k·(1 − Φ(k))."""
    return _NORMAL.pdf(k) - k * (1.0 - _NORMAL.cdf(k))


def safety_stock_from_quantile(
    lead_time_demand_quantile_units: float, lead_time_demand_mean_units: float
) -> float:
    """SS = Q_α(lead-time demand) − E[lead-time demand], never below zero."""
    return max(0.0, lead_time_demand_quantile_units - lead_time_demand_mean_units)


def safety_stock_normal(
    z: float,
    sigma_daily_units: float,
    lead_time_days: float,
    mean_daily_units: float = 0.0,
    sigma_lead_time_days: float = 0.0,
) -> float:
    """SS = z·√(L·σ_d² + d²·σ_L²); with a fixed lead time this is z·σ_d·√L."""
    if lead_time_days < 0 or sigma_daily_units < 0 or sigma_lead_time_days < 0:
        raise ValueError("lead time and standard deviations must be >= 0")
    variance = (
        lead_time_days * sigma_daily_units**2
        + (mean_daily_units * sigma_lead_time_days) ** 2
    )
    return max(0.0, z * math.sqrt(variance))


def lead_time_variability_units(
    z: float, mean_daily_units: float, sigma_lead_time_days: float
) -> float:
    """Lead-time variability term of SS alone: z·d·σ_L (units)."""
    return max(0.0, z * mean_daily_units * sigma_lead_time_days)


def combine_safety_stocks(*safety_stock_units: float) -> float:
    """Independent buffers add in quadrature: √(Σ SSᵢ²) (z·√(a² + b²) form)."""
    return math.sqrt(sum(max(0.0, ss) ** 2 for ss in safety_stock_units))


def reorder_point(lead_time_demand_units: float, safety_stock_units: float) -> float:
    """ROP = expected demand over the lead time + safety stock."""
    return lead_time_demand_units + safety_stock_units


def order_up_to(reorder_point_units: float, review_period_demand_units: float) -> float:
    """S = ROP + expected demand over the review period."""
    return reorder_point_units + review_period_demand_units


def inventory_position(
    on_hand_units: float, on_order_units: float, backorder_units: float = 0.0
) -> float:
    """IP = on hand + on order − backorders (on-order must not be forgotten)."""
    return on_hand_units + on_order_units - backorder_units


class RoundedQuantity(NamedTuple):
    """An order quantity after MOQ/multiple rounding, with the reason."""

    quantity: int
    reason: Message


def round_order_quantity(
    raw_units: float, moq_units: int = 1, multiple_units: int = 1
) -> RoundedQuantity:
    """q = ⌈max(⌈raw⌉, MOQ) / multiple⌉ · multiple; nothing when raw ≤ 0."""
    if moq_units < 0 or multiple_units < 1:
        raise ValueError("moq must be >= 0 and multiple >= 1")
    if raw_units <= 0:
        return RoundedQuantity(0, Message(_("No order needed."), {}))
    needed = math.ceil(raw_units - 1e-9)
    quantity = max(needed, moq_units)
    quantity = math.ceil(quantity / multiple_units) * multiple_units
    params = {"raw": needed, "quantity": quantity, "moq": moq_units,
              "multiple": multiple_units}
    if quantity == needed:
        return RoundedQuantity(quantity, Message(_("%(quantity)s units."), params))
    if needed < moq_units and multiple_units > 1:
        template = _("%(raw)s → %(quantity)s (MOQ %(moq)s, multiple of %(multiple)s).")
    elif needed < moq_units:
        template = _("%(raw)s → %(quantity)s (MOQ %(moq)s).")
    else:
        template = _("%(raw)s → %(quantity)s (multiple of %(multiple)s).")
    return RoundedQuantity(quantity, Message(template, params))


def order_quantity(
    raw_units: float, moq_units: int = 1, multiple_units: int = 1,
    eoq_units: float | None = None,
) -> tuple[float, RoundedQuantity]:
    """The one rule every order quantity follows (due now or on a later
    order-by date): q = round(max(raw, EOQ)) when something is needed, the EOQ
    only when ordering and holding costs define one, then rounded up to the MOQ
    and whole packs (``round_order_quantity``). Returns (raw after EOQ, rounded)."""
    if raw_units > 0 and eoq_units:
        raw_units = max(raw_units, eoq_units)
    return raw_units, round_order_quantity(raw_units, moq_units, multiple_units)


def eoq(
    annual_demand_units: float,
    ordering_cost_per_order: float,
    holding_cost_per_unit_year: float,
) -> float | None:
    """Economic order quantity Q* = √(2·D·K / h); None when it is undefined."""
    if holding_cost_per_unit_year <= 0 or ordering_cost_per_order <= 0:
        return None
    if annual_demand_units <= 0:
        return 0.0
    return math.sqrt(
        2.0 * annual_demand_units * ordering_cost_per_order / holding_cost_per_unit_year
    )


def simple_safety_stock(forecast_30d_units: float, lead_time_days: float) -> float:
    """Seller's rule: SS = forecast 30-day demand × (lead time days / 30)."""
    return max(0.0, forecast_30d_units) * max(0.0, lead_time_days) / 30.0


def simple_overstock_units(
    on_hand_units: float,
    forecast_daily_units: float,
    lead_time_days: float,
    safety_stock_units: float,
) -> float:
    """Seller's rule: overstock = on hand − (daily forecast × L + SS), if > 0."""
    limit = forecast_daily_units * lead_time_days + safety_stock_units
    return max(0.0, on_hand_units - limit)


LeadTimeSource = Literal["history", "manual", "default"]


@dataclass(frozen=True)
class LeadTimeEstimate:
    """The lead time used, its spread (σ_L, days), receipts behind it and origin."""

    days: float
    spread_days: float
    receipts: int
    source: LeadTimeSource
    reason: Message


def lead_time_from_history(
    received_minus_ordered_days: Sequence[float],
    *,
    manual_lead_time_days: float | None = None,
    default_lead_time_days: float = 14.0,
    min_receipts: int = MIN_RECEIPTS_FOR_MEASURED_LEAD_TIME,
) -> LeadTimeEstimate:
    """L = median(received − ordered), σ_L = sample std, once enough receipts exist.

    With fewer receipts the manual value (spread 0) is used, else the default.
    """
    days = [float(d) for d in received_minus_ordered_days if d is not None and d >= 0]
    n = len(days)
    if n >= max(min_receipts, 2):
        value, spread = float(median(days)), float(stdev(days))
        params = {"days": round(value, 1), "spread": round(spread, 1), "receipts": n}
        message = _("Lead time %(days)s days (median of %(receipts)s receipts, "
                    "spread ±%(spread)s days).")
        return LeadTimeEstimate(value, spread, n, "history", Message(message, params))
    if manual_lead_time_days is not None:
        params = {"days": manual_lead_time_days, "receipts": n}
        message = _("Lead time %(days)s days (entered manually; %(receipts)s "
                    "receipts measured so far).")
        return LeadTimeEstimate(
            float(manual_lead_time_days), 0.0, n, "manual", Message(message, params)
        )
    params = {"days": default_lead_time_days, "receipts": n}
    message = _("Lead time %(days)s days (default: not entered and only "
                "%(receipts)s receipts measured).")
    return LeadTimeEstimate(
        float(default_lead_time_days), 0.0, n, "default", Message(message, params)
    )


def abc_classes(
    sales_value_by_key: Mapping[str, float], a_share: float = 0.8, b_share: float = 0.95
) -> dict[str, str]:
    """Pareto ABC: A while the cumulative value share before a key is < a_share.

    B likewise up to b_share, the rest C; keys with no sales value are C.
    """
    total = sum(max(0.0, v) for v in sales_value_by_key.values())
    ranked = sorted(sales_value_by_key.items(), key=lambda kv: (-kv[1], kv[0]))
    classes: dict[str, str] = {}
    cumulative = 0.0
    for key, value in ranked:
        share_before = cumulative / total if total > 0 else 1.0
        if value <= 0:
            classes[key] = "C"
        elif share_before < a_share:
            classes[key] = "A"
        elif share_before < b_share:
            classes[key] = "B"
        else:
            classes[key] = "C"
        cumulative += max(0.0, value)
    return classes


def cumulative_at(cumulative_units: Sequence[float], horizon_days: float) -> float:
    """Value of a cumulative path c(1..H) at horizon h, linear between days, c(0)=0."""
    if horizon_days <= 0 or len(cumulative_units) == 0:
        return 0.0
    h = min(horizon_days, float(len(cumulative_units)))
    lower = int(math.floor(h))
    below = 0.0 if lower == 0 else float(cumulative_units[lower - 1])
    if lower == h:
        return below
    above = float(cumulative_units[lower])
    return below + (h - lower) * (above - below)


def excess_beyond_horizon(
    excess_at_horizon_units: float, horizon_days: float, lead_time_days: float
) -> float:
    """Q_α − mean at L > H from its value at H: excess(H)·√(L/H).

    With independent daily errors the spread of a sum grows like √t.
    """
    if horizon_days <= 0 or lead_time_days <= horizon_days:
        return max(0.0, excess_at_horizon_units)
    return max(0.0, excess_at_horizon_units) * math.sqrt(lead_time_days / horizon_days)


def quantile_excess_at_level(
    excess_by_level: Mapping[float, float], service_level: float
) -> float:
    """Excess Q_α − mean at any α from a few levels, interpolated linearly in z.

    Outside the known levels the nearest one is scaled by z(α)/z(level), as a
    normal distribution would; excess is never negative.
    """
    if not excess_by_level:
        raise ValueError("no quantile levels given")
    z_target = z_for_service_level(service_level)
    points = sorted((z_for_service_level(lv), ex) for lv, ex in excess_by_level.items())
    if len(points) == 1 or z_target <= points[0][0] or z_target >= points[-1][0]:
        z_ref, ex_ref = points[0] if z_target <= points[0][0] else points[-1]
        if z_ref <= 0:
            return max(0.0, ex_ref)
        return max(0.0, ex_ref * z_target / z_ref)
    for (z_lo, ex_lo), (z_hi, ex_hi) in zip(points, points[1:], strict=False):
        if z_lo <= z_target <= z_hi:
            weight = 0.0 if z_hi == z_lo else (z_target - z_lo) / (z_hi - z_lo)
            return max(0.0, ex_lo + weight * (ex_hi - ex_lo))
    raise AssertionError("unreachable")  # pragma: no cover
