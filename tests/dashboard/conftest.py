"""Dashboard fixtures: a frozen business day and a small literal ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from inventory.models import StockMovement
from inventory.services.stock import movement_record
from policy.services.recommendations import recommendations_refresh
from tests.factories import (
    CategoryFactory,
    ChannelFactory,
    ProductFactory,
    SupplierFactory,
)
from tests.policy.conftest import forecast_store

TODAY = dt.date(2026, 11, 27)
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch):
    """The business day is TODAY in every dashboard test; no cache leaks in."""
    monkeypatch.setattr("policy.selectors.clock.today", lambda: TODAY)
    cache.clear()
    yield
    cache.clear()


def move(organization, product, kind, quantity, day, channel=None):
    movement_record(organization=organization, user=None, product=product, kind=kind,
                    quantity=quantity, business_date=day, channel=channel)


@pytest.fixture
def shop(organization):
    """Three products with known histories over the last 30 days.

    * EMPTY-1: 10 in on day −30, 10 sold on day −20 (stock 0 from then: 20
      stock-out days of the 30), forecast 1/day → critical;
    * LOW-1: 20 in on day −30, 2 sold on each of days −10…−1 (stock 0 at the
      end of day −1: 1 stock-out day), forecast 5/day → critical (order-by past);
    * FULL-1: 1,000 in on day −30, 1 sold per day on days −30…−1, forecast
      1/day → low risk.
    """
    supplier = SupplierFactory(organization=organization, name="Pasta Co",
                               lead_time_days=10)
    other_supplier = SupplierFactory(organization=organization, name="Rice Co",
                                     lead_time_days=5)
    pasta = CategoryFactory(organization=organization, name="Pasta")
    rice = CategoryFactory(organization=organization, name="Rice")
    coupang = ChannelFactory(organization=organization, name="Coupang")
    naver = ChannelFactory(organization=organization, name="Naver",
                           kind="naver")
    start = TODAY - dt.timedelta(days=30)
    products = {}
    specs = [
        ("EMPTY-1", "Product EMPTY-1", supplier, pasta, "1000", 1.0),
        ("LOW-1", "Product LOW-1", supplier, pasta, "2000", 5.0),
        # A formula-like name: the export must neutralise it.
        ("FULL-1", "=cmd|' /C calc'!A0", other_supplier, rice, "500", 1.0),
    ]
    for sku, name, sup, category, cost, daily in specs:
        products[sku] = ProductFactory(
            organization=organization, sku=sku, name=name, supplier=sup,
            category=category, unit_cost=Decimal(cost),
            safety_stock_mode="automatic")
        forecast_store(organization, products[sku], daily=daily, as_of=TODAY)
    inbound, outbound = StockMovement.Kind.INBOUND, StockMovement.Kind.OUTBOUND
    move(organization, products["EMPTY-1"], inbound, 10, start)
    move(organization, products["EMPTY-1"], outbound, 10,
         TODAY - dt.timedelta(days=20), coupang)
    move(organization, products["LOW-1"], inbound, 20, start)
    for back in range(1, 11):
        move(organization, products["LOW-1"], outbound, 2,
             TODAY - dt.timedelta(days=back), naver)
    move(organization, products["FULL-1"], inbound, 1000, start)
    for back in range(1, 31):
        move(organization, products["FULL-1"], outbound, 1,
             TODAY - dt.timedelta(days=back), coupang)
    recommendations_refresh(organization=organization, as_of=TODAY)
    for product in products.values():
        product.refresh_from_db()
    return {"products": products, "suppliers": (supplier, other_supplier),
            "categories": (pasta, rice), "channels": (coupang, naver)}
