"""An expiry date without a lot number is kept as the expiry day's lot, never
dropped; an expired date or one that contradicts the lot's is refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from inventory.models import Lot, Product, StockMovement
from inventory.services.stock import (
    MovementEntry,
    StockError,
    movement_record,
    movements_record,
)
from inventory.services.stock.bulk import BulkLedger
from tests.factories import ProductFactory

K = StockMovement.Kind


def _today() -> dt.date:
    return timezone.localdate()


def _record(organization, product, quantity=5, **kw):
    return movement_record(organization=organization, user=None, product=product,
                           kind=kw.pop("kind", K.INBOUND), quantity=quantity,
                           business_date=_today(), **kw)


def test_inbound_with_expiry_and_no_lot_goes_to_the_expiry_days_lot(
    organization, product
):
    expiry = _today() + dt.timedelta(days=120)
    (row,) = _record(organization, product, 5, expiry_date=expiry)
    lot = Lot.objects.get(product=product)
    assert (lot.code, lot.expiry_date, lot.on_hand) == (
        f"EXP-{expiry.isoformat()}", expiry, 5)
    assert row.lot == lot


def test_the_same_expiry_again_adds_to_the_same_lot(organization, product):
    expiry = _today() + dt.timedelta(days=120)
    _record(organization, product, 5, expiry_date=expiry)
    _record(organization, product, 7, expiry_date=expiry)
    _record(organization, product, 2, expiry_date=expiry + dt.timedelta(days=1))
    lots = dict(Lot.objects.filter(product=product).values_list("code", "on_hand"))
    assert lots == {f"EXP-{expiry.isoformat()}": 12,
                    f"EXP-{(expiry + dt.timedelta(days=1)).isoformat()}": 2}


def test_a_past_expiry_is_refused_and_writes_nothing(organization, product):
    with pytest.raises(StockError) as caught:
        _record(organization, product, 5, expiry_date=_today() - dt.timedelta(days=1))
    assert "expiry_date" in caught.value.message_dict
    assert "before the day" in caught.value.message_dict["expiry_date"][0]
    assert not StockMovement.objects.exists() and not Lot.objects.exists()
    assert Product.objects.get(pk=product.pk).on_hand == 0


def test_a_late_receipt_of_goods_expired_since_is_still_recorded(organization,
                                                                  product):
    # Received three weeks ago, fine then, expired last week: the stock is real.
    expiry = _today() - dt.timedelta(days=7)
    movement_record(organization=organization, user=None, product=product,
                    kind=K.INBOUND, quantity=3, expiry_date=expiry,
                    business_date=_today() - dt.timedelta(days=21))
    assert Lot.objects.get(product=product).expiry_date == expiry


def test_a_lot_with_another_expiry_than_stored_is_refused(organization, product):
    expiry = _today() + dt.timedelta(days=60)
    _record(organization, product, 5, lot_code="L1", expiry_date=expiry)
    with pytest.raises(StockError) as caught:
        _record(organization, product, 5, lot_code="L1",
                expiry_date=expiry + dt.timedelta(days=1))
    message = caught.value.message_dict["expiry_date"][0]
    assert "L1" in message and expiry.isoformat() in message
    assert StockMovement.objects.count() == 1
    assert Lot.objects.get().on_hand == 5


def test_the_bulk_ledger_keeps_the_expiry_as_a_lot_too(organization, product):
    expiry = _today() + dt.timedelta(days=30)
    ledger = BulkLedger(organization, None, StockMovement.Source.UPLOAD, "1")
    ledger.load([product.pk])
    entry = MovementEntry(product=product, kind=K.INBOUND, quantity=4,
                          business_date=_today(), expiry_date=expiry)
    ledger.apply(entry)
    ledger.apply(entry)
    ledger.flush()
    lot = Lot.objects.get(product=product)
    assert (lot.code, lot.on_hand) == (f"EXP-{expiry.isoformat()}", 8)
    with pytest.raises(StockError):
        ledger.apply(MovementEntry(product=product, kind=K.INBOUND, quantity=1,
                                   business_date=_today(),
                                   expiry_date=_today() - dt.timedelta(days=1)))


def test_a_set_received_with_an_expiry_makes_the_lot_on_each_component(
    organization
):
    from tests.factories import SetComponentFactory

    part = SetComponentFactory(set_product__organization=organization, quantity=2)
    expiry = _today() + dt.timedelta(days=90)
    movements_record(organization=organization, user=None, entries=[MovementEntry(
        product=part.set_product, kind=K.INBOUND, quantity=3,
        business_date=_today(), expiry_date=expiry)])
    lot = Lot.objects.get(product=part.component)
    assert (lot.code, lot.on_hand) == (f"EXP-{expiry.isoformat()}", 6)


# -- the web movement form -------------------------------------------------------------
def _post(client, product, **data):
    body = {"kind": K.INBOUND, "quantity": "5",
            "business_date": _today().isoformat(), **data}
    return client.post(reverse("inventory:product_movement_create",
                               args=[product.pk]), body)


def test_the_form_records_an_expiry_without_a_lot_as_the_expiry_lot(
    organization, client_for
):
    product = ProductFactory(organization=organization)
    expiry = _today() + dt.timedelta(days=200)
    response = _post(client_for(organization, Role.STAFF), product,
                     expiry_date=expiry.isoformat())
    assert response.status_code == 302
    assert StockMovement.objects.get().lot.code == f"EXP-{expiry.isoformat()}"


def test_the_form_refuses_a_past_expiry_on_its_field(organization, client_for):
    product = ProductFactory(organization=organization)
    client = client_for(organization, Role.STAFF)
    response = _post(client, product, lot_code="L1",
                     expiry_date=(_today() - dt.timedelta(days=3)).isoformat())
    assert response.status_code == 200
    errors = response.context["movement_form"].errors
    assert "expiry_date" in errors
    assert not StockMovement.objects.exists() and not Lot.objects.exists()


def test_the_form_still_refuses_an_expiry_on_an_outbound_without_a_lot(
    organization, client_for
):
    product = ProductFactory(organization=organization)
    _record(organization, product, 5)
    response = _post(client_for(organization, Role.STAFF), product, kind=K.OUTBOUND,
                     quantity="1",
                     expiry_date=(_today() + dt.timedelta(days=9)).isoformat())
    assert response.status_code == 200
    assert "lot_code" in response.context["movement_form"].errors
    assert StockMovement.objects.count() == 1
