"""Products that run out before their order arrives: the plan's stock-out date
before today + lead time (an order placed today) or before the arrival of the
product's open purchase order — checked against the stored plan and the open
order lines read with the ORM."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from copilot.services import copilot_answer
from forecasting.models import ForecastRun
from inventory.models import StockMovement
from inventory.services.stock import movement_record
from policy.models import PurchaseOrder, PurchaseOrderLine, Recommendation
from policy.services.recommendations import recommendations_refresh
from tests.factories import OrganizationFactory, ProductFactory, SupplierFactory

from .world import forecast_store

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("policy.selectors.clock.today", lambda: TODAY)


def _store(with_order: bool):
    org = OrganizationFactory(name="Late Store")
    supplier = SupplierFactory(organization=org, name="Slow Boat")
    run = ForecastRun.objects.create(organization=org, as_of=TODAY - dt.timedelta(
        days=1), status=ForecastRun.Status.SUCCEEDED)
    products = {}
    for sku, on_hand, lead in (("LT-1", 10, 14), ("LT-2", 100, 14), ("LT-3", 20, 3)):
        product = ProductFactory(organization=org, sku=sku, name=f"Item {sku}",
                                 supplier=supplier, lead_time_days=lead)
        movement_record(organization=org, user=None, product=product,
                        kind=StockMovement.Kind.INBOUND, quantity=on_hand,
                        business_date=TODAY - dt.timedelta(days=3))
        forecast_store(org, run, product, daily=2.0, wape=0.2,
                       as_of=TODAY - dt.timedelta(days=1))
        products[sku] = product
    if with_order:  # LT-3 has an order on the way, due after its stock-out
        order = PurchaseOrder.objects.create(
            organization=org, supplier=supplier, status=PurchaseOrder.Status.SENT,
            expected_date=TODAY + dt.timedelta(days=20), ordered_on=TODAY)
        PurchaseOrderLine.objects.create(organization=org, order=order,
                                         product=products["LT-3"], quantity=5)
    recommendations_refresh(organization=org, as_of=TODAY)
    return org


def _expected(org):
    """SKUs whose stored stock-out comes before an open order's arrival or
    before today + lead time, soonest stock-out first."""
    arrivals = {}
    for line in PurchaseOrderLine.objects.filter(
            organization=org, order__status__in=PurchaseOrder.OPEN_STATUSES):
        arrivals[line.product_id] = line.expected_date or line.order.expected_date
    late = []
    for rec in Recommendation.objects.filter(organization=org, as_of=TODAY,
                                             stockout_date__isnull=False):
        today_order = TODAY + dt.timedelta(days=math.ceil(rec.lead_time_days))
        due = arrivals.get(rec.product_id)
        if (due and rec.stockout_date < due) or rec.stockout_date < today_order:
            late.append((rec.stockout_date, rec.product.sku))
    return [sku for _day, sku in sorted(late)]


@pytest.mark.parametrize("question", [
    "which products will run out before their order arrives", "발주해도 늦는 상품"])
def test_stockouts_before_an_order_today_or_an_open_order_arrives(question):
    org = _store(with_order=True)
    answer = copilot_answer(organization=org, user=None, question=question)
    assert answer.intent == "late_stockout"
    assert answer.products == _expected(org) == ["LT-1", "LT-3"]
    assert answer.values[0] == 2
    arrivals = {row[0]: row[4] for row in answer.table.rows}
    assert arrivals["LT-3"] == TODAY + dt.timedelta(days=20)  # the open order's
    assert arrivals["LT-1"] == TODAY + dt.timedelta(days=14)  # an order today
    assert "no open purchase orders" not in answer.answer


def test_without_open_orders_the_answer_says_what_it_compares_with():
    org = _store(with_order=False)
    answer = copilot_answer(organization=org, user=None,
                            question="which products will run out before their "
                                     "order arrives")
    assert answer.products == _expected(org) == ["LT-1"]
    rec = Recommendation.objects.get(product__sku="LT-1", as_of=TODAY)
    assert answer.values == [1, (rec.stockout_date - TODAY).days,
                             (TODAY + dt.timedelta(days=14) - rec.stockout_date).days]
    assert "There are no open purchase orders" in answer.answer
