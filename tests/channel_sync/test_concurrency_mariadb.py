"""MariaDB: two accounts syncing at once while a user uploads an export that
touches the same products: every line counted once, caches equal the ledger."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.roles import Role
from channel_sync.fakes.scenario import coupang_sheet, naver_order
from channel_sync.models import ChannelOrderLine
from channel_sync.services.sync import account_sync
from inventory.models import Product, StockMovement
from inventory.services.import_apply import upload_apply
from inventory.services.imports import upload_create
from inventory.services.integrity import stock_verify
from tests.inventory.upload_files import csv_bytes
from tests.mariadb import MARIADB_ONLY, errors_together

pytestmark = MARIADB_ONLY


def test_two_accounts_and_an_upload_at_once(organization, member_of, coupang_account,
                                            naver_account, fake_coupang, fake_naver,
                                            stocked):
    skus = [f"SKU-{i}" for i in range(6)]
    products = [stocked(sku, 10_000) for sku in skus]
    today = timezone.localdate()
    now = dt.datetime.now(dt.UTC)
    expected = 0
    for index in range(240):
        sku = skus[index % 6]
        fake_coupang.sheets.append(coupang_sheet(
            box=700000 + index, order_id=index, status="FINAL_DELIVERY", day=today,
            items=[(900 + index % 6, sku, 1 + index % 3, 0)]))
        fake_naver.orders[f"N{index}"] = naver_order(
            product_order_id=f"N{index}", status="DELIVERED", sku=sku,
            quantity=1 + index % 2, changed=now - dt.timedelta(minutes=5 + index))
        expected += (1 + index % 3) + (1 + index % 2)
    header = ["묶음배송번호", "주문번호", "주문일", "등록옵션명", "옵션ID", "업체상품코드",
              "구매수(수량)", "발주서상태"]
    day = (today - dt.timedelta(days=1)).isoformat()
    # The export repeats 60 lines the Coupang sync also reads, and has 60 of its own.
    rows = [[str(700000 + i), str(i), f"{day} 10:00:00", "x", str(900 + i % 6),
             skus[i % 6], 1 + i % 3, "ACCEPT"] for i in range(60)]
    rows += [[str(800000 + i), str(i), f"{day} 10:00:00", "x", str(900 + i % 6),
              skus[i % 6], 2, "ACCEPT"] for i in range(60)]
    expected += 60 * 2
    user = member_of(organization, Role.STAFF)
    batch = upload_create(organization=organization, user=user, filename="D.csv",
                          content=csv_bytes([header, *rows], encoding="cp949"))
    results = {}

    def sync(account):
        results[account.pk] = account_sync(account_id=account.pk)

    def upload():
        try:
            upload_apply(organization=organization, batch=batch, user=user)
        except Exception as error:  # the sync may have recorded the lines first
            results["upload"] = error

    errors = errors_together([lambda: sync(coupang_account), lambda: sync(naver_account),
                        upload])
    assert errors == []
    assert all(run.status == "ok" for key, run in results.items() if key != "upload"), \
        [run.error for run in results.values() if hasattr(run, "error")]
    taken = sum(10_000 - Product.objects.get(pk=p.pk).on_hand for p in products)
    assert taken == expected
    assert stock_verify(organization=organization) == []
    assert ChannelOrderLine.objects.filter(organization=organization).count() == 480
    assert StockMovement.objects.filter(organization=organization,
                                        source="channel_sync").exists()
