"""Full syncs against the fake channels: exactly once, resumable, reversals."""

import datetime as dt

import pytest
from django.utils import timezone

from channel_sync.fakes.base import Fault
from channel_sync.fakes.scenario import cafe24_order, coupang_sheet, naver_order
from channel_sync.models import ChannelAccount, ChannelOrderLine, SyncRun
from channel_sync.services import sync as sync_services
from channel_sync.services.sync import account_sync
from inventory.models import Product, StockMovement

TODAY = timezone.localdate()


def _on_hand(product):
    product.refresh_from_db()
    return product.on_hand


def _ledger_sum(product):
    return sum(StockMovement.objects.filter(product=product).values_list(
        "quantity", flat=True))


def test_coupang_full_sync_records_shipped_lines_once(coupang_account, fake_coupang,
                                                      stocked):
    tee, sock = stocked("SS-TEE-BK-M"), stocked("SS-SOCK-3P")
    fake_coupang.sheets += [
        coupang_sheet(box=1, order_id=11, status="FINAL_DELIVERY", day=TODAY,
                      items=[(101, "SS-TEE-BK-M", 2, 0), (102, "SS-SOCK-3P", 1, 0)]),
        coupang_sheet(box=2, order_id=12, status="ACCEPT", day=TODAY,
                      items=[(101, "SS-TEE-BK-M", 5, 0)]),
        coupang_sheet(box=3, order_id=13, status="DEPARTURE", day=TODAY,
                      items=[(102, "SS-SOCK-3P", 3, 1)]),
    ]
    run = account_sync(account_id=coupang_account.pk)
    assert run.status == SyncRun.Status.OK, run.error
    assert (run.fetched, run.applied, run.unknown) == (4, 3, 0)
    assert _on_hand(tee) == 98  # the paid (ACCEPT) line only reserves
    assert _on_hand(sock) == 100 - 1 - 2  # 3 ordered, 1 cancelled
    line = ChannelOrderLine.objects.get(key="2:101")
    assert line.state == "reserved" and line.recorded_quantity == 0
    movements = StockMovement.objects.filter(source="channel_sync").count()
    coupang_account.refresh_from_db()
    assert coupang_account.watermark is not None and coupang_account.cursor is None

    rerun = account_sync(account_id=coupang_account.pk)
    assert rerun.status == "ok" and rerun.movements == 0
    assert StockMovement.objects.filter(source="channel_sync").count() == movements
    for product in (tee, sock):
        assert _on_hand(product) == _ledger_sum(product)
    coupang_account.refresh_from_db()
    assert coupang_account.lines_imported == 4  # lines, not deliveries of them


def test_naver_full_sync_pages_by_more_and_rerun_adds_nothing(naver_account, fake_naver,
                                                              stocked):
    tee = stocked("SS-TEE-BK-M", 500)
    now = dt.datetime.now(dt.UTC)
    for index in range(7):
        fake_naver.orders[f"P{index}"] = naver_order(
            product_order_id=f"P{index}", status="DELIVERED", sku="SS-TEE-BK-M",
            quantity=1, changed=now - dt.timedelta(hours=1))  # all at one instant
    from channel_sync.services.accounts import connector_for

    connector = connector_for(naver_account)
    connector.page_size = 3
    run = account_sync(account_id=naver_account.pk, connector=connector)
    assert run.status == "ok", run.error
    assert run.pages >= 3 and run.applied == 7
    assert _on_hand(tee) == 493
    rerun = account_sync(account_id=naver_account.pk)
    assert rerun.movements == 0 and _on_hand(tee) == 493


