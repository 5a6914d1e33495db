"""The recommendations endpoint carries the order screen's "how much to order"
(policy.selectors.to_order): quantity, due date and units on drafts, with a
flat number of queries however many rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policy.models import PurchaseOrder, PurchaseOrderLine, Recommendation
from policy.selectors import draft_quantities, order_sheet_rows, to_order
from policy.services.recommendations import recommendations_refresh
from tests.factories import ProductFactory, SupplierFactory
from tests.policy.conftest import TODAY, forecast_store, stock_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch):
    monkeypatch.setattr("policy.selectors.clock.today", lambda: TODAY)


def _product(organization, supplier, sku, on_hand, daily=5.0):
    product = ProductFactory(organization=organization, sku=sku, supplier=supplier,
                             moq=10, order_multiple=5, unit_cost=Decimal("1000"),
                             safety_stock_mode="automatic")
    stock_set(organization, product, on_hand, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=daily)
    return product


def _line(organization, product, status, quantity):
    order = PurchaseOrder.objects.create(organization=organization,
                                         supplier=product.supplier, status=status)
    PurchaseOrderLine.objects.create(organization=organization, order=order,
                                     product=product, quantity=quantity)


def test_list_and_detail_give_to_order_quantity_due_date_and_drafts(
        organization, api_for):
    supplier = SupplierFactory(organization=organization, lead_time_days=10)
    low = _product(organization, supplier, "LOW-1", 20)    # due now
    _product(organization, supplier, "SOON-1", 95)         # due in 3 days
    _product(organization, supplier, "FULL-1", 1000, 1.0)  # nothing
    drafted = _product(organization, supplier, "DRAFT-1", 20)
    _line(organization, drafted, PurchaseOrder.Status.DRAFT, 35)
    _line(organization, drafted, PurchaseOrder.Status.APPROVED, 40)  # on order
    recommendations_refresh(organization=organization)
    client = api_for(organization)

    rows = {row["sku"]: row for row in
            client.get("/api/v1/recommendations/").json()["results"]}
    drafts = draft_quantities(organization=organization)
    for rec in Recommendation.objects.filter(organization=organization):
        expected = to_order(rec, drafts)
        row = rows[rec.product.sku]
        assert row["to_order_quantity"] == expected.quantity
        assert row["to_order_due_date"] == (
            expected.due_date.isoformat() if expected.due_date else None)
        assert row["on_draft_quantity"] == drafts.get(rec.product_id, 0)
    assert rows["SOON-1"]["to_order_due_date"] == str(TODAY + dt.timedelta(days=3))
    assert rows["SOON-1"]["to_order_quantity"] == rows["SOON-1"]["order_by_quantity"]
    assert rows["SOON-1"]["recommended_quantity"] == 0
    assert rows["LOW-1"]["to_order_due_date"] <= str(TODAY)
    assert (rows["DRAFT-1"]["to_order_quantity"], rows["DRAFT-1"]["on_draft_quantity"],
            rows["DRAFT-1"]["on_order"]) == (35, 35, 40.0)
    assert rows["FULL-1"]["to_order_quantity"] == 0
    # The order sheet's figures, product by product.
    assert {line.product.sku: line.quantity
            for line in order_sheet_rows(organization=organization)} == {
        sku: row["to_order_quantity"] for sku, row in rows.items()
        if row["to_order_quantity"]}

    detail = client.get(f"/api/v1/recommendations/{drafted.pk}/").json()
    assert {key: detail[key] for key in ("to_order_quantity", "on_draft_quantity")} \
        == {"to_order_quantity": 35, "on_draft_quantity": 35}
    what_if = client.get(f"/api/v1/recommendations/{low.pk}/what-if/",
                         {"service_level": 0.99}).json()["recommendation"]
    assert what_if["on_draft_quantity"] == 0 and what_if["to_order_quantity"] > 0


def _list_queries(organization, client, count: int) -> int:
    supplier = SupplierFactory(organization=organization)
    for i in range(count):
        product = _product(organization, supplier, f"N-{count}-{i}", 10, 2.0)
        _line(organization, product, PurchaseOrder.Status.DRAFT, 10 + i)
    recommendations_refresh(organization=organization)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/recommendations/")
    assert response.status_code == 200
    assert all(row["on_draft_quantity"] for row in response.json()["results"])
    return len(queries)


def test_the_list_spends_the_same_queries_for_2_and_10_rows(organization, api_for):
    client = api_for(organization)
    client.get("/api/v1/recommendations/")  # the key's first use is stamped once
    few = _list_queries(organization, client, 2)
    many = _list_queries(organization, client, 8)  # 10 rows in all
    assert few == many <= 5


def test_nothing_to_order_has_no_due_date(organization, api_for):
    """An approved order that covers the need: 0 to order and no date (the
    order-by date that has passed is not a date to order on)."""
    supplier = SupplierFactory(organization=organization, lead_time_days=10)
    covered = _product(organization, supplier, "COVERED-1", 5)
    _line(organization, covered, PurchaseOrder.Status.APPROVED, 500)
    recommendations_refresh(organization=organization)
    rec = Recommendation.objects.get(organization=organization, product=covered)
    assert rec.order_by_date is not None and rec.order_by_date <= TODAY
    row = api_for(organization).get(f"/api/v1/recommendations/{covered.pk}/").json()
    assert (row["to_order_quantity"], row["to_order_due_date"]) == (0, None)
