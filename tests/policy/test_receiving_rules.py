"""Receiving refuses a delivery dated after today, on the page and in the service,
with the ledger's message, and writes nothing (no receipt, no movement)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from inventory.models import Product, StockMovement
from policy.models import PurchaseOrder, PurchaseOrderLine, PurchaseReceipt
from policy.services import purchasing
from tests.factories import ProductFactory, SupplierFactory


@pytest.fixture
def line(organization):
    order = PurchaseOrder.objects.create(
        organization=organization, supplier=SupplierFactory(organization=organization),
        status=PurchaseOrder.Status.SENT)
    return PurchaseOrderLine.objects.create(
        organization=organization, order=order,
        product=ProductFactory(organization=organization, sku="RCV-1"), quantity=10)


def _nothing_received(line):
    assert not StockMovement.objects.exists()
    assert not PurchaseReceipt.objects.exists()
    line.refresh_from_db()
    assert line.received_quantity == 0 and not line.is_closed
    assert line.order.status == PurchaseOrder.Status.SENT
    assert Product.objects.get(pk=line.product_id).on_hand == 0


def _receive(organization, line, received_on, quantity=3, close_line=False):
    purchasing.po_receive(
        organization=organization, order=line.order, user=None,
        received_on=received_on,
        entries=[purchasing.ReceiptEntry(line.pk, quantity, close_line=close_line)])


def test_the_service_refuses_a_delivery_dated_after_today(organization, line):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for quantity, close_line in ((3, False), (0, True)):  # also a "nothing more"
        with pytest.raises(ValidationError) as refused:
            _receive(organization, line, tomorrow, quantity, close_line)
        assert list(refused.value.message_dict) == ["received_on"]
        assert "is after today" in refused.value.messages[0]
    _nothing_received(line)
    _receive(organization, line, timezone.localdate())
    assert Product.objects.get(pk=line.product_id).on_hand == 3


def test_the_receiving_page_refuses_a_future_date_and_a_huge_quantity(
    organization, client_for, line
):
    client = client_for(organization, Role.STAFF)
    url = reverse("policy:po_receive", args=[line.order.pk])
    today = timezone.localdate()
    for received_on, quantity in ((today + dt.timedelta(days=1), 3),
                                  (dt.date(2999, 1, 1), 3),
                                  (today, 10**20)):
        response = client.post(url, {"received_on": received_on.isoformat(),
                                     f"line-{line.pk}-quantity": str(quantity)})
        assert response.status_code == 200, (received_on, quantity)
        assert response.context["form"].errors, (received_on, quantity)
    errors = client.post(url, {
        "received_on": (today + dt.timedelta(days=1)).isoformat(),
        f"line-{line.pk}-quantity": "3"}).context["form"].errors
    assert "is after today" in errors["received_on"][0]
    _nothing_received(line)
    response = client.post(url, {"received_on": today.isoformat(),
                                 f"line-{line.pk}-quantity": "3"})
    assert response.status_code == 302
    assert Product.objects.get(pk=line.product_id).on_hand == 3