def test_cafe24_full_sync_with_set_explosion(cafe24_account, fake_cafe24, gift_set):
    gift, tee, sock = gift_set
    fake_cafe24.orders.append(cafe24_order(order_id="20251001-0000123", day=TODAY, items=[
        ("N40", "SET-GIFT-A", "P00000BP000A", 2), ("N20", "SS-TEE-BK-M", "P0A", 1),
        ("C40", "SS-SOCK-3P", "P0B", 4)]))
    run = account_sync(account_id=cafe24_account.pk)
    assert run.status == "ok", run.error
    assert _on_hand(tee) == 98 and _on_hand(sock) == 96  # 2 sets: 2 tees, 4 socks
    rows = StockMovement.objects.filter(source="channel_sync")
    assert {row.set_product_id for row in rows} == {gift.pk}


def test_cancellation_after_dispatch_reverses_the_outbound(
        coupang_account, fake_coupang, naver_account, fake_naver, cafe24_account,
        fake_cafe24, stocked):
    tee = stocked("SS-TEE-BK-M")
    now = dt.datetime.now(dt.UTC)
    fake_coupang.sheets.append(coupang_sheet(box=7, order_id=70, status="FINAL_DELIVERY",
                                             day=TODAY, items=[(101, "SS-TEE-BK-M", 2, 0)]))
    fake_naver.orders["N1"] = naver_order(product_order_id="N1", status="DELIVERED",
                                          sku="SS-TEE-BK-M", quantity=3,
                                          changed=now - dt.timedelta(hours=2))
    fake_cafe24.orders.append(cafe24_order(order_id="C-1", day=TODAY,
                                           items=[("N40", "SS-TEE-BK-M", "V1", 4)]))
    for account in (coupang_account, naver_account, cafe24_account):
        assert account_sync(account_id=account.pk).status == "ok"
    assert _on_hand(tee) == 100 - 2 - 3 - 4

    fake_coupang.return_line(box="7", vendor_item="101", count=2, day=TODAY.isoformat())
    fake_naver.set_status("N1", "RETURNED", changed=now - dt.timedelta(minutes=1))
    fake_cafe24.set_status("C-1-01", "R40")
    for account in (coupang_account, naver_account, cafe24_account):
        assert account_sync(account_id=account.pk).status == "ok"
    assert _on_hand(tee) == 100 == _ledger_sum(tee)
    reversals = StockMovement.objects.filter(kind="reversal", product=tee)
    assert reversals.count() == 3
    assert all(row.reversal_of_id for row in reversals)
    # A later run that re-reads the old sheet (still FINAL_DELIVERY) keeps the return.
    assert account_sync(account_id=coupang_account.pk).movements == 0
    assert _on_hand(tee) == 100


def test_interrupted_after_page_k_resumes_without_loss_or_duplicate(
        coupang_account, fake_coupang, stocked, monkeypatch):
    tee = stocked("SS-TEE-BK-M", 1000)
    for index in range(120):  # 3 pages of 50 in FINAL_DELIVERY
        fake_coupang.sheets.append(coupang_sheet(
            box=1000 + index, order_id=index, status="FINAL_DELIVERY", day=TODAY,
            items=[(101, "SS-TEE-BK-M", 1, 0)]))
    def killed_after_two(account, run):
        # Killed right after the second page with lines was committed.
        if ChannelOrderLine.objects.filter(account=account).count() == 100:
            raise SystemExit("worker killed")

    monkeypatch.setattr(sync_services, "page_committed", killed_after_two)
    with pytest.raises(SystemExit):
        account_sync(account_id=coupang_account.pk)
    assert _on_hand(tee) == 1000 - 100  # two pages committed
    coupang_account.refresh_from_db()
    assert coupang_account.cursor and coupang_account.watermark is None
    monkeypatch.setattr(sync_services, "page_committed", lambda account, run: None)
    run = account_sync(account_id=coupang_account.pk)
    assert run.status == "ok"
    assert _on_hand(tee) == 1000 - 120 == _ledger_sum(tee)
    assert ChannelOrderLine.objects.filter(account=coupang_account).count() == 120


