"""The refresh service: inputs from the database, engine, stored rows with reasons."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forecasting.models import ForecastOverride
from policy.models import (
    PolicySettings,
    ProductPolicy,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseReceipt,
    Recommendation,
)
from policy.services.recommendations import recommendations_refresh
from tests.factories import ProductFactory

from .conftest import TODAY, forecast_store, stock_set


def _rec(product) -> Recommendation:
    return Recommendation.objects.get(product=product, as_of=TODAY)


def test_low_stock_product_gets_an_order_with_reason_and_dates(
    organization, low_product, full_product
):
    assert recommendations_refresh(organization=organization) == 2
    low, full = _rec(low_product), _rec(full_product)
    assert low.order_now and low.recommended_quantity >= 10
    assert low.recommended_quantity % 5 == 0  # order multiple
    assert low.expected_arrival_date == TODAY + dt.timedelta(days=10)
    assert low.order_by_date is not None and low.order_by_date <= TODAY
    assert low.reason.startswith(f"Order {low.recommended_quantity} units now")
    assert "Lead time 10 days (entered manually" in low.reason
    assert low.lead_time_source == "manual" and low.forecast_30d == 150
    assert len(low.projection) == 90
    assert full.recommended_quantity == 0 and not full.order_now
    assert full.reason.startswith("No order needed")


def test_refresh_twice_replaces_the_days_rows(organization, low_product):
    recommendations_refresh(organization=organization)
    recommendations_refresh(organization=organization)
    assert Recommendation.objects.filter(product=low_product).count() == 1


def test_open_order_counts_in_position_and_projection(
    organization, low_product, supplier
):
    recommendations_refresh(organization=organization)
    before = _rec(low_product)
    order = PurchaseOrder.objects.create(organization=organization, supplier=supplier,
                                         status=PurchaseOrder.Status.SENT)
    PurchaseOrderLine.objects.create(
        organization=organization, order=order, product=low_product, quantity=200,
        expected_date=TODAY + dt.timedelta(days=3))
    # A draft does not count yet.
    draft = PurchaseOrder.objects.create(organization=organization, supplier=supplier)
    PurchaseOrderLine.objects.create(organization=organization, order=draft,
                                     product=low_product, quantity=999)
    recommendations_refresh(organization=organization)
    after = _rec(low_product)
    assert after.on_order == 200
    assert after.inventory_position == before.inventory_position + 200
    assert after.recommended_quantity == 0
    day3 = after.projection[2]
    assert day3[0] == (TODAY + dt.timedelta(days=3)).isoformat() and day3[1] == 200
    assert before.projection[2][3] + 200 == day3[3]


def test_measured_lead_time_replaces_the_entered_one_after_three_receipts(
    organization, low_product, supplier
):
    for index, days in enumerate((6, 8, 7)):
        order = PurchaseOrder.objects.create(
            organization=organization, supplier=supplier,
            status=PurchaseOrder.Status.RECEIVED,
            ordered_on=TODAY - dt.timedelta(days=60 + index))
        line = PurchaseOrderLine.objects.create(
            organization=organization, order=order, product=low_product, quantity=5,
            received_quantity=5, is_closed=True)
        PurchaseReceipt.objects.create(
            organization=organization, line=line, quantity=5,
            received_on=order.ordered_on + dt.timedelta(days=days))
    recommendations_refresh(organization=organization)
    rec = _rec(low_product)
    assert (rec.lead_time_source, rec.lead_time_days) == ("history", 7.0)
    assert rec.lead_time_spread_days == 1.0
    assert "median of 3 receipts" in rec.reason


def test_product_mode_override_and_manual_safety_stock(organization, low_product):
    ProductPolicy.objects.create(organization=organization, product=low_product,
                                 mode="simple")
    recommendations_refresh(organization=organization)
    rec = _rec(low_product)
    assert rec.mode == "simple" and rec.safety_stock == 50.0  # 150 × 10 / 30
    low_product.safety_stock_mode, low_product.safety_stock = "manual", 33
    low_product.save()
    recommendations_refresh(organization=organization)
    rec = _rec(low_product)
    assert rec.safety_stock_method == "manual" and rec.safety_stock == 33


def test_class_service_level_applies_to_top_sellers(organization, low_product,
                                                    full_product):
    PolicySettings.objects.create(organization=organization,
                                  service_level_a=Decimal("0.990"))
    from inventory.models import StockMovement
    from inventory.services.stock import movement_record

    movement_record(organization=organization, user=None, product=low_product,
                    kind=StockMovement.Kind.OUTBOUND, quantity=5,
                    business_date=TODAY - dt.timedelta(days=1))
    recommendations_refresh(organization=organization)
    assert (_rec(low_product).abc_class, _rec(low_product).service_level) == ("A", 0.99)
    assert _rec(full_product).service_level == 0.95


def test_forecast_override_is_used(organization, low_product, member_of):
    ForecastOverride.objects.create(
        organization=organization, product=low_product, kind="level",
        daily_level=Decimal("20"), reason_code="promotion", reason_text="deal")
    recommendations_refresh(organization=organization)
    rec = _rec(low_product)
    assert rec.forecast_30d == 600 and rec.params["overridden"] is True


def test_product_without_forecast_says_so(organization):
    ProductFactory(organization=organization, sku="NEW-1")
    recommendations_refresh(organization=organization)
    rec = Recommendation.objects.get(product__sku="NEW-1")
    assert rec.recommended_quantity == 0 and "No forecast yet" in rec.reason


def test_refresh_uses_few_queries_for_many_products(organization, supplier):
    for index in range(40):
        product = ProductFactory(organization=organization, supplier=supplier)
        forecast_store(organization, product, daily=1.0 + index % 3)
    with CaptureQueriesContext(connection) as queries:
        assert recommendations_refresh(organization=organization) == 40
    assert len(queries) <= 15


def test_a_product_created_without_a_safety_stock_gets_the_service_level_one(
        organization, supplier):
    from inventory.services.catalog import product_create

    product = product_create(organization=organization, user=None, sku="NEW-1",
                             name="new", supplier=supplier)
    stock_set(organization, product, 20, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=5.0)
    recommendations_refresh(organization=organization)
    rec = _rec(product)
    assert rec.safety_stock_method == "quantile" and rec.safety_stock > 0
    assert rec.reorder_point > 5.0 * 10


def test_an_automatic_product_shows_the_computed_safety_stock_everywhere(
        organization, supplier):
    # The product list, the stock status counts and the low-stock list compare
    # stock with Product.safety_stock: an automatic product carries the plan's
    # figure there; a manual one keeps what was entered.
    from inventory.selectors.movements import dashboard_figures
    from inventory.services.catalog import product_create

    auto = product_create(organization=organization, user=None, sku="AUTO-1",
                          name="auto", supplier=supplier)
    manual = product_create(organization=organization, user=None, sku="MAN-1",
                            name="manual", supplier=supplier, safety_stock=7)
    for product in (auto, manual):
        stock_set(organization, product, 20, TODAY - dt.timedelta(days=3))
        forecast_store(organization, product, daily=5.0)
    recommendations_refresh(organization=organization)
    auto.refresh_from_db()
    manual.refresh_from_db()
    computed = _rec(auto).safety_stock
    assert computed > 0 and auto.safety_stock == math.ceil(computed)
    assert manual.safety_stock == 7 and _rec(manual).safety_stock == 7
    assert auto.history.count() == 1  # a computed figure writes no history
    below = dashboard_figures(organization=organization).below_safety_stock
    assert below == (auto.safety_stock > 20) + (manual.safety_stock > 20)
