"""POST /purchase-orders/{id}/receive/ keeps an expiry date without a lot number
as the expiry day's lot and refuses an expired one, writing nothing."""

import datetime as dt

from django.utils import timezone

from accounts.roles import Role
from inventory.models import Lot, StockMovement
from policy.models import PurchaseOrder, PurchaseOrderLine
from tests.factories import ProductFactory, SupplierFactory


def _order(organization):
    supplier = SupplierFactory(organization=organization)
    product = ProductFactory(organization=organization, supplier=supplier)
    order = PurchaseOrder.objects.create(organization=organization, supplier=supplier,
                                         status=PurchaseOrder.Status.SENT)
    line = PurchaseOrderLine.objects.create(organization=organization, order=order,
                                            product=product, quantity=50,
                                            recommended_quantity=50)
    return order, line


def _receive(api, order, line, expiry: dt.date, **headers):
    return api.post(f"/api/v1/purchase-orders/{order.pk}/receive/", {
        "lines": [{"line": line.pk, "quantity": 20, "expiry_date": expiry.isoformat()}],
    }, format="json", **headers)


def test_receiving_an_expiry_without_a_lot_stocks_the_expiry_lot(organization,
                                                                 api_for):
    order, line = _order(organization)
    expiry = timezone.localdate() + dt.timedelta(days=400)
    response = _receive(api_for(organization, Role.STAFF), order, line, expiry)
    assert response.status_code == 200, response.content
    lot = Lot.objects.get(product=line.product)
    assert (lot.code, lot.expiry_date, lot.on_hand) == (
        f"EXP-{expiry.isoformat()}", expiry, 20)


def test_receiving_an_expired_delivery_is_a_400_and_writes_nothing(organization,
                                                                   api_for):
    order, line = _order(organization)
    past = timezone.localdate() - dt.timedelta(days=2)
    response = _receive(api_for(organization, Role.STAFF), order, line, past,
                        HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400, response.content
    assert "유통기한" in response.json()["error"]["message"]
    assert line.product.sku in response.json()["error"]["message"]
    line.refresh_from_db()
    assert line.received_quantity == 0
    assert not Lot.objects.exists() and not StockMovement.objects.exists()


def test_a_bad_value_in_one_line_is_named_by_its_path(organization, api_for):
    """fields named only "lines": a client could not tell which line was wrong."""
    order, line = _order(organization)
    response = api_for(organization, Role.STAFF).post(
        f"/api/v1/purchase-orders/{order.pk}/receive/", {"lines": [
            {"line": line.pk, "quantity": 5},
            {"line": line.pk, "quantity": 5, "expiry_date": "2027/03/31"},
        ]}, format="json", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400, response.content
    fields = response.json()["error"]["fields"]
    assert fields["lines[1].expiry_date"] == [
        "날짜 형식이 잘못되었습니다. 이 형식으로 쓰세요: YYYY-MM-DD."]
    assert "lines[0]" not in fields and "lines[0].expiry_date" not in fields
    assert fields["lines"] == fields["lines[1].expiry_date"]  # as before
    assert not StockMovement.objects.exists()
