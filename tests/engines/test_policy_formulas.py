"""Replenishment formulas on literal numbers (textbook cases and edge cases)."""

from __future__ import annotations

import math

import pytest

from policy import formulas as f


def test_z_for_service_level_matches_the_normal_table():
    assert f.z_for_service_level(0.95) == pytest.approx(1.6449, abs=1e-4)
    assert f.z_for_service_level(0.98) == pytest.approx(2.0537, abs=1e-4)
    assert f.z_for_service_level(0.5) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("level", [0.0, 1.0, 1.2, -0.1])
def test_z_refuses_service_levels_outside_zero_one(level):
    with pytest.raises(ValueError):
        f.z_for_service_level(level)


def test_standard_normal_loss_at_zero_is_the_density():
    assert f.standard_normal_loss(0.0) == pytest.approx(0.398942, abs=1e-6)
    assert f.standard_normal_loss(1.0) == pytest.approx(0.083316, abs=1e-6)


def test_safety_stock_normal_with_fixed_lead_time_is_z_sigma_root_l():
    assert f.safety_stock_normal(1.65, 10.0, 9.0) == pytest.approx(49.5)


def test_safety_stock_normal_adds_lead_time_variability():
    # z·√(L·σ_d² + d²·σ_L²) = 1.65·√(6·100 + 2500·1) = 1.65·√3100
    units = f.safety_stock_normal(
        1.65, 10.0, 6.0, mean_daily_units=50.0, sigma_lead_time_days=1.0
    )
    assert units == pytest.approx(1.65 * math.sqrt(3100))


def test_safety_stock_is_zero_for_zero_lead_time_or_zero_demand():
    assert f.safety_stock_normal(1.65, 10.0, 0.0) == 0.0
    assert (
        f.safety_stock_normal(
            1.65, 0.0, 14.0, mean_daily_units=0.0, sigma_lead_time_days=3.0
        )
        == 0.0
    )
    assert f.simple_safety_stock(0.0, 14) == 0.0
    assert f.simple_safety_stock(300.0, 0) == 0.0


def test_safety_stock_normal_refuses_negative_inputs():
    with pytest.raises(ValueError):
        f.safety_stock_normal(1.65, 10.0, -1.0)


def test_safety_stock_from_quantile_is_quantile_minus_mean_never_negative():
    assert f.safety_stock_from_quantile(120.0, 100.0) == 20.0
    assert f.safety_stock_from_quantile(90.0, 100.0) == 0.0


def test_reorder_point_order_up_to_and_inventory_position():
    assert f.reorder_point(85.4, 14.6) == pytest.approx(100.0)
    assert f.order_up_to(100.0, 42.7) == pytest.approx(142.7)
    assert f.inventory_position(84, 50, 4) == 130


def test_inventory_position_can_be_negative_with_backorders():
    assert f.inventory_position(0, 10, 25) == -15


def test_combine_safety_stocks_adds_in_quadrature():
    assert f.combine_safety_stocks(3.0, 4.0) == pytest.approx(5.0)
    assert f.combine_safety_stocks(3.0, -4.0) == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("raw", "moq", "multiple", "expected", "reason"),
    [
        (37, 50, 1, 50, "37 → 50 (MOQ 50)."),
        (37, 1, 12, 48, "37 → 48 (multiple of 12)."),
        (10, 50, 12, 60, "10 → 60 (MOQ 50, multiple of 12)."),
        (48, 1, 12, 48, "48 units."),
        (50.2, 1, 1, 51, "51 units."),
        (0, 50, 12, 0, "No order needed."),
        (-5, 50, 12, 0, "No order needed."),
    ],
)
def test_round_order_quantity_rounds_up_to_moq_and_multiple(
    raw, moq, multiple, expected, reason
):
    quantity, message = f.round_order_quantity(raw, moq, multiple)
    assert quantity == expected
    assert str(message) == reason


def test_round_order_quantity_keeps_float_noise_from_adding_a_unit():
    assert f.round_order_quantity(0.1 + 0.2 + 29.7, 1, 1).quantity == 30


def test_round_order_quantity_refuses_a_zero_multiple():
    with pytest.raises(ValueError):
        f.round_order_quantity(10, 1, 0)


def test_eoq_textbook_case_and_undefined_costs():
    assert f.eoq(1000, 10, 0.5) == pytest.approx(200.0)
    assert f.eoq(1000, 10, 0) is None
    assert f.eoq(1000, 0, 0.5) is None
    assert f.eoq(0, 10, 0.5) == 0.0


def test_simple_rule_is_thirty_day_forecast_times_lead_time_over_thirty():
    assert f.simple_safety_stock(300.0, 14) == pytest.approx(140.0)


def test_simple_overstock_only_counts_stock_above_lead_time_demand_plus_ss():
    # limit = 10/day × 14 days + 140 = 280
    assert f.simple_overstock_units(200, 10, 14, 140) == 0.0
    assert f.simple_overstock_units(300, 10, 14, 140) == pytest.approx(20.0)


def test_lead_time_from_history_uses_median_and_spread_with_enough_receipts():
    estimate = f.lead_time_from_history([10, 12, 14, 30], manual_lead_time_days=7)
    assert estimate.source == "history"
    assert estimate.days == 13.0
    assert estimate.spread_days == pytest.approx(math.sqrt(251 / 3))
    assert estimate.receipts == 4
    assert "median of 4 receipts" in str(estimate.reason)


def test_lead_time_falls_back_to_manual_then_default():
    manual = f.lead_time_from_history([10], manual_lead_time_days=7)
    assert (manual.source, manual.days, manual.spread_days) == ("manual", 7.0, 0.0)
    default = f.lead_time_from_history([], default_lead_time_days=21)
    assert (default.source, default.days) == ("default", 21.0)


def test_abc_classes_by_cumulative_sales_value():
    classes = f.abc_classes({"a": 80.0, "b": 15.0, "c": 5.0, "d": 0.0})
    assert classes == {"a": "A", "b": "B", "c": "C", "d": "C"}


def test_abc_classes_top_item_is_a_even_when_it_dominates():
    assert f.abc_classes({"x": 99.0, "y": 1.0}) == {"x": "A", "y": "C"}


def test_cumulative_at_interpolates_between_days():
    path = [1.0, 3.0, 6.0]
    assert f.cumulative_at(path, 0) == 0.0
    assert f.cumulative_at(path, 0.5) == pytest.approx(0.5)
    assert f.cumulative_at(path, 1.5) == pytest.approx(2.0)
    assert f.cumulative_at(path, 3) == 6.0
    assert f.cumulative_at(path, 10) == 6.0


def test_quantile_excess_interpolates_in_z_and_scales_outside():
    excess = {0.9: 10.0, 0.95: 13.0}
    assert f.quantile_excess_at_level(excess, 0.95) == pytest.approx(13.0)
    middle = f.quantile_excess_at_level(excess, 0.925)
    assert 10.0 < middle < 13.0
    z = f.z_for_service_level
    assert f.quantile_excess_at_level(excess, 0.98) == pytest.approx(
        13.0 * z(0.98) / z(0.95)
    )
