"""POST /movements/ refuses what the upload refuses, with a 400, never a 500."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from accounts.roles import Role
from api.models import IdempotentRequest
from inventory.models import Lot, StockMovement
from inventory.services.stock import StockError, movement_record
from tests.factories import ProductFactory


def _body(product, **changes):
    return {"product": product.pk, "kind": "inbound", "quantity": 4,
            "business_date": "2026-11-02", **changes}


def test_a_quantity_too_large_for_the_ledger_is_a_400_not_a_500(organization,
                                                                 api_for):
    product = ProductFactory(organization=organization)
    api = api_for(organization, Role.STAFF)
    for quantity in (10**20, 2**40, -(10**20)):
        kind = "adjustment" if quantity < 0 else "inbound"
        response = api.post("/api/v1/movements/",
                            _body(product, kind=kind, quantity=quantity),
                            format="json")
        assert response.status_code == 400, (quantity, response.content)
        assert "quantity" in response.json()["error"]["fields"]
    assert not StockMovement.objects.exists()
    product.refresh_from_db()
    assert product.on_hand == 0


def test_the_upload_limit_of_a_million_units_holds_for_the_api(organization, api_for):
    product = ProductFactory(organization=organization)
    api = api_for(organization, Role.STAFF)
    ok = api.post("/api/v1/movements/", _body(product, quantity=1_000_000),
                  format="json")
    too_many = api.post("/api/v1/movements/", _body(product, quantity=1_000_001),
                        format="json")
    assert ok.status_code == 201 and too_many.status_code == 400
    assert product.__class__.objects.get(pk=product.pk).on_hand == 1_000_000


def test_a_movement_dated_after_today_is_refused(organization, api_for):
    product = ProductFactory(organization=organization)
    api = api_for(organization, Role.STAFF)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for day in (tomorrow, dt.date(2999, 1, 1)):
        response = api.post("/api/v1/movements/",
                            _body(product, business_date=day.isoformat()),
                            format="json")
        assert response.status_code == 400, response.content
        assert "business_date" in response.json()["error"]["fields"]
    today = api.post("/api/v1/movements/",
                     _body(product, business_date=timezone.localdate().isoformat()),
                     format="json")
    assert today.status_code == 201
    assert StockMovement.objects.count() == 1


def test_an_inbound_expiry_date_without_a_lot_becomes_the_expiry_lot(organization,
                                                                     api_for):
    product = ProductFactory(organization=organization)
    expiry = timezone.localdate() + dt.timedelta(days=150)
    response = api_for(organization, Role.STAFF).post(
        "/api/v1/movements/", _body(product, expiry_date=expiry.isoformat()),
        format="json")
    assert response.status_code == 201, response.content
    assert response.json()["movements"][0]["lot_code"] == f"EXP-{expiry.isoformat()}"
    lot = Lot.objects.get(product=product)
    assert (lot.expiry_date, lot.on_hand) == (expiry, 4)


def test_an_outbound_expiry_date_without_a_lot_is_refused_not_dropped(organization,
                                                                      api_for):
    product = ProductFactory(organization=organization)
    response = api_for(organization, Role.STAFF).post(
        "/api/v1/movements/", _body(product, kind="outbound", expiry_date="2027-06-30"),
        format="json")
    assert response.status_code == 400
    assert "lot_code" in response.json()["error"]["fields"]
    assert not StockMovement.objects.exists()


def test_a_past_expiry_date_is_a_400_on_its_field(organization, api_for):
    product = ProductFactory(organization=organization)
    past = "2026-11-01"  # the day before the body's business date
    response = api_for(organization, Role.STAFF).post(
        "/api/v1/movements/", _body(product, expiry_date=past),
        format="json", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400, response.content
    assert "유통기한" in response.json()["error"]["fields"]["expiry_date"][0]
    assert not StockMovement.objects.exists() and not Lot.objects.exists()


def test_the_refusals_speak_korean(organization, api_for):
    product = ProductFactory(organization=organization)
    response = api_for(organization, Role.STAFF).post(
        "/api/v1/movements/", _body(product, quantity=10**20), format="json",
        HTTP_ACCEPT_LANGUAGE="ko")
    assert "최대값" in response.json()["error"]["fields"]["quantity"][0]


def test_an_idempotency_key_longer_than_200_characters_is_refused(organization,
                                                                   api_for):
    """Cut to 200 characters, two different keys would be one: the second
    movement would silently not be written."""
    product = ProductFactory(organization=organization)
    api = api_for(organization, Role.STAFF)
    first = api.post("/api/v1/movements/", _body(product), format="json",
                     HTTP_IDEMPOTENCY_KEY="k" * 200)
    second = api.post("/api/v1/movements/", _body(product), format="json",
                      HTTP_IDEMPOTENCY_KEY="k" * 200 + "2")
    assert first.status_code == 201
    assert second.status_code == 400, second.content
    assert "Idempotency-Key" in second.json()["error"]["message"]
    assert StockMovement.objects.count() == 1
    assert IdempotentRequest.objects.count() == 1


def test_the_sku_filter_ignores_case(organization, api_for):
    product = ProductFactory(organization=organization, sku="PASTA-B1")
    api = api_for(organization, Role.STAFF)
    api.post("/api/v1/movements/", _body(product), format="json")
    found = api.get("/api/v1/movements/?sku=pasta-b1").json()
    assert found["count"] == 1 and found["results"][0]["sku"] == "PASTA-B1"


def test_a_delivery_received_after_today_is_refused(organization, api_for):
    """A receipt dated 2999 was written and made the product's measured lead
    time ±204,984 days in its recommendation's reason."""
    from policy.models import PurchaseOrder, PurchaseOrderLine
    from tests.factories import SupplierFactory

    order = PurchaseOrder.objects.create(
        organization=organization, supplier=SupplierFactory(organization=organization),
        status=PurchaseOrder.Status.SENT)
    line = PurchaseOrderLine.objects.create(
        organization=organization, order=order,
        product=ProductFactory(organization=organization), quantity=10)
    api = api_for(organization, Role.STAFF)
    url = f"/api/v1/purchase-orders/{order.pk}/receive/"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refused = api.post(url, {"received_on": tomorrow.isoformat(), "lines": [
        {"line": line.pk, "quantity": 3}]}, format="json")
    assert refused.status_code == 400, refused.content
    assert "received_on" in refused.json()["error"]["fields"]
    assert not StockMovement.objects.exists()
    ok = api.post(url, {"received_on": timezone.localdate().isoformat(), "lines": [
        {"line": line.pk, "quantity": 3}]}, format="json")
    assert ok.status_code == 200, ok.content
    assert StockMovement.objects.get().quantity == 3


