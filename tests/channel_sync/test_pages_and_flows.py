"""Pages and flows: credentials never shown, unknown codes, pick list, push,
an uploaded export and the API counting a line once."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from channel_sync import crypto
from channel_sync.fakes.scenario import coupang_sheet
from channel_sync.models import ChannelAccount, ChannelOrderLine, StockPush
from channel_sync.services.push import stock_push_run
from channel_sync.services.sync import account_sync
from inventory.models import ChannelListing, StockMovement
from inventory.services.import_apply import upload_apply
from inventory.services.imports import UploadError, upload_create
from tests.inventory.upload_files import csv_bytes

TODAY = timezone.localdate()


def test_connect_stores_credentials_encrypted_and_never_renders_them(
        organization, client_for, fake_coupang):
    client = client_for(organization, Role.MANAGER)
    response = client.post(reverse("channel_sync:account_list"), {
        "kind": "coupang", "name": "Wing", "account_id": "A00012345",
        "key": "ak-test", "secret": "sk-test", "base_url": fake_coupang.base_url})
    assert response.status_code == 302
    account = ChannelAccount.objects.get(name="Wing")
    assert "sk-test" not in account.credentials and "ak-test" not in account.credentials
    assert crypto.decrypt(account.credentials)["secret_key"] == "sk-test"
    page = client.get(reverse("channel_sync:account_list")).content.decode()
    assert "Wing" in page and "sk-test" not in page and "ak-test" not in page
    test = client.post(reverse("channel_sync:account_test", args=[account.pk]),
                       follow=True).content.decode()
    assert "The connection works." in test and "sk-test" not in test
    assert "alert-success" in test


def test_key_rotation_keeps_accounts_readable(coupang_account, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    old = crypto._dev_key().decode()
    new = Fernet.generate_key().decode()
    settings.SMARTSTOCK_CREDENTIALS_KEYS = [new, old]
    call_command("rotate_channel_credentials")
    settings.SMARTSTOCK_CREDENTIALS_KEYS = [new]
    coupang_account.refresh_from_db()
    assert crypto.decrypt(coupang_account.credentials)["access_key"] == "ak-test"


def test_viewer_sees_pages_but_no_actions(organization, client_for, coupang_account):
    client = client_for(organization, Role.VIEWER)
    page = client.get(reverse("channel_sync:account_list")).content.decode()
    assert "Coupang main" in page and "Sync now" not in page and "Connect" not in page
    assert client.post(reverse("channel_sync:account_list"), {}).status_code == 403
    assert client.get(reverse("channel_sync:push_settings",
                              args=[coupang_account.pk])).status_code == 200


def test_unknown_code_waits_then_applies_after_mapping(
        organization, client_for, coupang_account, fake_coupang, stocked):
    tee = stocked("SS-TEE-BK-M")
    fake_coupang.sheets.append(coupang_sheet(
        box=9, order_id=90, status="FINAL_DELIVERY", day=TODAY,
        items=[(85000000051, "", 2, 0)]))  # no seller code, unknown option id
    run = account_sync(account_id=coupang_account.pk)
    assert run.unknown == 1 and tee.movements.filter(source="channel_sync").count() == 0
    client = client_for(organization, Role.MANAGER)
    page = client.get(reverse("channel_sync:account_list")).content.decode()
    assert "85000000051" in page
    response = client.post(reverse("channel_sync:code_map"), {
        "account": coupang_account.pk, "code": "85000000051", "sku": "SS-TEE-BK-M"})
    assert response.status_code == 302
    tee.refresh_from_db()
    assert tee.on_hand == 98
    assert ChannelListing.objects.filter(code="85000000051", product=tee).exists()
    # The next sync finds the code through the listing; nothing is counted twice.
    assert account_sync(account_id=coupang_account.pk).movements == 0
    tee.refresh_from_db()
    assert tee.on_hand == 98
    movement = tee.movements.get(source="channel_sync")
    line_page = client.get(reverse("channel_sync:movement_line", args=[movement.pk]))
    assert "9:85000000051" in line_page.content.decode()


def test_pick_list_groups_by_product_with_sets_exploded(
        organization, client_for, coupang_account, fake_coupang, gift_set):
    gift, tee, sock = gift_set
    fake_coupang.sheets += [
        coupang_sheet(box=1, order_id=1, status="ACCEPT", day=TODAY,
                      items=[(1, "SET-GIFT-A", 2, 0), (2, "SS-TEE-BK-M", 1, 0)]),
        coupang_sheet(box=2, order_id=2, status="FINAL_DELIVERY", day=TODAY,
                      items=[(2, "SS-TEE-BK-M", 5, 0)]),
    ]
    account_sync(account_id=coupang_account.pk)
    client = client_for(organization, Role.VIEWER)
    page = client.get(reverse("channel_sync:pick_list"))
    assert page.status_code == 200
    picks = page.context["picks"]
    totals = {row.product.sku: row.total for row in picks.rows}
    assert totals == {"SS-TEE-BK-M": 3, "SS-SOCK-3P": 4}  # shipped line not listed
    assert picks.channel_totals == {"Coupang main": 7}
    sheet = client.get(reverse("channel_sync:pick_list") + "?format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(sheet.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert ("SS-SOCK-3P", sock.name, 4, 4, "SET-GIFT-A", None) in rows


def test_stock_push_dry_run_then_push_changed_quantities(
        organization, client_for, coupang_account, fake_coupang, gift_set):
    gift, tee, sock = gift_set  # 100 each
    ChannelListing.objects.create(organization=organization,
                                  channel=coupang_account.channel, code="777",
                                  product=gift)
    fake_coupang.sheets.append(coupang_sheet(
        box=3, order_id=3, status="ACCEPT", day=TODAY, items=[(888, "SS-TEE-BK-M", 4, 0)]))
    account_sync(account_id=coupang_account.pk)
    coupang_account.refresh_from_db()
    coupang_account.push_buffer = 1
    coupang_account.save()
    client = client_for(organization, Role.MANAGER)
    page = client.get(reverse("channel_sync:push_settings", args=[coupang_account.pk]))
    plan = {item.code: item.quantity for item in page.context["plan"]}
    # tee: 100 − 4 reserved − 1 buffer; set: min(96 // 1, 100 // 2) − 1.
    assert plan == {"888": 95, "777": 49}
    assert stock_push_run(organization=organization, account=coupang_account).sent == 0
    assert fake_coupang.stock == {}  # off / dry run: nothing sent
    client.post(reverse("channel_sync:push_settings", args=[coupang_account.pk]),
                {"push_enabled": "on", "push_buffer": 1, "action": "save"})
    coupang_account.refresh_from_db()
    assert coupang_account.push_enabled and not coupang_account.push_dry_run
    result = stock_push_run(organization=organization, account=coupang_account)
    assert result.sent == 2 and fake_coupang.stock == {"888": 95, "777": 49}
    assert stock_push_run(organization=organization, account=coupang_account).sent == 0
    assert StockPush.objects.filter(status="sent").count() == 2


def _coupang_export(*lines):
    header = ["묶음배송번호", "주문번호", "주문일", "등록옵션명", "옵션ID", "업체상품코드",
              "구매수(수량)", "발주서상태"]
    return csv_bytes([header, *lines], encoding="cp949")


def test_line_from_api_and_from_uploaded_export_is_counted_once(
        organization, member_of, coupang_account, fake_coupang, stocked):
    tee = stocked("SS-TEE-BK-M", 50)
    user = member_of(organization, Role.STAFF)
    day = (TODAY - dt.timedelta(days=1)).isoformat()
    # 1) The export first (paid line), then the API reports it shipped.
    batch = upload_create(organization=organization, user=user, filename="Delivery.csv",
                          content=_coupang_export(
                              ["610000000123", "O1", f"{day} 10:00:00", "블랙",
                               "85000000011", "SS-TEE-BK-M", 2, "ACCEPT"]))
    upload_apply(organization=organization, batch=batch, user=user)
    tee.refresh_from_db()
    assert tee.on_hand == 48
    fake_coupang.sheets += [
        coupang_sheet(box=610000000123, order_id=1, status="FINAL_DELIVERY", day=TODAY,
                      items=[(85000000011, "SS-TEE-BK-M", 2, 0)]),
        coupang_sheet(box=610000000124, order_id=2, status="DELIVERING", day=TODAY,
                      items=[(85000000012, "SS-TEE-BK-M", 3, 0)]),
    ]
    run = account_sync(account_id=coupang_account.pk)
    tee.refresh_from_db()
    assert run.status == "ok" and tee.on_hand == 45
    # 2) The API first, then an export repeating that line: skipped.
    later = upload_create(organization=organization, user=user, filename="Delivery2.csv",
                          content=_coupang_export(
                              ["610000000124", "O2", f"{day} 11:00:00", "블랙",
                               "85000000012", "SS-TEE-BK-M", 3, "ACCEPT"]))
    with pytest.raises(UploadError, match="already recorded"):
        upload_apply(organization=organization, batch=later, user=user)
    tee.refresh_from_db()
    assert tee.on_hand == 45
    assert tee.on_hand == sum(StockMovement.objects.filter(product=tee).values_list(
        "quantity", flat=True))
    assert ChannelOrderLine.objects.filter(account=coupang_account).count() == 2


def test_the_korean_line_page_calls_the_channel_order_an_order_not_a_purchase(
        organization, client_for, coupang_account, fake_coupang, stocked):
    stocked("SS-TEE-BK-M")
    fake_coupang.sheets.append(coupang_sheet(
        box=7, order_id=70, status="FINAL_DELIVERY", day=TODAY,
        items=[(2, "SS-TEE-BK-M", 1, 0)]))
    account_sync(account_id=coupang_account.pk)
    movement = StockMovement.objects.get(organization=organization,
                                         source="channel_sync")
    page = client_for(organization, Role.VIEWER).get(
        reverse("channel_sync:movement_line", args=[movement.pk]),
        HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    # A customer's order on the channel is 주문; 발주 is our purchase order.
    assert '<dt class="col-sm-3">주문</dt>' in page
    assert '<dt class="col-sm-3">발주</dt>' not in page
