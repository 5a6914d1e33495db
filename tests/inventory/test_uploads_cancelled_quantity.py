"""Older Coupang exports with 취소수량: a later, larger one is a correction.

The line key is the same in every export (묶음배송번호:옵션ID); what changes is
the net quantity, which the order-line service corrects exactly once.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from accounts.roles import Role
from bench import channel_exports as ce
from inventory.models import Product, StockMovement, UploadBatch
from inventory.services.import_apply import upload_apply
from inventory.services.import_preview import message_text
from inventory.services.imports import UploadError, upload_create
from inventory.services.integrity import stock_verify
from inventory.services.stock import movement_record
from tests.factories import ChannelFactory, MembershipFactory, ProductFactory

S = UploadBatch.Status
START = dt.datetime(2026, 11, 1, 9, 0)
HEADER = [*ce.COUPANG_HEADER, "취소여부", "취소수량"]
QUANTITY, AMOUNT = 22, 18


@pytest.fixture
def shop(organization):
    user = MembershipFactory(organization=organization, role=Role.MANAGER).user
    ChannelFactory(organization=organization, name="쿠팡", kind="coupang")
    product = ProductFactory(organization=organization, sku="TEE-BK")
    movement_record(organization=organization, user=None, product=product,
                    kind="inbound", quantity=100, business_date=START.date())
    return user


def _export(cancelled: list[int | None]) -> bytes:
    """Lines of 3 units (12900 each), one box each, with these 취소수량."""
    rows = ce.coupang_rows(len(cancelled), ["TEE-BK"], start=START)
    for index, row in enumerate(rows):
        row[1] = f"6190000000{index:02d}"
        row[QUANTITY], row[AMOUNT] = 3, 38700
        row += [None, cancelled[index]]
    return ce._xlsx("Delivery", [HEADER, *rows])


def _upload(organization, user, content, name):
    return upload_create(organization=organization, user=user, filename=name,
                         content=content)


def _taken() -> int:
    return 100 - Product.objects.get(sku="TEE-BK").on_hand


def test_a_larger_cancelled_quantity_later_corrects_the_line_once(organization, shop):
    user = shop
    first = _upload(organization, user, _export([0, None]), "day1.xlsx")
    upload_apply(organization=organization, batch=first, user=user)
    assert _taken() == 6

    later = _export([1, None])  # the buyer cancelled one unit of line 1 since
    second = _upload(organization, user, later, "day2.xlsx")
    assert second.result["order_lines"]["changed"] == 1
    changed = [p for p in second.result["problems"] if p["code"] == "line_changed"]
    assert [(p["row"], p["params"]["recorded"], p["params"]["quantity"])
            for p in changed] == [(2, 3, 2)]
    second = upload_apply(organization=organization, batch=second, user=user)
    assert second.status == S.APPLIED
    assert _taken() == 5
    reversals = StockMovement.objects.filter(source_ref=str(second.pk),
                                             kind=StockMovement.Kind.REVERSAL)
    assert [r.reversal_of.source_ref for r in reversals] == [str(first.pk)]
    # The rest is taken again with the amount the file states.
    retaken = StockMovement.objects.get(source_ref=str(second.pk),
                                        kind=StockMovement.Kind.OUTBOUND)
    assert (-retaken.quantity, retaken.amount) == (2, 38700)  # outbound: negative

    # The same file again writes nothing.
    again = _upload(organization, user, later, "day2 (1).xlsx")
    assert again.rows_to_apply == 0
    assert again.result["skipped_counts"]["already_recorded"] == 2
    with pytest.raises(UploadError):
        upload_apply(organization=organization, batch=again, user=user)
    assert _taken() == 5

    # Everything cancelled later: the line is reversed like 취소여부 Y.
    third = _upload(organization, user, _export([3, None]), "day3.xlsx")
    assert third.result["skipped_counts"]["cancelled"] == 1
    upload_apply(organization=organization, batch=third, user=user)
    assert _taken() == 3
    assert stock_verify(organization=organization) == []


def test_more_cancelled_than_ordered_writes_nothing(organization, shop):
    user = shop
    batch = _upload(organization, user, _export([1, 4]), "bad.xlsx")
    assert not batch.result["ok"]
    [error] = [p for p in batch.result["problems"] if p["severity"] == "error"]
    assert (error["row"], error["column"]) == (3, "취소수량")
    with translation.override("ko"):
        assert message_text(error) == (
            "취소 수량 4개가 주문 수량 3개(구매수(수량))보다 많습니다. 취소 수량을 "
            "확인하세요.")
    with pytest.raises(UploadError):
        upload_apply(organization=organization, batch=batch, user=user)
    assert _taken() == 0
