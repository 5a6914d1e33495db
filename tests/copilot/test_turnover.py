"""Slow movers: products with stock ranked by days of cover (on hand ÷ the plan's
forecast daily demand, else the last 30 days' average net sales), products
with stock and no sales first — checked against the ledger read with the ORM."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q, Sum

from copilot.services import copilot_answer
from forecasting.models import ForecastRun
from inventory.models import Product, StockMovement
from inventory.services.stock import movement_record
from policy.models import Recommendation
from policy.services.recommendations import recommendations_refresh
from tests.factories import OrganizationFactory, ProductFactory

from .world import forecast_store

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)
IN, OUT = StockMovement.Kind.INBOUND, StockMovement.Kind.OUTBOUND


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("policy.selectors.clock.today", lambda: TODAY)


def _stock(org, product, units, sold_per_day, days=30):
    movement_record(organization=org, user=None, product=product, kind=IN,
                    quantity=units + sold_per_day * days,
                    business_date=TODAY - dt.timedelta(days=60))
    for i in range(days if sold_per_day else 0):
        movement_record(organization=org, user=None, product=product, kind=OUT,
                        quantity=sold_per_day,
                        business_date=TODAY - dt.timedelta(days=i))


@pytest.fixture
def store():
    """Five products: stock without sales, slow and fast sellers, one forecast."""
    org = OrganizationFactory(name="Turn Store")
    specs = (("TS-1", "Dusty Jar", 40, 0), ("TS-2", "Slow Tea", 90, 1),
             ("TS-3", "Quick Noodle", 20, 5), ("TS-4", "Empty Shelf", 0, 2),
             ("TS-5", "Planned Rice", 60, 2))
    products = {}
    for sku, name, units, rate in specs:
        products[sku] = ProductFactory(organization=org, sku=sku, name=name)
        _stock(org, products[sku], units, rate)
    run = ForecastRun.objects.create(organization=org, as_of=TODAY - dt.timedelta(
        days=1), status=ForecastRun.Status.SUCCEEDED)
    forecast_store(org, run, products["TS-5"], daily=4.0, wape=0.2,
                   as_of=TODAY - dt.timedelta(days=1))
    recommendations_refresh(organization=org, as_of=TODAY)
    return org


def _expected(org):
    """(sku, on hand, sold, rate, from forecast) computed here with the ORM."""
    start = TODAY - dt.timedelta(days=29)
    plan = dict(Recommendation.objects.filter(
        organization=org, as_of=TODAY, forecast_run__isnull=False).values_list(
        "product_id", "daily_demand"))
    rows = []
    for p in Product.objects.filter(organization=org, is_active=True, kind="single",
                                    on_hand__gt=0):
        sold = -(StockMovement.objects.filter(
            Q(kind=OUT) | Q(kind="reversal", reversal_of__kind=OUT), product=p,
            business_date__range=(start, TODAY)).aggregate(s=Sum("quantity"))["s"]
            or 0)
        rate = plan.get(p.pk, sold / 30)
        rows.append((p.sku, p.on_hand, sold, rate))
    return rows


@pytest.mark.parametrize("question", ["재고 회전율 낮은 상품", "slow movers",
                                      "재고 오래 남는 상품"])
def test_slow_movers_rank_by_days_of_cover_with_unsold_stock_first(store, question):
    answer = copilot_answer(organization=store, user=None, question=question)
    rows = _expected(store)
    rows.sort(key=lambda r: (r[2] > 0, -(r[1] / r[3]) if r[3] else -1e18, -r[1]))
    assert answer.intent == "slow_movers"
    assert answer.products == [r[0] for r in rows]
    assert answer.products[0] == "TS-1" and "TS-4" not in answer.products
    slow_tea = next(r for r in rows if r[0] == "TS-2")
    index = answer.products.index("TS-2")
    assert answer.table.rows[index][2:6:3] == [90, round(slow_tea[1] / slow_tea[3], 1)]
    assert answer.table.rows[0][:3] == ["TS-1", "Dusty Jar", 40]
    assert any("/inventory/" in link for link in answer.links)


def test_the_plans_forecast_rate_is_used_where_a_forecast_exists(store):
    answer = copilot_answer(organization=store, user=None, question="slow movers")
    row = next(r for r in answer.table.rows if r[0] == "TS-5")
    rate = Recommendation.objects.get(product__sku="TS-5", as_of=TODAY).daily_demand
    assert row[3] == round(rate, 1) and row[4] == "forecast"
    assert row[5] == round(60 / rate, 1)


def test_fast_movers_rank_the_fewest_days_of_cover_first(store):
    answer = copilot_answer(organization=store, user=None, question="회전율 높은 상품")
    assert answer.intent == "slow_movers"
    assert answer.products[0] == "TS-3" and "TS-1" not in answer.products
    assert answer.values[:3] == [20, 5.0, 4.0]  # on hand, a day, days of cover
