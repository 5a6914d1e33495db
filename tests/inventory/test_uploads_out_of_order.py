"""Daily order exports uploaded out of order: an older export never undoes what
a newer one recorded (a cancellation, a return, a corrected quantity).

Three SmartStore exports a seller downloads on consecutive days, overlapping:
  day 1: L1 (A ×2), L3 (C ×1), L4 (D ×2)
  day 2: L3 cancelled, L4 corrected to 3, new L5 (E ×1), new L6 (the set ×1)
  day 3: L5 again, L6 returned, new L7 (F ×4)
Whatever the order they are uploaded in, the ledger ends with what the newest
export says of each line: A 2, C 0, D 3, E 1, set 0, F 4.
"""
from __future__ import annotations

import datetime as dt
import io
import itertools

import openpyxl
import pytest

from accounts.roles import Role
from inventory.models import ExternalReference, Product, UploadBatch
from inventory.services.import_apply import upload_apply, upload_revert
from inventory.services.imports import upload_create
from inventory.services.integrity import stock_verify
from inventory.services.stock import movement_record
from tests.factories import (
    ChannelFactory,
    MembershipFactory,
    ProductFactory,
    SetComponentFactory,
)

S = UploadBatch.Status
DAYS = [dt.date(2026, 11, 2), dt.date(2026, 11, 3), dt.date(2026, 11, 4)]
HEADER = ["상품주문번호", "주문번호", "주문상태", "결제일", "옵션정보", "옵션관리코드", "수량",
          "최종 상품별 총 주문금액"]
# line → (SKU, first day, {day: (quantity, status)})
LINES = {
    "L1": ("A", 0, {0: (2, "결제완료")}),
    "L3": ("C", 0, {0: (1, "결제완료"), 1: (1, "취소")}),
    "L4": ("D", 0, {0: (2, "결제완료"), 1: (3, "결제완료")}),
    "L5": ("E", 1, {1: (1, "결제완료"), 2: (1, "배송중")}),
    "L6": ("SET", 1, {1: (1, "결제완료"), 2: (1, "반품완료")}),
    "L7": ("F", 2, {2: (4, "결제완료")}),
}
FINAL = {"A": 2, "C": 0, "D": 3, "E": 1, "F": 4, "P1": 0, "P2": 0}


def export(day: int) -> bytes:
    """The SmartStore export downloaded at the end of `day`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for name, (sku, first, states) in LINES.items():
        if day in states:
            quantity, status = states[day]
            paid = dt.datetime.combine(DAYS[first], dt.time(13, 45))
            sheet.append([f"20261102000{name[1:]}", f"O{name}", status, paid, "500g",
                          sku, quantity, 10_000 * quantity])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def shop(organization):
    user = MembershipFactory(organization=organization, role=Role.MANAGER).user
    ChannelFactory(organization=organization, name="스마트스토어", kind="smartstore")
    singles = {sku: ProductFactory(organization=organization, sku=sku)
               for sku in ("A", "C", "D", "E", "F", "P1", "P2")}
    kit = ProductFactory(organization=organization, sku="SET", kind=Product.Kind.SET)
    SetComponentFactory(set_product=kit, component=singles["P1"], quantity=1)
    SetComponentFactory(set_product=kit, component=singles["P2"], quantity=2)
    for product in singles.values():
        movement_record(organization=organization, user=None, product=product,
                        kind="inbound", quantity=100, business_date=DAYS[0])
    return user


def _taken() -> dict[str, int]:
    return {p.sku: 100 - p.on_hand for p in Product.objects.exclude(sku="SET")}


def _apply(organization, user, day: int) -> UploadBatch:
    batch = upload_create(organization=organization, user=user,
                          filename=f"스마트스토어_{day + 1}.xlsx", content=export(day))
    assert batch.result["ok"], batch.result.get("problems")
    if batch.rows_to_apply:
        batch = upload_apply(organization=organization, batch=batch, user=user)
        assert batch.status == S.APPLIED, batch.error_message
    return batch


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_exports_applied_in_any_order_leave_what_the_newest_says(
        organization, shop, order):
    for day in order:
        _apply(organization, shop, day)

    assert _taken() == FINAL
    assert stock_verify(organization=organization) == []


def test_an_older_export_applied_later_is_shown_as_older_and_writes_nothing(
        organization, shop):
    _apply(organization, shop, 1)  # day 2: L3 cancelled, L4 3, L5, L6
    older = upload_create(organization=organization, user=shop,
                          filename="스마트스토어_1.xlsx", content=export(0))

    # L1 is new; L3 (cancelled since) and L4 (corrected since) are older news.
    assert older.rows_to_apply == 1
    assert older.result["skipped_counts"]["older_export"] == 2
    skipped = {s["params"]["ref"]: s for s in older.result["skipped"]
               if s["reason"] == "older_export"}
    assert set(skipped) == {"202611020003", "202611020004"}
    assert skipped["202611020004"]["params"] == {
        "ref": "202611020004", "recorded": 3, "quantity": 2,
        "recorded_on": "2026-11-03", "seen_on": "2026-11-02"}
    assert not [p for p in older.result["problems"] if p.get("code") == "line_changed"]
    upload_apply(organization=organization, batch=older, user=shop)
    assert _taken()["C"] == 0 and _taken()["D"] == 3 and _taken()["A"] == 2


def test_reverting_the_newer_export_lets_the_older_one_apply_again(
        organization, shop):
    newer = _apply(organization, shop, 1)
    upload_revert(organization=organization, batch=newer, user=shop)
    assert not ExternalReference.objects.filter(seen_in=newer).exists()

    _apply(organization, shop, 0)

    assert _taken() == {"A": 2, "C": 1, "D": 2, "E": 0, "F": 0, "P1": 0, "P2": 0}