def test_the_api_refuses_with_the_ledgers_own_message(organization, api_for):
    """One rule (inventory/services/stock/rules.py): the API's 400 says what the
    web form and the upload say."""
    product = ProductFactory(organization=organization)
    api = api_for(organization, Role.STAFF)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for changes, field in (({"quantity": 1_000_001}, "quantity"),
                           ({"business_date": tomorrow.isoformat()}, "business_date")):
        body = _body(product, **{
            "business_date": timezone.localdate().isoformat(), **changes})
        said = api.post("/api/v1/movements/", body, format="json",
                        HTTP_ACCEPT_LANGUAGE="ko").json()["error"]["fields"][field]
        with pytest.raises(StockError) as refused, translation.override("ko"):
            movement_record(organization=organization, user=None, product=product,
                            kind="inbound", quantity=body["quantity"],
                            business_date=dt.date.fromisoformat(body["business_date"]))
        assert said == refused.value.message_dict[field]
    assert not StockMovement.objects.exists()


def test_a_day_before_2000_is_a_400(organization, api_for):
    """1900-01-01 (an empty Excel date, a typo) was written to the ledger."""
    product = ProductFactory(organization=organization)
    response = api_for(organization, Role.STAFF).post(
        "/api/v1/movements/", _body(product, business_date="1900-01-01"),
        format="json", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400, response.content
    [message] = response.json()["error"]["fields"]["business_date"]
    assert "2000-01-01" in message and "연도를 확인하세요" in message
    assert not StockMovement.objects.exists()


@pytest.mark.parametrize(("kind", "quantity"), [
    ("outbound", -3), ("outbound", 0), ("inbound", -1), ("inbound", 0),
    ("adjustment", 0)])
def test_a_quantity_of_the_wrong_sign_is_refused_on_its_field(organization, api_for,
                                                               kind, quantity):
    # A client must be told which field to fix, in the caller's language.
    product = ProductFactory(organization=organization)
    api = api_for(organization, Role.STAFF)
    with translation.override("ko"):
        response = api.post("/api/v1/movements/",
                            _body(product, kind=kind, quantity=quantity),
                            format="json", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert list(error["fields"]) == ["quantity"], error
    assert re.search("[가-힣]", error["fields"]["quantity"][0]), error
    assert not StockMovement.objects.exists()
