"""Alert rules, one kind at a time, including the 10-day reorder boundary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alerts.rules import (
    AlertSettings,
    LotState,
    ProductState,
    evaluate,
    rank,
    unsold_before_expiry,
)
from policy.engine import PolicyInputs, project_on_hand, recommend

AS_OF = date(2024, 11, 15)


def day(n: int) -> date:
    return AS_OF + timedelta(days=n)


def state(**overrides) -> ProductState:
    """A quiet product: plenty of stock, recent movement, nothing due."""
    values = dict(
        key="P1",
        on_hand_units=500.0,
        lead_time_days=14,
        projection=project_on_hand(AS_OF, 500, [], [5.0] * 90),
        price=10.0,
        unit_cost=6.0,
        last_movement_date=day(-1),
    )
    values.update(overrides)
    return ProductState(**values)


def kinds(alerts) -> list[str]:
    return [a.kind for a in alerts]


def test_quiet_product_raises_nothing():
    assert evaluate(state(), AS_OF) == []


@pytest.mark.parametrize(("offset", "raised"), [(9, True), (10, True), (11, False)])
def test_reorder_alert_window_is_ten_days_inclusive(offset, raised):
    alerts = evaluate(state(order_by_date=day(offset)), AS_OF)
    assert ("reorder" in kinds(alerts)) is raised


def test_reorder_window_is_configurable():
    settings = AlertSettings(reorder_window_days=3)
    assert evaluate(state(order_by_date=day(4)), AS_OF, settings) == []
    assert kinds(evaluate(state(order_by_date=day(3)), AS_OF, settings)) == ["reorder"]


def test_past_order_by_date_is_a_high_severity_reorder_alert():
    (alert,) = evaluate(
        state(order_by_date=day(-2), recommended_quantity_units=60), AS_OF
    )
    assert (alert.kind, alert.severity, alert.key) == ("reorder", "high", "P1:reorder")
    assert (
        str(alert) == "Order-by date 2024-11-13 passed 2 days ago: order 60 units now."
    )


def test_reorder_due_in_the_window_is_medium():
    (alert,) = evaluate(state(order_by_date=day(6)), AS_OF)
    assert alert.severity == "medium"
    assert alert.params["days"] == 6


def test_upcoming_reorder_alert_names_the_quantity_due_on_its_order_by_date():
    # Nothing to order today (position above the reorder point), so the stored
    # quantity is 0; the alert must say what to order on the order-by date:
    # S 200 − projected stock 100 − 30 still due after it = 70 → MOQ 100.
    projection = project_on_hand(AS_OF, 150, [(day(9), 30)], [10.0] * 90)
    (alert,) = evaluate(
        state(on_hand_units=150, projection=projection, order_by_date=day(5),
              order_up_to_units=200, moq_units=100, order_multiple_units=1),
        AS_OF,
    )
    assert alert.params["quantity"] == 100
    assert str(alert) == "Order by 2024-11-20 (in 5 days): 100 units."


def test_stockout_before_the_next_possible_receipt_is_flagged_with_revenue():
    projection = project_on_hand(AS_OF, 50, [], [10.0] * 90)
    alerts = evaluate(
        state(on_hand_units=50, projection=projection, stockout_date=day(5)), AS_OF
    )
    (alert,) = [a for a in alerts if a.kind == "stockout_risk"]
    # Arrival day 14 at the earliest: days 6..13 unserved = 8 × 10 units.
    assert alert.params["lost_units"] == 90.0 - 10.0
    assert alert.revenue_at_risk == pytest.approx(800.0)
    assert alert.severity == "high"


def test_stockout_after_the_next_possible_receipt_is_not_a_risk_alert():
    alerts = evaluate(state(stockout_date=day(20)), AS_OF)
    assert "stockout_risk" not in kinds(alerts)


def test_already_out_of_stock_is_critical():
    projection = project_on_hand(AS_OF, 0, [], [10.0] * 90)
    alerts = evaluate(
        state(on_hand_units=0, projection=projection, stockout_date=AS_OF), AS_OF
    )
    assert alerts[0].kind == "stockout_risk"
    assert alerts[0].severity == "critical"


def test_no_stock_and_no_forecast_demand_is_no_stockout_risk():
    # A new product with no stock yet and nothing forecast: nothing can be lost,
    # so no "critical" alert (the data alert says no movement is recorded).
    rec = recommend(PolicyInputs(as_of=AS_OF, on_hand_units=0, lead_time_days=7,
                                 daily_forecast_units=[0.0] * 90))
    assert rec.stockout_date == AS_OF
    alerts = evaluate(ProductState.from_recommendation("NEW", rec), AS_OF)
    assert "stockout_risk" not in kinds(alerts)


def test_expiry_counts_the_units_the_forecast_will_not_sell_first_expiring_first():
    lots = [LotState("L1", day(4), 30), LotState("L2", day(8), 30)]
    # 5/day sold on days 1..3 before L1 expires (15 of 30), then L2 sells on
    # days 4..7 (20 of 30): 15 and 10 units left unsold.
    assert unsold_before_expiry(lots, state().projection, AS_OF) == {
        "L1": 15.0,
        "L2": 10.0,
    }
    alerts = evaluate(state(lots=lots), AS_OF)
    expiry = {a.key: a for a in alerts if a.kind == "expiry"}
    assert expiry["P1:expiry:L1"].cash_tied_up == pytest.approx(15 * 6.0)
    assert "15 of 30 units will not sell" in str(expiry["P1:expiry:L1"])


def test_expiry_outside_the_window_is_ignored_and_sellable_lots_are_low():
    lots = [LotState("far", day(31), 10), LotState("soon", day(30), 10)]
    alerts = [a for a in evaluate(state(lots=lots), AS_OF) if a.kind == "expiry"]
    assert [a.key for a in alerts] == ["P1:expiry:soon"]
    assert alerts[0].severity == "low"


def test_expired_lot_is_high():
    alerts = evaluate(state(lots=[LotState("old", day(-1), 7)]), AS_OF)
    assert alerts[0].severity == "high"
    assert alerts[0].params["unsold"] == 7


def test_overstock_shows_cash_tied_up():
    (alert,) = evaluate(state(overstock_units=100), AS_OF)
    assert alert.kind == "overstock"
    assert alert.cash_tied_up == pytest.approx(600.0)
    assert alert.params["cover_days"] == 20
    assert alert.severity == "low"


def test_overstock_of_a_product_with_no_forecast_demand_says_so():
    # A product that has not sold in months is forecast at 0: its stock covers
    # no number of days, and the message must not print "about None days".
    projection = project_on_hand(AS_OF, 50, [], [0.0] * 90)
    (alert,) = evaluate(
        state(on_hand_units=50, projection=projection, overstock_units=49), AS_OF
    )
    assert alert.severity == "medium"
    assert "None" not in str(alert)
    assert str(alert) == (
        "Overstock: 49 units and no sales forecast (₩294 tied up)."
    )


def test_overstock_is_quiet_right_after_a_receipt():
    assert evaluate(state(overstock_units=100, last_receipt_date=day(-3)), AS_OF) == []
    assert kinds(
        evaluate(state(overstock_units=100, last_receipt_date=day(-14)), AS_OF)
    ) == ["overstock"]


def test_no_movement_for_a_long_time_is_a_data_alert():
    (alert,) = evaluate(state(last_movement_date=day(-90)), AS_OF)
    assert (alert.kind, alert.key) == ("data", "P1:data:no_movement")
    assert evaluate(state(last_movement_date=day(-89)), AS_OF) == []


def test_a_steady_seller_in_stock_that_stopped_selling_is_a_data_alert():
    stopped = dict(last_sale_date=day(-14), sale_days_before_gap=30)
    (alert,) = evaluate(state(**stopped), AS_OF)
    assert (alert.kind, alert.key, alert.severity) == (
        "data", "P1:data:sales_stopped", "medium")
    assert alert.params["days"] == 14 and alert.params["on_hand"] == 500
    assert "sales pause" in str(alert)
    # Not yet 14 days; not a steady seller; out of stock; a pause recorded.
    assert evaluate(state(last_sale_date=day(-13), sale_days_before_gap=30), AS_OF) == []
    assert evaluate(state(last_sale_date=day(-40), sale_days_before_gap=29), AS_OF) == []
    assert "P1:data:sales_stopped" not in {
        a.key for a in evaluate(state(**stopped, on_hand_units=0.0), AS_OF)}
    assert evaluate(state(**stopped, paused_since_last_sale=True), AS_OF) == []


def test_negative_stock_attempts_are_a_data_alert():
    (alert,) = evaluate(state(negative_stock_attempts=2), AS_OF)
    assert (alert.key, alert.severity) == ("P1:data:negative_stock", "medium")


def test_rank_puts_severity_first_then_money():
    alerts = evaluate(state(overstock_units=100, order_by_date=day(-1),
                             recommended_quantity_units=40), AS_OF)
    assert kinds(alerts) == ["reorder", "overstock"]
    small = evaluate(state(key="A", overstock_units=10), AS_OF)
    large = evaluate(state(key="B", overstock_units=50), AS_OF)
    assert [a.key for a in rank(small + large)] == ["B:overstock", "A:overstock"]


def test_state_from_a_recommendation_feeds_the_rules():
    rec = recommend(
        PolicyInputs(
            as_of=AS_OF,
            on_hand_units=30,
            lead_time_days=14,
            daily_forecast_units=[6.0] * 90,
            forecast_error_sigma_daily_units=2.0,
        )
    )
    product = ProductState.from_recommendation(
        "P9", rec, price=5.0, last_movement_date=AS_OF
    )
    alerts = evaluate(product, AS_OF)
    assert kinds(alerts) == ["stockout_risk", "reorder"]
    # 30 units last 5 days; days 6..13 at 6/day are lost before day 14.
    assert alerts[0].revenue_at_risk == pytest.approx(8 * 6.0 * 5.0)


def test_most_steady_sellers_stopping_together_is_one_feed_alert():
    from alerts.rules import FEED_STOP_KEY, feed_stop_summary

    def seller(key, stopped):
        return state(key=key, sale_days_before_gap=60,
                     last_sale_date=day(-20 if stopped else -1))

    states = [seller(f"P{i}", stopped=i < 6) for i in range(10)]
    candidates = [c for s in states for c in evaluate(s, AS_OF)]
    feed, replaced = feed_stop_summary(states, candidates)
    assert feed.key == FEED_STOP_KEY and feed.severity == "high"
    assert feed.params == {"count": 6, "steady": 10, "since": day(-20)}
    assert replaced == {f"P{i}:data:sales_stopped" for i in range(6)}
    # Four of ten (under half), or four in all (under five): per product.
    few = [seller(f"P{i}", stopped=i < 4) for i in range(10)]
    assert feed_stop_summary(few, [c for s in few for c in evaluate(s, AS_OF)]) == (
        None, set())
    small = [seller(f"P{i}", stopped=True) for i in range(4)]
    assert feed_stop_summary(small, [c for s in small for c in evaluate(s, AS_OF)]) == (
        None, set())


def test_overstock_alert_prints_the_cash_as_won():
    # 100 units over at 490 won a unit: "₩49,000 tied up", not "49000.0".
    (alert,) = evaluate(state(overstock_units=100, unit_cost=490.0), AS_OF)
    assert alert.params["cash"] == "₩49,000"
    assert "(₩49,000 tied up, about 20 days of sales)" in str(alert)


def test_unit_counts_in_alert_params_are_whole_numbers():
    """Stock is counted in whole units: no "99.4개" of excess, no "20.0개"."""
    (alert,) = evaluate(state(overstock_units=99.4), AS_OF)
    assert alert.params["excess"] == 99 and isinstance(alert.params["excess"], int)
    lots = [LotState("L1", day(2), 20.0)]
    (expiry,) = [a for a in evaluate(state(lots=lots), AS_OF) if a.kind == "expiry"]
    assert isinstance(expiry.params["quantity"], int)
    assert isinstance(expiry.params["unsold"], int)
