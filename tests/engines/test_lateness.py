"""Late orders (policy/lateness.py): days late, unavoidable stock-out, expedite."""

from datetime import date, timedelta

import pytest

from alerts.rules import AlertSettings, OpenOrder, ProductState, evaluate
from policy.engine import project_on_hand
from policy.lateness import PlanInputs, assess, expedite, split

AS_OF = date(2026, 12, 4)


def day(offset: int) -> date:
    return AS_OF + timedelta(days=offset)


def plan(**overrides) -> PlanInputs:
    """13 days of stock at 10 a day, 30 days lead time, order-by 30 days ago."""
    projection = [[d.day.isoformat(), d.receipts_units, d.demand_units,
                   d.on_hand_units]
                  for d in project_on_hand(AS_OF, 130, [], [10.0] * 90)]
    values = dict(as_of=AS_OF, on_hand_units=130, daily_demand_units=10.0,
                  lead_time_days=30, order_by_date=day(-30),
                  recommended_quantity_units=400, safety_stock_units=50,
                  review_period_days=14, projection=projection, moq_units=1,
                  order_multiple_units=10, price=5000.0)
    values.update(overrides)
    return PlanInputs(**values)


def test_a_late_order_says_how_late_and_what_the_stockout_costs():
    late = assess(plan())
    assert late.days_late == 30 and late.is_late
    assert late.arrival == day(30)
    assert late.stockout_date == day(14)  # 130 units last 13 days
    assert late.unavoidable
    # Out from day 14 through day 29: 16 days, 10 a day, at ₩5,000.
    assert late.days_without_stock == 16
    assert late.units_lost == pytest.approx(160.0)
    assert late.revenue_lost == 800_000
    assert late.quantity_units == 400  # the advised quantity, unchanged


def test_an_order_in_time_is_not_late_and_loses_nothing():
    late = assess(plan(on_hand_units=1000, order_by_date=day(5),
                       projection=[]))
    assert late.days_late == 0 and not late.unavoidable
    assert late.days_without_stock == 0 and late.units_lost == 0


def test_expediting_recomputes_arrival_loss_and_quantity():
    fast = expedite(plan(), lead_time_days=16)
    assert fast.arrival == day(16)
    assert fast.days_without_stock == 2 and fast.revenue_lost == 100_000
    # 14 review days × 10 + 50 safety − 0 left, in multiples of 10.
    assert fast.quantity_units == 190
    in_time = expedite(plan(), lead_time_days=10)
    assert not in_time.unavoidable and in_time.revenue_lost == 0
    # Arrives (served from day 10) with 40 units left: 140 + 50 − 40 = 150.
    assert in_time.quantity_units == 150


def test_without_a_selling_price_the_revenue_is_unknown_not_zero():
    assert assess(plan(price=None)).revenue_lost is None


def test_split_bridges_the_gap_with_the_faster_supplier():
    result = split(plan(), fast_lead_time_days=10, fast_moq_units=1)
    assert result.fast.arrival == day(10) and result.usual_arrival == day(30)
    assert result.fast_quantity_units == 200  # 20 days × 10
    assert result.usual_quantity_units == 200  # 400 − 200


def _state(**overrides) -> ProductState:
    values = dict(key="P1", on_hand_units=130.0, lead_time_days=30,
                  projection=project_on_hand(AS_OF, 130, [], [10.0] * 90),
                  order_by_date=day(-30), stockout_date=day(14), price=5000.0)
    values.update(overrides)
    return ProductState(**values)


def _reorder(state):
    return [a for a in evaluate(state, AS_OF, AlertSettings()) if a.kind == "reorder"]


def test_reorder_alert_names_lateness_and_the_unavoidable_stockout():
    [alert] = _reorder(_state(recommended_quantity_units=400, days_late=30,
                              stockout_before_arrival=True, days_without_stock=16))
    text = str(alert)
    assert "30 days late" in text and "16 days without stock" in text
    assert "Expedite" in text


def test_reorder_alert_resolves_when_an_open_po_covers_the_need_in_time():
    covered = _state(recommended_quantity_units=0, stockout_date=None,
                     open_order=OpenOrder("PO-12", "sent", day(5)))
    assert _reorder(covered) == []


def test_reorder_alert_names_the_po_when_it_arrives_after_the_stockout():
    [alert] = _reorder(_state(recommended_quantity_units=0,
                              open_order=OpenOrder("PO-12", "sent", day(30))))
    text = str(alert)
    assert text.startswith("PO-12 sent, arriving " + day(30).isoformat())
    assert "16 days before it arrives" in text
    assert "order 0" not in text


def test_no_reorder_alert_of_zero_units_when_open_orders_cover_the_upcoming_need():
    """Order-by date in 5 days, but nothing due then: the open order covers it."""
    covered = _state(order_by_date=day(5), recommended_quantity_units=0,
                     order_by_quantity_units=0, stockout_date=None,
                     projection=project_on_hand(AS_OF, 130, [(day(3), 500)],
                                                [10.0] * 90),
                     order_up_to_units=200.0,
                     open_order=OpenOrder("PO-12", "sent", day(3)))
    assert _reorder(covered) == []
