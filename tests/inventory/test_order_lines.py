"""The order-lines service: each channel order line counted once, changes corrected."""
from __future__ import annotations

import datetime as dt

import pytest

from inventory.importing.line_keys import (
    cafe24_line_key,
    coupang_line_key,
    export_line_key,
    line_id_text,
    naver_line_key,
)
from inventory.models import ExternalReference, Product, StockMovement
from inventory.services.integrity import stock_verify
from inventory.services.order_lines import (
    CHANGED,
    NEW,
    UNCHANGED,
    OrderLine,
    order_lines_plan,
    order_lines_record,
)
from inventory.services.stock import InsufficientStock, StockError, movement_record
from tests.factories import ChannelFactory, ProductFactory, SetComponentFactory

DAY = dt.date(2026, 11, 20)
SYNC = StockMovement.Source.CHANNEL_SYNC
Kind = StockMovement.Kind


@pytest.fixture
def shop(organization):
    channel = ChannelFactory(organization=organization, name="쿠팡", kind="coupang")
    tee = ProductFactory(organization=organization, sku="TEE")
    sock = ProductFactory(organization=organization, sku="SOCK")
    gift = ProductFactory(organization=organization, sku="GIFT", kind=Product.Kind.SET)
    SetComponentFactory(organization=organization, set_product=gift, component=tee,
                        quantity=1)
    SetComponentFactory(organization=organization, set_product=gift, component=sock,
                        quantity=2)
    for product in (tee, sock):
        movement_record(organization=organization, user=None, product=product,
                        kind="inbound", quantity=100, business_date=DAY)
    return channel, tee, sock, gift


def _line(channel, key, product, quantity, day=DAY):
    return OrderLine(channel=channel, key=key, product=product, quantity=quantity,
                     business_date=day)


def _on_hand(*products):
    return [Product.objects.get(pk=p.pk).on_hand for p in products]


def _record(organization, lines, ref="sync-1"):
    return order_lines_record(organization=organization, user=None, lines=lines,
                              source=SYNC, source_ref=ref)


# -- keys ------------------------------------------------------------------------------
def test_keys_are_canonical_whatever_the_cell_type():
    assert coupang_line_key(shipment_box_id=610000000123.0,
                            vendor_item_id="85000000011 ") == "610000000123:85000000011"
    assert coupang_line_key(shipment_box_id="6.10000000123E+11",
                            vendor_item_id=85000000011) == "610000000123:85000000011"
    assert naver_line_key(product_order_id="'2025100112345601") == "2025100112345601"
    assert cafe24_line_key(order_item_code=" 20251001-0000123-01 ") == (
        "20251001-0000123-01")
    assert line_id_text(None) == ""
    assert export_line_key("coupang", {"shipment_box_id": "", "vendor_item_id": 1}) == ""
    with pytest.raises(ValueError):
        naver_line_key(product_order_id="  ")


# -- new, unchanged ----------------------------------------------------------------------
def test_new_line_is_taken_and_recorded_once(organization, shop):
    channel, tee, sock, gift = shop
    lines = [_line(channel, "B1:V1", tee, 2), _line(channel, "B1:V9", gift, 1)]
    assert [p.state for p in order_lines_plan(organization=organization,
                                              lines=lines).lines] == [NEW, NEW]
    outcome = _record(organization, lines)
    assert outcome.counts() == {NEW: 2, UNCHANGED: 0, CHANGED: 0}
    assert _on_hand(tee, sock) == [100 - 2 - 1, 100 - 2]
    again = _record(organization, lines, ref="sync-2")
    assert again.counts() == {NEW: 0, UNCHANGED: 2, CHANGED: 0}
    assert again.movements == []
    assert _on_hand(tee, sock) == [97, 98]
    assert ExternalReference.objects.filter(scope=str(channel.pk)).count() == 2
    gift_rows = StockMovement.objects.filter(set_product=gift)
    assert {(m.product_id, m.quantity) for m in gift_rows} == {(tee.pk, -1),
                                                               (sock.pk, -2)}
    assert all(m.channel_id == channel.pk and m.source == SYNC for m in gift_rows)
    assert stock_verify(organization=organization) == []


def test_same_key_on_another_channel_is_another_line(organization, shop):
    channel, tee, *_ = shop
    other = ChannelFactory(organization=organization, name="스마트스토어",
                           kind="smartstore")
    _record(organization, [_line(channel, "K1", tee, 1)])
    plan = order_lines_plan(organization=organization,
                            lines=[_line(other, "K1", tee, 1)])
    assert plan.lines[0].state == NEW