def test_http_500_mid_sync_fails_the_run_and_the_next_run_resumes(
        naver_account, fake_naver, stocked):
    tee = stocked("SS-TEE-BK-M", 100)
    now = dt.datetime.now(dt.UTC)
    for index in range(6):
        fake_naver.orders[f"Q{index}"] = naver_order(
            product_order_id=f"Q{index}", status="DELIVERED", sku="SS-TEE-BK-M",
            quantity=1, changed=now - dt.timedelta(hours=3, minutes=index))
    from channel_sync.services.accounts import connector_for

    connector = connector_for(naver_account)
    connector.page_size = 2
    fake_naver.inject(*[Fault("status", status=500, path="/product-orders/query")
                        for _ in range(8)][1:])  # fails from the 2nd detail query on
    fake_naver.faults.insert(0, Fault("slow", seconds=0, path="/product-orders/query"))
    run = account_sync(account_id=naver_account.pk, connector=connector)
    assert run.status == "failed" and "HTTP 500" in run.error
    naver_account.refresh_from_db()
    assert naver_account.status == "error" and naver_account.last_error
    assert _on_hand(tee) == 98  # the first page only
    fake_naver.faults.clear()
    run = account_sync(account_id=naver_account.pk)
    assert run.status == "ok"
    assert _on_hand(tee) == 94 == _ledger_sum(tee)
    naver_account.refresh_from_db()
    assert naver_account.status == "active"


def test_429_with_retry_after_is_honoured(coupang_account, fake_coupang, stocked, waits):
    stocked("SS-TEE-BK-M")
    fake_coupang.inject(Fault("status", status=429, retry_after="2"),
                        Fault("status", status=503))
    run = account_sync(account_id=coupang_account.pk)
    assert run.status == "ok"
    assert waits[0] == 2.0 and len(waits) == 2


def test_expired_tokens_are_renewed_and_cafe24_refresh_token_rotates(
        naver_account, fake_naver, cafe24_account, fake_cafe24, stocked):
    from channel_sync.services.accounts import credentials_of

    stocked("SS-TEE-BK-M")
    assert account_sync(account_id=naver_account.pk).status == "ok"
    fake_naver.expire_tokens()
    assert account_sync(account_id=naver_account.pk).status == "ok"
    before = credentials_of(cafe24_account)["refresh_token"]
    fake_cafe24.expire_tokens()
    assert account_sync(account_id=cafe24_account.pk).status == "ok"
    cafe24_account.refresh_from_db()
    after = credentials_of(cafe24_account)
    assert fake_cafe24.refreshes == 1 and after["refresh_token"] != before
    assert after["refresh_token"] in fake_cafe24.refresh_tokens


def test_401_pauses_the_account_and_raises_one_alert(coupang_account, fake_coupang):
    from alerts.models import Alert

    fake_coupang.secret_key = "rotated-by-the-seller"
    for _ in range(2):
        run = account_sync(account_id=coupang_account.pk)
        assert run.status == "failed"
    coupang_account.refresh_from_db()
    assert coupang_account.status == ChannelAccount.Status.PAUSED
    alerts = Alert.objects.filter(kind="channel", open_key__isnull=False)
    assert alerts.count() == 1 and alerts.get().product_id is None
    assert "Coupang main" in alerts.get().params["name"]
    assert sync_services.accounts_due() == []  # paused accounts are not synced


def test_bad_lines_are_skipped_and_reported(coupang_account, fake_coupang, stocked,
                                            other_organization):
    tee = stocked("SS-TEE-BK-M")
    Product.objects.create(organization=other_organization, sku="THEIRS", name="x")
    sheet = coupang_sheet(box=5, order_id=50, status="FINAL_DELIVERY", day=TODAY,
                          items=[(101, "SS-TEE-BK-M", 1, 0), (102, "SS-TEE-BK-M", -2, 0),
                                 (103, "THEIRS", 1, 0)])
    del sheet["orderItems"][0]["shippingCount"]
    weird = coupang_sheet(box=6, order_id=60, status="FINAL_DELIVERY", day=TODAY,
                          items=[(101, "SS-TEE-BK-M", 1, 0)])
    weird["status"] = "TELEPORTED"
    fake_coupang.sheets += [sheet, weird,
                            coupang_sheet(box=8, order_id=80, status="DELIVERING",
                                          day=TODAY, items=[(101, "SS-TEE-BK-M", 1, 0)])]
    run = account_sync(account_id=coupang_account.pk)
    assert run.status == "ok"
    reasons = " | ".join(detail["reason"] for detail in run.details)
    assert "missing field shippingCount" in reasons
    assert "shippingCount is negative" in reasons
    assert run.unknown == 1  # the other organization's code is unknown here
    assert _on_hand(tee) == 99


