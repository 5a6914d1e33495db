"""The policy engine: projection with open orders, modes, dates and reasons."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from policy import formulas as f
from policy.engine import (
    PolicyInputs,
    ProjectedDay,
    lost_sales_units,
    order_quantity_on,
    project_on_hand,
    recommend,
)

AS_OF = date(2024, 11, 15)


def day(n: int) -> date:
    return AS_OF + timedelta(days=n)


def inputs(**overrides) -> PolicyInputs:
    values = dict(
        as_of=AS_OF,
        on_hand_units=84,
        lead_time_days=14,
        daily_forecast_units=[6.1] * 90,
        moq_units=50,
        forecast_error_sigma_daily_units=2.5,
    )
    values.update(overrides)
    return PolicyInputs(**values)


def test_projection_adds_open_receipts_on_their_dates():
    projection = project_on_hand(AS_OF, 20, [(day(3), 30)], [5.0] * 10, 10)
    assert [d.on_hand_units for d in projection[:5]] == [15, 10, 35, 30, 25]
    assert projection[2].receipts_units == 30
    assert projection[0].day == day(1)


def test_projection_receives_late_open_orders_tomorrow():
    projection = project_on_hand(AS_OF, 0, [(day(-4), 12)], [2.0] * 3, 3)
    assert [d.on_hand_units for d in projection] == [10, 8, 6]


def test_stockout_date_moves_out_when_an_open_order_arrives_in_time():
    without = recommend(inputs(on_hand_units=20, daily_forecast_units=[5.0] * 90))
    with_order = recommend(
        inputs(
            on_hand_units=20,
            daily_forecast_units=[5.0] * 90,
            open_receipts=[(day(3), 30)],
        )
    )
    assert without.stockout_date == day(4)
    assert with_order.stockout_date == day(10)


def test_example_from_the_issue_reads_like_a_person_wrote_it():
    rec = recommend(inputs())
    # 84 / 6.1 = 13.8 days: the 14th day ends below zero.
    assert rec.stockout_date == day(14)
    assert rec.lead_time_demand_units == pytest.approx(85.4)
    assert rec.order_now and rec.recommended_quantity_units >= 50
    assert rec.expected_arrival_date == day(14)
    for text in ("84 units left", "6.1/day", "lead time 14 days", "MOQ 50"):
        assert text in rec.reason
    assert rec.reason_params["on_hand"] == 84


def test_open_orders_count_in_the_inventory_position_so_no_double_order():
    rec = recommend(inputs(open_receipts=[(day(5), 100)]))
    assert rec.inventory_position_units == 184
    assert not rec.order_now
    assert rec.recommended_quantity_units == 0


def test_backorders_lower_the_inventory_position():
    rec = recommend(
        inputs(on_hand_units=0, backorder_units=10, open_receipts=[(day(5), 100)])
    )
    assert rec.inventory_position_units == 90


def test_normal_safety_stock_and_levels_follow_the_formulas():
    rec = recommend(inputs())
    z = f.z_for_service_level(0.95)
    assert rec.safety_stock_method == "normal"
    assert rec.safety_stock_units == pytest.approx(z * 2.5 * 14**0.5)
    assert rec.reorder_point_units == pytest.approx(85.4 + rec.safety_stock_units)
    assert rec.order_up_to_units == pytest.approx(rec.reorder_point_units + 7 * 6.1)
    # S − IP = 143.5 − 84 = 59.5 → 60 (already above the MOQ of 50).
    assert rec.raw_quantity_units == pytest.approx(rec.order_up_to_units - 84)
    assert rec.recommended_quantity_units == 60


def test_quantile_safety_stock_is_the_quantile_minus_the_mean():
    mean = [10.0 * h for h in range(1, 91)]
    quantiles = {
        0.5: mean,
        0.95: [m + 3.0 * h**0.5 for h, m in enumerate(mean, start=1)],
    }
    rec = recommend(
        inputs(
            daily_forecast_units=[10.0] * 90,
            lead_time_days=16,
            cumulative_quantiles=quantiles,
        )
    )
    assert rec.safety_stock_method == "quantile"
    assert rec.safety_stock_units == pytest.approx(12.0)
    assert "quantile of 16-day demand" in rec.reason


def test_lead_time_spread_raises_the_quantile_safety_stock():
    quantiles = {0.95: [10.0 * h + 12.0 for h in range(1, 91)]}
    base = recommend(
        inputs(daily_forecast_units=[10.0] * 90, cumulative_quantiles=quantiles)
    )
    spread = recommend(
        inputs(
            daily_forecast_units=[10.0] * 90,
            cumulative_quantiles=quantiles,
            lead_time_spread_days=3,
        )
    )
    z = f.z_for_service_level(0.95)
    assert base.safety_stock_units == pytest.approx(12.0)
    assert spread.safety_stock_units == pytest.approx((12.0**2 + (z * 30) ** 2) ** 0.5)


def test_simple_mode_uses_the_sellers_rule_and_its_overstock_definition():
    rec = recommend(
        inputs(mode="simple", on_hand_units=400, daily_forecast_units=[10.0] * 90)
    )
    assert rec.safety_stock_method == "simple"
    assert rec.safety_stock_units == pytest.approx(300 * 14 / 30)
    # overstock = 400 − (10 × 14 + 140) = 120
    assert rec.overstock_units == pytest.approx(120.0)
    assert "Simple rule" in rec.reason


def test_simple_mode_without_forecast_uses_the_manual_value():
    rec = recommend(
        inputs(mode="simple", daily_forecast_units=[], manual_safety_stock_units=25)
    )
    assert rec.safety_stock_method == "manual"
    assert rec.safety_stock_units == 25


def test_manual_safety_stock_mode_overrides_the_engine():
    rec = recommend(inputs(safety_stock_mode="manual", manual_safety_stock_units=40))
    assert rec.safety_stock_units == 40
    assert rec.reorder_point_units == pytest.approx(85.4 + 40)


def test_service_level_without_uncertainty_falls_back_to_simple_and_says_so():
    rec = recommend(inputs(forecast_error_sigma_daily_units=None))
    assert rec.safety_stock_method == "simple"
    assert "No forecast uncertainty available yet" in rec.reason


def test_zero_demand_needs_no_order_and_never_runs_out():
    rec = recommend(
        inputs(
            on_hand_units=5,
            daily_forecast_units=[0.0] * 90,
            forecast_error_sigma_daily_units=0.0,
        )
    )
    assert rec.recommended_quantity_units == 0
    assert rec.stockout_date is None and rec.order_by_date is None
    assert rec.safety_stock_units == 0
    assert rec.reason.startswith("No order needed in the next 90 days")


def test_zero_lead_time_has_no_lead_time_demand_or_safety_stock():
    rec = recommend(
        inputs(lead_time_days=0, on_hand_units=0, daily_forecast_units=[4.0] * 90)
    )
    assert rec.safety_stock_units == 0
    assert rec.reorder_point_units == 0
    assert rec.order_up_to_units == pytest.approx(28.0)
    assert rec.recommended_quantity_units == 50  # 28 → 50 (MOQ)
    assert rec.expected_arrival_date == AS_OF


def test_order_by_date_is_the_safety_stock_date_minus_the_lead_time():
    rec = recommend(
        inputs(
            on_hand_units=400,
            daily_forecast_units=[10.0] * 90,
            forecast_error_sigma_daily_units=0.0,
        )
    )
    # SS = 0 → stock ≤ 0 after day 40; falls under SS (0) on day 41.
    assert rec.stockout_date == day(40)
    assert rec.safety_stock_date == day(41)
    assert rec.order_by_date == day(41 - 14)
    assert rec.reorder_date == day(26)  # 400 − 10·26 = 140 = ROP
    assert not rec.order_now
    assert "Order by 2024-12-12" in rec.reason


def test_eoq_raises_a_small_order_to_the_economic_quantity():
    rec = recommend(
        inputs(moq_units=1, ordering_cost_per_order=50, holding_cost_per_unit_year=1.0)
    )
    expected = (2 * 6.1 * 365 * 50 / 1.0) ** 0.5
    assert rec.eoq_units == pytest.approx(expected)
    assert rec.recommended_quantity_units == round(expected + 0.5)


def test_the_upcoming_quantity_follows_the_due_now_rule_eoq_moq_and_packs():
    """Nothing due today, an order-by date later: the quantity due then is
    raised to the EOQ and rounded to whole packs exactly like today's one."""
    costs = dict(moq_units=30, order_multiple_units=12, ordering_cost_per_order=50,
                 holding_cost_per_unit_year=1.0)
    rec = recommend(inputs(on_hand_units=400, daily_forecast_units=[10.0] * 90,
                           **costs))
    assert not rec.order_now and rec.order_by_date > AS_OF
    stock = next(d.on_hand_units for d in rec.projection
                 if d.day == rec.order_by_date - timedelta(days=1))
    raw = rec.order_up_to_units - stock
    assert raw < rec.eoq_units  # the EOQ matters here
    upcoming = order_quantity_on(rec.order_by_date, rec.on_hand_units, rec.projection,
                                 rec.order_up_to_units, 30, 12, rec.eoq_units)
    assert upcoming == f.order_quantity(raw, 30, 12, rec.eoq_units)[1].quantity
    assert upcoming >= rec.eoq_units and upcoming % 12 == 0
    # Without the EOQ (no costs set) only the MOQ and packs apply.
    assert order_quantity_on(rec.order_by_date, rec.on_hand_units, rec.projection,
                             rec.order_up_to_units, 30, 12) < upcoming


