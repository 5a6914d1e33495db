"""Overlapping daily channel exports: only new lines apply, changes are corrected.

The files are built like real downloads (bench/channel_exports.py: the full
40-column Coupang DeliveryList and 57-column SmartStore layout with its notice
row and 출고지 column), not like the short fixtures.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from bench import channel_exports as ce
from inventory.models import Product, StockMovement, UploadBatch
from inventory.services.import_apply import upload_apply, upload_revert
from inventory.services.imports import UploadError, upload_create
from inventory.services.integrity import stock_verify
from inventory.services.stock import movement_record
from tests.factories import ChannelFactory, MembershipFactory, ProductFactory

S = UploadBatch.Status
START = dt.datetime(2026, 11, 1, 9, 0)
CODES = ce.skus(10)


@pytest.fixture
def shop(organization):
    user = MembershipFactory(organization=organization, role=Role.MANAGER).user
    ChannelFactory(organization=organization, name="쿠팡", kind="coupang")
    ChannelFactory(organization=organization, name="스마트스토어", kind="smartstore")
    products = [ProductFactory(organization=organization, sku=code) for code in CODES]
    for product in products:
        movement_record(organization=organization, user=None, product=product,
                        kind="inbound", quantity=1000, business_date=START.date())
    return user, products


def _taken(rows) -> dict[str, int]:
    taken: dict[str, int] = {code: 0 for code in CODES}
    for row in rows:
        code, quantity = row[16], row[22]
        taken[code] = taken.get(code, 0) + quantity
    return taken


def _on_hand() -> dict[str, int]:
    """Units taken per SKU since the opening stock."""
    return {p.sku: 1000 - p.on_hand for p in Product.objects.all()}


def _upload(organization, user, content, name="DeliveryList.xlsx"):
    batch = upload_create(organization=organization, user=user, filename=name,
                          content=content)
    assert batch.result["ok"], batch.result.get("problems")
    return batch


def test_overlapping_coupang_exports_apply_only_new_lines(organization, shop):
    user, _products = shop
    day1 = ce.coupang_rows(50, CODES, start=START)
    first = _upload(organization, user, ce.coupang_xlsx(day1))
    assert upload_apply(organization=organization, batch=first,
                        user=user).status == S.APPLIED
    assert _on_hand() == _taken(day1)

    # Day 2 repeats the last 30 lines of day 1 (60 %) and adds 20 new ones.
    day2 = ce.coupang_rows(50, CODES, start=START, first=20)
    second = _upload(organization, user, ce.coupang_xlsx(day2), "DeliveryList2.xlsx")
    assert second.result["skipped_counts"]["already_recorded"] == 30
    assert [s["row"] for s in second.result["skipped"]] == list(range(2, 32))
    assert second.rows_to_apply == 20
    assert second.result["rows_applied_from"] == 20  # the preview's "rows to apply"
    second = upload_apply(organization=organization, batch=second, user=user)
    assert second.status == S.APPLIED and second.movements_count == 20
    assert _on_hand() == _taken(ce.coupang_rows(70, CODES, start=START))
    assert stock_verify(organization=organization) == []


def test_line_cancelled_between_exports_is_reversed(organization, shop):
    user, _products = shop
    day1 = ce.smartstore_rows(10, CODES, start=START)
    batch = _upload(organization, user, ce.smartstore_xlsx(day1), "ss1.xlsx")
    upload_apply(organization=organization, batch=batch, user=user)
    day2 = ce.smartstore_rows(10, CODES, start=START)
    day2[3][11] = "취소"  # 주문상태: the buyer cancelled line 4 since
    day2[5][20] = 1  # 수량: a partial cancellation of line 6 (3 → 1)
    second = _upload(organization, user, ce.smartstore_xlsx(day2), "ss2.xlsx")
    assert second.result["order_lines"]["changed"] == 2
    assert second.result["skipped_counts"]["already_recorded"] == 8
    changed = [p for p in second.result["problems"] if p["code"] == "line_changed"]
    assert [(p["row"], p["params"]["recorded"], p["params"]["quantity"])
            for p in changed] == [(6, 1, 0), (8, 3, 1)]
    second = upload_apply(organization=organization, batch=second, user=user)
    assert second.status == S.APPLIED
    expected = {code: 0 for code in CODES}
    for row in day1:
        expected[row[19]] += row[20]  # 옵션관리코드, 수량
    expected[day1[3][19]] -= day1[3][20]
    expected[day1[5][19]] -= 2
    assert _on_hand() == expected
    reversal = StockMovement.objects.filter(source_ref=str(second.pk),
                                            kind=StockMovement.Kind.REVERSAL)
    assert reversal.count() == 2
    assert all(r.reversal_of.source_ref == str(batch.pk) for r in reversal)

    # Reverting day 2 restores the lines as day 1 left them; then day 1 to zero.
    upload_revert(organization=organization, batch=second, user=user)
    expected = {code: 0 for code in CODES}
    for row in day1:
        expected[row[19]] += row[20]
    assert _on_hand() == expected
    upload_revert(organization=organization, batch=batch, user=user)
    assert set(_on_hand().values()) == {0}
    assert stock_verify(organization=organization) == []


def test_revert_of_an_upload_corrected_later_is_refused(organization, shop):
    user, _products = shop
    rows = ce.coupang_rows(5, CODES, start=START)
    first = _upload(organization, user, ce.coupang_xlsx(rows))
    upload_apply(organization=organization, batch=first, user=user)
    rows[0][22] = 0 + 1 if rows[0][22] > 1 else 2  # quantity changed in a later file
    second = _upload(organization, user, ce.coupang_xlsx(rows), "again.xlsx")
    upload_apply(organization=organization, batch=second, user=user)
    with pytest.raises(UploadError, match=f"upload #{second.pk}"):
        upload_revert(organization=organization, batch=first, user=user)
    upload_revert(organization=organization, batch=second, user=user)
    upload_revert(organization=organization, batch=first, user=user)
    assert set(_on_hand().values()) == {0}


def test_preview_page_lists_already_recorded_lines(organization, shop, client_for):
    user, _products = shop
    rows = ce.coupang_rows(4, CODES, start=START)
    first = _upload(organization, user, ce.coupang_xlsx(rows))
    upload_apply(organization=organization, batch=first, user=user)
    again = _upload(organization, user, ce.coupang_xlsx(
        rows + ce.coupang_rows(1, CODES, start=START, first=4)), "again.xlsx")
    client = client_for(organization)
    page = client.get(reverse("inventory:upload_preview", args=[again.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "already recorded, skipped: 4" in " ".join(text.split())
    assert "Order line 610000000000:85000000000 is already recorded; skipped." in text


def _coupang_lines(*lines):
    from .upload_files import csv_bytes

    header = ["묶음배송번호", "주문번호", "주문일", "등록옵션명", "옵션ID", "업체상품코드",
              "구매수(수량)", "발주서상태"]
    return csv_bytes([header, *lines])


def _line(box, code, quantity=1):
    return [box, f"O{box}", "2026-11-02 10:00:00", "옵션", f"V{box}", code, quantity,
            "ACCEPT"]


def test_preview_made_before_another_upload_recorded_its_lines_says_so(
    organization, shop, client_for
):
    user, _products = shop
    content = _coupang_lines(_line("B1", CODES[0]), _line("B2", CODES[1]))
    first = _upload(organization, user, content, "DeliveryList.csv")
    # The same lines in a re-saved copy, previewed before the first is applied.
    second = _upload(organization, user, content + b"\r\n", "DeliveryList (1).csv")
    assert second.rows_to_apply == 2
    upload_apply(organization=organization, batch=first, user=user)

    page = client_for(organization).get(
        reverse("inventory:upload_preview", args=[second.pk]))
    text = " ".join(page.content.decode().split())
    assert 'data-testid="rows-to-apply">0 (0 movements)' in text
    assert "already recorded, skipped: 2" in text
    assert 'data-testid="nothing-to-apply"' in text
    assert 'data-testid="apply-form"' not in text
    second.refresh_from_db()
    assert second.rows_to_apply == 0
    assert second.result["skipped_counts"] == {"already_recorded": 2}
    assert second.result["totals"] == []
    with pytest.raises(UploadError, match="already recorded"):
        upload_apply(organization=organization, batch=second, user=user)
    assert _on_hand()[CODES[0]] == 1 and _on_hand()[CODES[1]] == 1


def test_preview_counts_only_new_lines_as_affected_products(organization, shop):
    user, _products = shop
    first = _upload(organization, user, _coupang_lines(
        _line("B1", CODES[0]), _line("B2", CODES[1])), "DeliveryList.csv")
    upload_apply(organization=organization, batch=first, user=user)

    later = _upload(organization, user, _coupang_lines(
        _line("B1", CODES[0]), _line("B2", CODES[1]), _line("B3", CODES[2], 4)),
        "DeliveryList2.csv")

    assert later.rows_to_apply == 1
    assert [(t["sku"], t["outbound"]) for t in later.result["totals"]] == [
        (CODES[2], 4)]


def test_preview_of_an_upload_made_before_a_revert_counts_its_lines_again(
    organization, shop
):
    from inventory.services.imports import upload_preview_refresh

    user, _products = shop
    content = _coupang_lines(_line("B1", CODES[0]), _line("B2", CODES[1], 2))
    first = _upload(organization, user, content, "DeliveryList.csv")
    upload_apply(organization=organization, batch=first, user=user)
    second = _upload(organization, user, content + b"\r\n", "again.csv")
    assert second.rows_to_apply == 0
    upload_revert(organization=organization, batch=first, user=user)

    second = upload_preview_refresh(organization=organization, batch=second)

    assert second.rows_to_apply == 2
    assert "already_recorded" not in second.result["skipped_counts"]
    assert second.result["skipped"] == []
    assert sorted((t["sku"], t["outbound"]) for t in second.result["totals"]) == [
        (CODES[0], 1), (CODES[1], 2)]
    second = upload_apply(organization=organization, batch=second, user=user)
    assert second.movements_count == 2