def test_lock_keeps_a_second_run_out(coupang_account):
    token = sync_services._acquire(coupang_account.pk)
    try:
        with pytest.raises(sync_services.SyncBusy):
            account_sync(account_id=coupang_account.pk)
    finally:
        sync_services._release(coupang_account.pk, token)
    assert account_sync(account_id=coupang_account.pk).status == "ok"


def test_duplicated_pages_count_each_line_once(coupang_account, fake_coupang, stocked):
    tee = stocked("SS-TEE-BK-M", 1000)
    fake_coupang.duplicate_pages = True  # each page repeats half of the previous one
    for index in range(130):
        fake_coupang.sheets.append(coupang_sheet(
            box=5000 + index, order_id=index, status="DELIVERING", day=TODAY,
            items=[(101, "SS-TEE-BK-M", 1, 0)]))
    run = account_sync(account_id=coupang_account.pk)
    assert run.status == "ok" and run.fetched > 130 + 9  # repeats were read
    assert _on_hand(tee) == 1000 - 130 == _ledger_sum(tee)


def test_a_slow_answer_times_out_and_is_retried(coupang_account, fake_coupang, stocked,
                                                settings):
    settings.CHANNEL_SYNC_HTTP = {**settings.CHANNEL_SYNC_HTTP, "timeout_seconds": 0.3}
    tee = stocked("SS-TEE-BK-M")
    fake_coupang.sheets.append(coupang_sheet(box=1, order_id=1, status="DELIVERING",
                                             day=TODAY, items=[(101, "SS-TEE-BK-M", 1, 0)]))
    fake_coupang.inject(Fault("slow", seconds=1.0, path="/ordersheets"))
    run = account_sync(account_id=coupang_account.pk)
    assert run.status == "ok" and _on_hand(tee) == 99
    assert fake_coupang.count("/ordersheets") >= 7  # 6 statuses + the retried call


def test_cafe24_revoked_refresh_token_pauses_with_an_alert(cafe24_account, fake_cafe24):
    from alerts.models import Alert

    fake_cafe24.expire_tokens()
    fake_cafe24.refresh_tokens.clear()  # the owner revoked the app
    run = account_sync(account_id=cafe24_account.pk)
    assert run.status == "failed" and "authorize the app again" in run.error
    cafe24_account.refresh_from_db()
    assert cafe24_account.status == "paused"
    assert Alert.objects.filter(kind="channel", open_key__isnull=False).count() == 1


def test_the_disconnected_alert_gives_the_reason_in_the_readers_language(
        coupang_account, fake_coupang):
    """The sync runs without a language (a Celery task); the alert centre reads
    the channel's reason in Korean, and in English for an English reader."""
    from django.utils import translation

    from alerts.models import Alert
    from policy.messages import render_message

    fake_coupang.secret_key = "rotated-by-the-seller"
    with translation.override(None):
        account_sync(account_id=coupang_account.pk)
    alert = Alert.objects.get(kind="channel", open_key__isnull=False)
    with translation.override("ko"):
        korean = render_message(alert.message_template, alert.params)
    with translation.override("en"):
        english = render_message(alert.message_template, alert.params)
    assert "채널이 인증 정보를 거부했습니다 (HTTP 401)" in korean
    assert "refused the credentials" not in korean
    assert "The channel refused the credentials (HTTP 401)." in english
