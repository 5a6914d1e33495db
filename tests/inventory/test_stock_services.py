import datetime as dt

import pytest

from inventory.models import LedgerImmutableError, Lot, Product, StockMovement
from inventory.services.integrity import stock_verify
from inventory.services.stock import (
    InsufficientStock,
    MovementEntry,
    StockError,
    movement_record,
    movement_reverse,
    movements_record,
)
from tests.factories import ProductFactory, SetComponentFactory

DAY = dt.date(2026, 11, 2)
K = StockMovement.Kind


def record(org, product, kind, qty, **kw):
    return movement_record(
        organization=org, user=None, product=product, kind=kind, quantity=qty,
        business_date=DAY, **kw,
    )


def on_hand(product):
    return Product.objects.get(pk=product.pk).on_hand


def test_inbound_then_outbound_moves_cache_and_ledger(organization, product):
    record(organization, product, K.INBOUND, 10)
    record(organization, product, K.OUTBOUND, 4)
    assert on_hand(product) == 6
    assert list(product.movements.order_by("id").values_list("quantity", flat=True)) == [10, -4]
    assert stock_verify(organization=organization) == []


def test_outbound_below_zero_is_refused_and_writes_nothing(organization, product):
    record(organization, product, K.INBOUND, 3)
    with pytest.raises(InsufficientStock, match="3 on hand, 5 requested"):
        record(organization, product, K.OUTBOUND, 5)
    assert on_hand(product) == 3
    assert product.movements.count() == 1


def test_negative_stock_allowed_by_setting(organization, product):
    organization.allow_negative_stock = True
    organization.save()
    record(organization, product, K.OUTBOUND, 2)
    assert on_hand(product) == -2


def test_batch_is_all_or_nothing(organization):
    a = ProductFactory(organization=organization)
    b = ProductFactory(organization=organization)
    entries = [
        MovementEntry(product=a, kind=K.INBOUND, quantity=5, business_date=DAY),
        MovementEntry(product=b, kind=K.OUTBOUND, quantity=1, business_date=DAY),
    ]
    with pytest.raises(InsufficientStock):
        movements_record(organization=organization, user=None, entries=entries)
    assert on_hand(a) == 0
    assert StockMovement.objects.count() == 0


def test_set_outbound_becomes_component_outbounds(organization):
    part = SetComponentFactory(set_product__organization=organization, quantity=2)
    kit, component = part.set_product, part.component
    record(organization, component, K.INBOUND, 10)
    rows = record(organization, kit, K.OUTBOUND, 3)
    assert [(r.product_id, r.quantity, r.set_product_id) for r in rows] == [
        (component.pk, -6, kit.pk)
    ]
    assert on_hand(component) == 4
    assert on_hand(kit) == 0


def test_outbound_without_lot_is_first_expiry_first_out(organization, product):
    record(organization, product, K.INBOUND, 5, lot_code="LATE", expiry_date=dt.date(2099, 6, 1))
    record(organization, product, K.INBOUND, 5, lot_code="SOON", expiry_date=dt.date(2099, 1, 1))
    rows = record(organization, product, K.OUTBOUND, 7)
    assert [(r.lot.code, r.quantity) for r in rows] == [("SOON", -5), ("LATE", -2)]
    assert dict(Lot.objects.values_list("code", "on_hand")) == {"SOON": 0, "LATE": 3}
    assert stock_verify(organization=organization) == []


def test_stock_count_records_difference(organization, product):
    record(organization, product, K.INBOUND, 10)
    rows = record(organization, product, K.STOCK_COUNT, 7)
    assert rows[0].quantity == -3
    assert on_hand(product) == 7


def test_same_external_reference_is_never_counted_twice(organization, product):
    record(organization, product, K.INBOUND, 10)
    record(organization, product, K.OUTBOUND, 1, external_ref="ORDER-1")
    with pytest.raises(StockError, match="already recorded"):
        record(organization, product, K.OUTBOUND, 1, external_ref="ORDER-1")
    assert on_hand(product) == 9


def test_reversal_restores_stock_and_keeps_original(organization, product):
    (row,) = record(organization, product, K.INBOUND, 4)
    movement_reverse(organization=organization, user=None, movement=row)
    assert on_hand(product) == 0
    assert product.movements.count() == 2
    with pytest.raises(StockError):
        movement_reverse(organization=organization, user=None, movement=row)


def test_ledger_rows_cannot_be_updated_or_deleted(organization, product):
    (row,) = record(organization, product, K.INBOUND, 4)
    row.quantity = 40
    with pytest.raises(LedgerImmutableError):
        row.save()
    with pytest.raises(LedgerImmutableError):
        row.delete()
    with pytest.raises(LedgerImmutableError):
        StockMovement.objects.filter(pk=row.pk).update(quantity=40)
    with pytest.raises(LedgerImmutableError):
        StockMovement.objects.all().delete()
    assert StockMovement.objects.get(pk=row.pk).quantity == 4


def test_other_organizations_product_is_refused(organization, other_organization):
    foreign = ProductFactory(organization=other_organization)
    with pytest.raises(StockError):
        record(organization, foreign, K.INBOUND, 1)
    assert StockMovement.objects.count() == 0
