"""Channel sync records what customers paid: Coupang orderPrice, Naver
totalPaymentAmount, Cafe24 payment_amount (as the fakes send them, like the
real APIs); a set keeps its amount split over its components; a partly
cancelled line keeps what was paid for the rest; a bad amount is reported."""

import datetime as dt

from django.utils import timezone

from channel_sync.fakes.scenario import cafe24_order, coupang_sheet, naver_order
from channel_sync.models import ChannelOrderLine, SyncRun
from channel_sync.services.sync import account_sync
from inventory.models import Product, StockMovement

TODAY = timezone.localdate()


def _paid(product):
    return sorted(((m.kind, m.quantity, m.amount) for m in
                  StockMovement.objects.filter(product=product, kind__in=(
                      "outbound", "reversal"))),
                  key=lambda row: (row[0], row[1], row[2] is not None, row[2] or 0))


def test_coupang_sync_stores_order_price_and_the_rest_of_a_cancelled_line(
        coupang_account, fake_coupang, stocked):
    tee, sock = stocked("SS-TEE-BK-M"), stocked("SS-SOCK-3P")
    fake_coupang.sheets += [
        coupang_sheet(box=1, order_id=11, status="FINAL_DELIVERY", day=TODAY,
                      items=[(101, "SS-TEE-BK-M", 2, 0, 24800),
                             (102, "SS-SOCK-3P", 3, 1, 23700)]),
    ]
    run = account_sync(account_id=coupang_account.pk)
    assert run.status == SyncRun.Status.OK, run.error
    assert _paid(tee) == [("outbound", -2, 24800)]
    # 3 ordered for 23,700, 1 cancelled: the 2 still sold carry 15,800.
    assert _paid(sock) == [("outbound", -2, 15800)]
    assert ChannelOrderLine.objects.get(key="1:102").amount == 23700


def test_naver_sync_stores_total_payment_amount(naver_account, fake_naver, stocked):
    tee = stocked("SS-TEE-BK-M")
    fake_naver.orders["P1"] = naver_order(
        product_order_id="P1", status="DELIVERED", sku="SS-TEE-BK-M", quantity=2,
        changed=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1), amount=23800)
    run = account_sync(account_id=naver_account.pk)
    assert run.status == "ok", run.error
    assert _paid(tee) == [("outbound", -2, 23800)]


def test_cafe24_sync_splits_a_set_amount_by_list_price(cafe24_account, fake_cafe24,
                                                       gift_set):
    gift, tee, sock = gift_set
    Product.objects.filter(pk=tee.pk).update(selling_price=12900)
    Product.objects.filter(pk=sock.pk).update(selling_price=7900)
    fake_cafe24.orders.append(cafe24_order(
        order_id="20251001-0000123", day=TODAY,
        items=[("N40", "SET-GIFT-A", "P00000BP000A", 1, 29900)]))
    run = account_sync(account_id=cafe24_account.pk)
    assert run.status == "ok", run.error
    assert _paid(tee) == [("outbound", -1, 13439)]
    assert _paid(sock) == [("outbound", -2, 16461)]


def test_a_line_with_an_impossible_amount_is_reported_not_recorded(
        coupang_account, fake_coupang, stocked):
    tee = stocked("SS-TEE-BK-M")
    sheet = coupang_sheet(box=5, order_id=15, status="FINAL_DELIVERY", day=TODAY,
                          items=[(101, "SS-TEE-BK-M", 1, 0, 12900)])
    sheet["orderItems"][0]["orderPrice"] = -12900
    fake_coupang.sheets.append(sheet)
    run = account_sync(account_id=coupang_account.pk)
    reasons = " ".join(detail.get("reason", "") for detail in run.details)
    assert "orderPrice" in reasons and "negative" in reasons
    assert _paid(tee) == []


def test_an_amount_arriving_later_reverses_the_line_and_records_it_with_the_amount(
        coupang_account, fake_coupang, stocked):
    tee = stocked("SS-TEE-BK-M")
    sheet = coupang_sheet(box=8, order_id=18, status="FINAL_DELIVERY", day=TODAY,
                          items=[(101, "SS-TEE-BK-M", 2, 0)])
    fake_coupang.sheets.append(sheet)
    assert account_sync(account_id=coupang_account.pk).status == "ok"
    assert _paid(tee) == [("outbound", -2, None)]
    # The next sync reads the same line with its orderPrice.
    fake_coupang.sheets[0] = coupang_sheet(
        box=8, order_id=18, status="FINAL_DELIVERY", day=TODAY,
        items=[(101, "SS-TEE-BK-M", 2, 0, 24800)])
    run = account_sync(account_id=coupang_account.pk)
    assert run.status == "ok" and run.movements == 2
    assert _paid(tee) == [("outbound", -2, None), ("outbound", -2, 24800),
                          ("reversal", 2, None)]
    tee.refresh_from_db()
    assert tee.on_hand == 98
    # Sent again unchanged: nothing written.
    assert account_sync(account_id=coupang_account.pk).movements == 0


def test_a_price_corrected_after_the_sale_is_recorded_with_its_history(
        naver_account, fake_naver, stocked):
    tee = stocked("SS-TEE-BK-M")
    changed = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    fake_naver.orders["P2"] = naver_order(
        product_order_id="P2", status="DELIVERED", sku="SS-TEE-BK-M", quantity=2,
        changed=changed, amount=25800)
    assert account_sync(account_id=naver_account.pk).status == "ok"
    fake_naver.orders["P2"] = naver_order(
        product_order_id="P2", status="DELIVERED", sku="SS-TEE-BK-M", quantity=2,
        changed=dt.datetime.now(dt.UTC), amount=23800)
    assert account_sync(account_id=naver_account.pk).status == "ok"
    assert _paid(tee) == [("outbound", -2, 23800), ("outbound", -2, 25800),
                          ("reversal", 2, 25800)]
    assert account_sync(account_id=naver_account.pk).movements == 0
