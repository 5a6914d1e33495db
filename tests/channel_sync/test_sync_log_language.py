"""The reasons a sync gives for the lines it skipped (the connectors' and the
sync's own) are stored as template + params and said in the sync log in its
reader's language, whatever language the sync ran in; an older run's plain
English reason is still shown as it was stored."""

import datetime as dt
import html

from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from channel_sync.fakes.scenario import coupang_sheet, naver_order
from channel_sync.models import SyncRun
from channel_sync.services.sync import account_sync

TODAY = timezone.localdate()


def _bad_sheets():
    missing = coupang_sheet(box=5, order_id=50, status="FINAL_DELIVERY", day=TODAY,
                            items=[(101, "SS-TEE-BK-M", 1, 0),
                                   (102, "SS-TEE-BK-M", -2, 0),
                                   (103, "SS-TEE-BK-M", 1, 0, -500)])
    del missing["orderItems"][0]["shippingCount"]
    over = coupang_sheet(box=7, order_id=70, status="FINAL_DELIVERY", day=TODAY,
                         items=[(101, "SS-TEE-BK-M", 2, 3)])
    return [missing, over]


def _log(client, account, language):
    page = client.get(reverse("channel_sync:run_list", args=[account.pk]),
                      HTTP_ACCEPT_LANGUAGE=language)
    return html.unescape(page.content.decode())


def test_a_korean_reader_sees_the_skipped_lines_reasons_in_korean(
        organization, client_for, coupang_account, fake_coupang, stocked):
    stocked("SS-TEE-BK-M")
    fake_coupang.sheets += _bad_sheets()
    fake_coupang.return_line(box="999", vendor_item="1", count=1,
                             day=TODAY.isoformat())
    with translation.override(None):  # a Celery task: no request language
        run = account_sync(account_id=coupang_account.pk)
    assert run.status == SyncRun.Status.OK, run.error
    assert run.skipped == 5
    client = client_for(organization, Role.VIEWER)

    korean = _log(client, coupang_account, "ko")

    assert "<code>5/101</code>: shippingCount 필드가 없습니다" in korean
    assert "<code>5/102</code>: shippingCount 값이 음수입니다: -2" in korean
    assert ("<code>5/103</code>: orderPrice: -500은(는) 음수입니다. 결제 금액은 음수일 수"
            " 없습니다.") in korean
    assert "<code>7/101</code>: cancelCount 값이 shippingCount 값보다 큽니다" in korean
    assert "<code>999:1</code>: 받은 적 없는 주문 라인의 반품입니다" in korean
    for english in ("missing field", "is negative", "is larger than", "never seen"):
        assert english not in korean

    english = _log(client, coupang_account, "en")
    assert "<code>5/101</code>: missing field shippingCount" in english
    assert "<code>5/103</code>: orderPrice: -500 is negative" in english
    assert "<code>999:1</code>: return for an order line never seen" in english


def test_a_naver_line_of_an_unknown_status_is_explained_in_korean(
        organization, client_for, naver_account, fake_naver):
    fake_naver.orders["P9"] = naver_order(
        product_order_id="P9", status="TELEPORTED", sku="SS-TEE-BK-M", quantity=1,
        changed=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    with translation.override("en"):
        run = account_sync(account_id=naver_account.pk)
    assert run.skipped == 1 and run.details[0]["reason"] == "unknown status TELEPORTED"
    korean = _log(client_for(organization, Role.VIEWER), naver_account, "ko")
    assert "<code>P9</code>: 알 수 없는 상태 TELEPORTED" in korean


def test_an_older_runs_plain_reason_is_shown_as_stored(
        organization, client_for, coupang_account):
    SyncRun.objects.create(
        organization=organization, account=coupang_account,
        started_at=timezone.now(), status=SyncRun.Status.OK, skipped=2,
        details=[{"ref": "1/2", "reason": "missing field shippingCount"},
                 {"ref": "3/4", "reason": "Something the channel said."}])
    korean = _log(client_for(organization, Role.VIEWER), coupang_account, "ko")
    assert "<code>1/2</code>: missing field shippingCount" in korean
    assert "<code>3/4</code>: Something the channel said." in korean