# -- changes -------------------------------------------------------------------------------
def test_partial_cancellation_becomes_a_correction(organization, shop):
    channel, tee, *_ = shop
    _record(organization, [_line(channel, "B1:V1", tee, 3)])
    plan = order_lines_plan(organization=organization,
                            lines=[_line(channel, "B1:V1", tee, 1)])
    assert plan.lines[0].state == CHANGED
    assert plan.lines[0].recorded == 3 and plan.lines[0].delta == -2
    outcome = _record(organization, [_line(channel, "B1:V1", tee, 1)], ref="sync-2")
    assert _on_hand(tee) == [99]
    reference = ExternalReference.objects.get(ref="B1:V1")
    rows = list(StockMovement.objects.filter(external_ref=reference).order_by("pk"))
    assert [(m.kind, m.quantity) for m in rows] == [
        (Kind.OUTBOUND, -3), (Kind.REVERSAL, 3), (Kind.OUTBOUND, -1)]
    assert rows[1].reversal_of_id == rows[0].pk
    assert rows[2].business_date == DAY
    assert {m.source_ref for m in outcome.movements} == {"sync-2"}
    assert all(m.pk for m in outcome.movements)  # saved rows, with primary keys
    # Recording the same state again writes nothing.
    assert _record(organization, [_line(channel, "B1:V1", tee, 1)],
                   ref="sync-3").counts()[UNCHANGED] == 1
    assert stock_verify(organization=organization) == []


def test_full_cancellation_reverses_every_row_of_a_set_line(organization, shop):
    channel, tee, sock, gift = shop
    _record(organization, [_line(channel, "B2:V9", gift, 2)])
    assert _on_hand(tee, sock) == [98, 96]
    _record(organization, [_line(channel, "B2:V9", gift, 0)], ref="sync-2")
    assert _on_hand(tee, sock) == [100, 100]
    reversals = StockMovement.objects.filter(kind=Kind.REVERSAL)
    assert reversals.count() == 2
    assert all(r.reversal_of.external_ref_id == r.external_ref_id for r in reversals)
    assert all(r.set_product_id == gift.pk for r in reversals)
    # A cancelled line seen again stays cancelled; a cancelled unknown line writes nothing.
    outcome = _record(organization, [_line(channel, "B2:V9", gift, 0),
                                     _line(channel, "B3:V1", tee, 0)], ref="sync-3")
    assert outcome.movements == []
    assert not ExternalReference.objects.filter(ref="B3:V1").exists()


def test_quantity_raised_takes_the_difference(organization, shop):
    channel, tee, *_ = shop
    _record(organization, [_line(channel, "PO-1", tee, 1)])
    _record(organization, [_line(channel, "PO-1", tee, 4)], ref="sync-2")
    assert _on_hand(tee) == [96]


def test_a_line_reversed_by_hand_counts_as_given_back(organization, shop):
    from inventory.services.stock import movement_reverse

    channel, tee, *_ = shop
    _record(organization, [_line(channel, "PO-2", tee, 2)])
    movement = StockMovement.objects.get(external_ref__ref="PO-2")
    movement_reverse(organization=organization, user=None, movement=movement)
    plan = order_lines_plan(organization=organization,
                            lines=[_line(channel, "PO-2", tee, 2)])
    assert plan.lines[0].state == CHANGED and plan.lines[0].recorded == 0
    _record(organization, [_line(channel, "PO-2", tee, 2)], ref="sync-2")
    assert _on_hand(tee) == [98]


# -- all or nothing --------------------------------------------------------------------------
def test_a_refused_line_writes_nothing(organization, shop):
    channel, tee, sock, _gift = shop
    lines = [_line(channel, "A", tee, 1), _line(channel, "B", sock, 1000)]
    with pytest.raises(InsufficientStock) as refused:
        _record(organization, lines)
    assert refused.value.line.key == "B"
    assert _on_hand(tee, sock) == [100, 100]
    assert not ExternalReference.objects.exists()
    assert StockMovement.objects.filter(source=SYNC).count() == 0


def test_another_organizations_product_is_refused(organization, other_organization,
                                                   shop):
    channel, *_ = shop
    foreign = ProductFactory(organization=other_organization)
    with pytest.raises(StockError):
        _record(organization, [_line(channel, "X", foreign, 1)])
