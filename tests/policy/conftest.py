"""Replenishment fixtures: a product with a stored forecast and a supplier."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from forecasting.models import ForecastRun, ProductForecast
from inventory.models import StockMovement
from inventory.services.stock import movement_record
from tests.factories import ProductFactory, SupplierFactory

TODAY = dt.date(2026, 11, 27)


def forecast_store(organization, product, *, daily: float, as_of: dt.date = TODAY,
                   days: int = 90) -> ProductForecast:
    """A flat forecast of ``daily`` units a day for the days after ``as_of``."""
    run, _ = ForecastRun.objects.get_or_create(
        organization=organization, as_of=as_of, sequence=0,
        defaults={"status": ForecastRun.Status.SUCCEEDED})
    rows = [{"date": (as_of + dt.timedelta(days=i + 1)).isoformat(), "point": daily,
             "p50": daily, "p95": daily * 1.5} for i in range(days)]
    cumulative = {"p50": [daily * (i + 1) for i in range(days)],
                  "p95": [daily * (i + 1) + 2.0 * daily * ((i + 1) ** 0.5)
                          for i in range(days)]}
    total = Decimal(str(round(daily * 30, 2)))
    return ProductForecast.objects.create(
        run=run, organization=organization, product=product, as_of=as_of,
        method="test", daily=rows, cumulative_quantiles=cumulative,
        total_30=total, total_60=total * 2, total_90=total * 3)


def stock_set(organization, product, units: int, day: dt.date = TODAY) -> None:
    """Bring the product to ``units`` on hand with one inbound movement."""
    movement_record(organization=organization, user=None, product=product,
                    kind=StockMovement.Kind.INBOUND, quantity=units,
                    business_date=day)
    product.refresh_from_db()


def planned_product(organization, supplier, sku: str, on_hand: int, daily: float,
                    **fields):
    """A product of ``supplier`` with ``on_hand`` units (counted three days ago),
    automatic safety stock, a unit cost of 1,000 and a forecast of ``daily``."""
    product = ProductFactory(organization=organization, sku=sku, supplier=supplier,
                             unit_cost=Decimal("1000"), safety_stock_mode="automatic",
                             **fields)
    stock_set(organization, product, on_hand, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=daily)
    return product


def order_line_open(organization, product, status, quantity: int, due_in_days: int):
    """A one-line purchase order of ``product`` in ``status``, due in ``due_in_days``."""
    from policy.models import PurchaseOrder, PurchaseOrderLine

    order = PurchaseOrder.objects.create(organization=organization,
                                         supplier=product.supplier, status=status)
    PurchaseOrderLine.objects.create(
        organization=organization, order=order, product=product, quantity=quantity,
        expected_date=TODAY + dt.timedelta(days=due_in_days))
    return order


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch):
    """The business day is TODAY in every replenishment test."""
    monkeypatch.setattr("policy.selectors.clock.today", lambda: TODAY)


@pytest.fixture
def supplier(organization):
    return SupplierFactory(organization=organization, name="Pasta Co",
                           lead_time_days=10, email="orders@pasta.example")


@pytest.fixture
def low_product(organization, supplier):
    """20 units left, 5 a day forecast, 10-day lead time: order now."""
    product = ProductFactory(organization=organization, sku="LOW-1", supplier=supplier,
                             moq=10, order_multiple=5, unit_cost=Decimal("1000"),
                             selling_price=Decimal("2500"),
                             safety_stock_mode="automatic")
    stock_set(organization, product, 20, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=5.0)
    return product


@pytest.fixture
def full_product(organization, supplier):
    """1,000 units left, 1 a day: nothing to order."""
    product = ProductFactory(organization=organization, sku="FULL-1", supplier=supplier,
                             safety_stock_mode="automatic")
    stock_set(organization, product, 1000, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=1.0)
    return product
