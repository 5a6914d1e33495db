"""A line the ledger refuses (here: a set without components at that time) is
marked with the reason and tried again by every sync, whether or not the
channel sends it again; once the user fixes the cause it is recorded exactly
once, and a line sent again unchanged writes nothing. The sync log says the
reason in its reader's language, whatever language the sync ran in."""

import datetime as dt

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from channel_sync.fakes.scenario import coupang_sheet, naver_order
from channel_sync.models import ChannelOrderLine, SyncRun
from channel_sync.services.sync import account_sync
from inventory.models import Product, SetComponent, StockMovement
from tests.factories import ProductFactory, SetComponentFactory

TODAY = timezone.localdate()


def _synced_movements() -> int:
    return StockMovement.objects.filter(source="channel_sync").count()


def test_a_refused_line_is_recorded_once_after_the_fix(
        organization, coupang_account, fake_coupang, stocked, client_for):
    tee = stocked("SS-TEE-BK-M")
    gift = ProductFactory(organization=organization, sku="SET-GIFT-A", kind="set")
    fake_coupang.sheets.append(coupang_sheet(
        box=1, order_id=11, status="FINAL_DELIVERY", day=TODAY,
        items=[(201, "SET-GIFT-A", 2, 0)]))
    with translation.override("ko"):  # a Celery task: the default language
        run = account_sync(account_id=coupang_account.pk)
    assert run.status == SyncRun.Status.OK, run.error
    line = ChannelOrderLine.objects.get(key="1:201")
    assert line.refusal is not None and line.recorded_quantity == 0
    assert _synced_movements() == 0
    log = reverse("channel_sync:run_list", args=[coupang_account.pk])
    client = client_for(organization, Role.VIEWER)
    korean = client.get(log, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    english = client.get(log, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "세트 SET-GIFT-A에 구성품이 없습니다" in korean
    assert "Set SET-GIFT-A has no components" not in korean
    assert ("<code>1:201</code>: Set SET-GIFT-A has no components; add them "
            "before recording movements.") in english

    SetComponentFactory(organization=organization, set_product=gift, component=tee,
                        quantity=1)  # the user fixes the set
    run = account_sync(account_id=coupang_account.pk)  # the line comes again

    assert run.status == SyncRun.Status.OK and run.details == []
    assert run.movements == 1 and _synced_movements() == 1
    line.refresh_from_db()
    assert line.refusal is None and line.recorded_quantity == 2
    assert Product.objects.get(pk=tee.pk).on_hand == 98
    # Sent again unchanged: nothing written.
    again = account_sync(account_id=coupang_account.pk)
    assert again.movements == 0 and _synced_movements() == 1


def test_a_refused_amount_correction_waits_until_fixed_even_if_not_sent_again(
        naver_account, fake_naver, gift_set):
    gift, tee, sock = gift_set
    fake_naver.orders["P1"] = naver_order(
        product_order_id="P1", status="DELIVERED", sku="SET-GIFT-A", quantity=1,
        changed=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2), amount=25800)
    assert account_sync(account_id=naver_account.pk).movements == 2
    parts = list(SetComponent.objects.filter(set_product=gift)
                 .values_list("component_id", "quantity"))
    SetComponent.objects.filter(set_product=gift).delete()
    # The price is corrected on the channel while the set has no components.
    fake_naver.orders["P1"] = naver_order(
        product_order_id="P1", status="DELIVERED", sku="SET-GIFT-A", quantity=1,
        changed=dt.datetime.now(dt.UTC), amount=23800)
    refused = account_sync(account_id=naver_account.pk)
    assert refused.movements == 0
    assert {detail["ref"] for detail in refused.details} == {"P1"}
    line = ChannelOrderLine.objects.get(key="P1")
    assert line.amount == 23800 and line.recorded_quantity == 1  # units as before
    assert line.refusal["params"] == {"sku": "SET-GIFT-A"}
    # The channel will not send this line again (its change is past the window).
    fake_naver.orders["P1"]["changed"] = dt.datetime.now(dt.UTC) - dt.timedelta(days=5)
    for component_id, quantity in parts:  # the user restores the set
        SetComponentFactory(organization=gift.organization, set_product=gift,
                            component_id=component_id, quantity=quantity)

    fixed = account_sync(account_id=naver_account.pk)

    assert fixed.status == SyncRun.Status.OK and fixed.details == []
    assert fixed.movements == 4  # both parts: the old take reversed, taken again
    line.refresh_from_db()
    assert line.refusal is None
    synced = StockMovement.objects.filter(source="channel_sync")
    taken = synced.filter(kind="outbound").aggregate(paid=Sum("amount"))["paid"]
    given_back = synced.filter(kind="reversal").aggregate(paid=Sum("amount"))["paid"]
    assert taken - given_back == 23800
    assert Product.objects.get(pk=tee.pk).on_hand == 99
    assert Product.objects.get(pk=sock.pk).on_hand == 98
    assert account_sync(account_id=naver_account.pk).movements == 0