def test_order_quantity_is_the_eoq_moq_then_pack_rule():
    assert f.order_quantity(0, 10, 6, 100.0)[1].quantity == 0  # nothing needed
    assert f.order_quantity(7, 10, 6, None)[1].quantity == 12  # MOQ 10 → 2 packs
    assert f.order_quantity(7, 10, 6, 40.5)[1].quantity == 42  # EOQ 40.5 → 7 packs
    assert f.order_quantity(50, 10, 6, 40.5)[1].quantity == 54  # above the EOQ


def test_rounding_reason_is_given_when_moq_changes_the_quantity():
    rec = recommend(inputs(on_hand_units=95, moq_units=100))
    assert rec.order_now
    assert rec.recommended_quantity_units == 100
    assert "→ 100 (MOQ 100)" in rec.reason


def test_lost_sales_never_take_stock_below_zero():
    projection = [
        ProjectedDay(day(1), 0, 5, 5),
        ProjectedDay(day(2), 0, 10, -5),
        ProjectedDay(day(3), 20, 5, 10),
    ]
    assert lost_sales_units(10, projection, day(3)) == 5
    assert lost_sales_units(10, projection, day(4)) == 5
    assert lost_sales_units(10, projection, day(2)) == 0


def test_lead_time_beyond_the_forecast_horizon_continues_at_the_recent_rate():
    # A 120-day lead time with a 90-day forecast: the 30 days past the forecast
    # are demand too (at the last four weeks' rate), not zero.
    mean = [6.0 * h for h in range(1, 91)]
    quantiles = {0.5: mean, 0.95: [m + 3.0 * h**0.5 for h, m in enumerate(mean, 1)]}
    rec = recommend(
        inputs(
            on_hand_units=100,
            lead_time_days=120,
            daily_forecast_units=[6.0] * 90,
            cumulative_quantiles=quantiles,
            moq_units=1,
        )
    )
    assert rec.lead_time_demand_units == pytest.approx(720.0)
    # The spread at day 90 grows like √t to day 120.
    assert rec.safety_stock_units == pytest.approx(3.0 * 120**0.5)
    assert rec.order_up_to_units == pytest.approx(rec.reorder_point_units + 7 * 6.0)
    assert rec.recommended_quantity_units == math.ceil(rec.order_up_to_units - 100)
    assert "beyond the 90-day forecast" in rec.reason


def test_review_period_past_the_forecast_horizon_is_not_lost():
    rec = recommend(inputs(lead_time_days=89, daily_forecast_units=[6.0] * 90))
    assert rec.order_up_to_units - rec.reorder_point_units == pytest.approx(42.0)
