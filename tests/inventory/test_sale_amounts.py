"""The amount paid per sale line on the ledger: from uploaded channel exports,
split over a set's components, carried by reversals and corrections, refused
when invalid (with row and column, nothing written)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.roles import Role
from inventory.importing.values import MAX_AMOUNT
from inventory.models import StockMovement
from inventory.services.import_apply import upload_apply, upload_revert
from inventory.services.imports import UploadError, upload_create
from inventory.services.stock import StockError, movement_record
from tests.factories import (
    ChannelFactory,
    MembershipFactory,
    ProductFactory,
    SetComponentFactory,
)
from tests.importing import samples

from .upload_files import csv_bytes, template_file, template_row

pytestmark = pytest.mark.django_db
OUT = StockMovement.Kind.OUTBOUND


@pytest.fixture
def shop(organization):
    user = MembershipFactory(organization=organization, role=Role.MANAGER).user
    ChannelFactory(organization=organization, name="쿠팡", kind="coupang")
    prices = {"SS-TEE-BK-M": 12900, "SS-TEE-WH-L": 12900, "SS-SOCK-3P": 7900}
    products = {sku: ProductFactory(organization=organization, sku=sku,
                                    selling_price=Decimal(price))
                for sku, price in prices.items()}
    for product in products.values():
        movement_record(organization=organization, user=None, product=product,
                        kind="inbound", quantity=100,
                        business_date=dt.date(2025, 9, 1))
    gift = ProductFactory(organization=organization, sku="SET-GIFT-A", kind="set",
                          selling_price=Decimal(29900))
    SetComponentFactory(organization=organization, set_product=gift,
                        component=products["SS-TEE-BK-M"], quantity=1)
    SetComponentFactory(organization=organization, set_product=gift,
                        component=products["SS-SOCK-3P"], quantity=2)
    return user, products


def _coupang(rows_to_keep=(1, 2, 3), change=None):
    """The §5.1 export's lines; `change`: (line index, column) → new value."""
    header, *body = samples.rows_of(samples.COUPANG)
    rows = [list(body[i - 1]) for i in rows_to_keep]
    for (index, column), value in (change or {}).items():
        rows[index][header.index(column)] = value
    return csv_bytes([header, *rows])


def _upload(organization, user, content, name="DeliveryList.csv"):
    return upload_create(organization=organization, user=user, filename=name,
                         content=content)


def _paid(organization, **filters):
    return sorted((m.product.sku, m.kind, m.quantity, m.amount)
                  for m in StockMovement.objects.filter(
                      organization=organization, kind__in=(OUT, "reversal"),
                      **filters).select_related("product"))


def test_coupang_export_stores_each_lines_amount_and_splits_the_set(organization,
                                                                    shop):
    user, _products = shop
    batch = _upload(organization, user, _coupang())
    assert batch.result["ok"], batch.result.get("problems")
    upload_apply(organization=organization, batch=batch, user=user)
    # SET-GIFT-A (29,900) = 1 tee + 2 socks: split by list value 12,900 : 15,800.
    assert _paid(organization) == [
        ("SS-SOCK-3P", OUT, -2, 16461), ("SS-TEE-BK-M", OUT, -1, 12900),
        ("SS-TEE-BK-M", OUT, -1, 13439), ("SS-TEE-WH-L", OUT, -2, 25800)]
    set_rows = StockMovement.objects.filter(set_product__sku="SET-GIFT-A")
    assert sum(m.amount for m in set_rows) == 29900


def test_a_partly_cancelled_line_keeps_what_was_paid_for_the_rest(organization,
                                                                  shop):
    user, _products = shop
    upload_apply(organization=organization, batch=_upload(organization, user,
                 _coupang(rows_to_keep=(2,))), user=user)
    # The next day's export: one of the two tees was cancelled, 12,900 paid.
    later = _coupang(rows_to_keep=(2,), change={(0, "구매수(수량)"): "1",
                                                    (0, "결제액"): "12900"})
    batch = _upload(organization, user, later, name="DeliveryList2.csv")
    upload_apply(organization=organization, batch=batch, user=user)
    assert _paid(organization) == [
        ("SS-TEE-WH-L", OUT, -2, 25800), ("SS-TEE-WH-L", OUT, -1, 12900),
        ("SS-TEE-WH-L", "reversal", 2, 25800)]


def test_reverting_the_upload_takes_back_its_amounts(organization, shop):
    user, _products = shop
    batch = _upload(organization, user, _coupang())
    upload_apply(organization=organization, batch=batch, user=user)
    upload_revert(organization=organization, batch=batch, user=user)
    rows = StockMovement.objects.filter(organization=organization,
                                        kind__in=(OUT, "reversal"))
    earned = sum((m.amount if m.kind == OUT else -m.amount) for m in rows)
    assert earned == 0 and all(m.amount is not None for m in rows)


def test_an_export_with_an_invalid_amount_writes_nothing(organization, shop):
    user, products = shop
    before = StockMovement.objects.count()
    batch = _upload(organization, user, _coupang(change={(1, "결제액"): "-25800"}))
    assert not batch.result["ok"]
    (problem,) = [p for p in batch.result["problems"]
                  if p.get("code") == "amount_negative"]
    assert (problem["row"], problem["column"]) == (3, "결제액")
    with pytest.raises(UploadError):
        upload_apply(organization=organization, batch=batch, user=user)
    assert StockMovement.objects.count() == before


def test_template_upload_reads_the_optional_amount_column(organization, shop):
    user, _products = shop
    content = template_file(
        template_row("SS-TEE-BK-M", outbound=3, channel="쿠팡", amount=30000,
                     day=dt.date(2025, 10, 1)),
        template_row("SS-SOCK-3P", outbound=1, channel="쿠팡",
                     day=dt.date(2025, 10, 1)),
    )
    batch = _upload(organization, user, content, name="template.xlsx")
    assert batch.result["ok"], batch.result.get("problems")
    upload_apply(organization=organization, batch=batch, user=user)
    assert _paid(organization) == [("SS-SOCK-3P", OUT, -1, None),
                                   ("SS-TEE-BK-M", OUT, -3, 30000)]


@pytest.mark.parametrize("amount", [-1, MAX_AMOUNT + 1])
def test_the_ledger_refuses_an_impossible_amount(organization, shop, amount):
    _user, products = shop
    before = StockMovement.objects.count()
    with pytest.raises(StockError) as error:
        movement_record(organization=organization, user=None,
                        product=products["SS-TEE-BK-M"], kind=OUT, quantity=1,
                        business_date=dt.date(2025, 10, 1), amount=amount)
    assert "amount" in error.value.message_dict
    assert StockMovement.objects.count() == before


# -- an order line's amount is part of what it is --------------------------------------
def _held(organization, sku):
    """(kind, units, amount) of a product's sale rows, in ledger order."""
    return [(m.kind, m.quantity, m.amount) for m in StockMovement.objects.filter(
        organization=organization, product__sku=sku, kind__in=(OUT, "reversal"),
    ).order_by("pk")]


def _apply(organization, user, content, name):
    batch = _upload(organization, user, content, name=name)
    assert batch.result["ok"], batch.result.get("problems")
    return upload_apply(organization=organization, batch=batch, user=user)


def test_a_corrected_amount_reverses_the_old_row_and_records_the_new_one(
        organization, shop):
    user, products = shop
    _apply(organization, user, _coupang(rows_to_keep=(2,)), "DeliveryList.csv")
    # The next day's export: a coupon applied later, 2 tees now paid 23,800.
    later = _coupang(rows_to_keep=(2,), change={(0, "결제액"): "23800"})
    batch = _upload(organization, user, later, name="DeliveryList2.csv")
    assert batch.result["order_lines"]["amount_changed"] == 1
    assert batch.rows_to_apply == 1
    (problem,) = [p for p in batch.result["problems"]
                  if p["code"] == "amount_corrected"]
    assert (problem["row"], problem["params"]["recorded"],
            problem["params"]["amount"]) == (2, "25,800", "23,800")
    batch = upload_apply(organization=organization, batch=batch, user=user)
    assert _held(organization, "SS-TEE-WH-L") == [
        (OUT, -2, 25800), ("reversal", 2, 25800), (OUT, -2, 23800)]
    # Reverting the correction brings the line back to what was paid before.
    upload_revert(organization=organization, batch=batch, user=user)
    assert _held(organization, "SS-TEE-WH-L")[3:] == [
        ("reversal", 2, 23800), (OUT, -2, 25800)]
    batch = _upload(organization, user, later, name="DeliveryList2b.csv")
    batch = upload_apply(organization=organization, batch=batch, user=user)
    products["SS-TEE-WH-L"].refresh_from_db()
    assert products["SS-TEE-WH-L"].on_hand == 98  # the same 2 units, once
    # Sent again with the same amount, the line is unchanged: nothing to apply.
    again = _upload(organization, user, later, name="DeliveryList3.csv")
    assert again.rows_to_apply == 0
    assert again.result["order_lines"]["unchanged"] == 1


def test_a_line_first_recorded_without_its_amount_gets_it_later(organization, shop):
    user, _products = shop
    _apply(organization, user, _coupang(rows_to_keep=(1, 3), change={
        (0, "결제액"): "", (1, "결제액"): ""}), "DeliveryList.csv")
    assert _held(organization, "SS-TEE-BK-M") == [(OUT, -1, None), (OUT, -1, None)]
    _apply(organization, user, _coupang(rows_to_keep=(1, 3)), "DeliveryList2.csv")
    # Both lines (one of them the set) now carry what was paid.
    assert _paid(organization, reversal_of__isnull=True, kind=OUT,
                 reversed_by__isnull=True) == [
        ("SS-SOCK-3P", OUT, -2, 16461), ("SS-TEE-BK-M", OUT, -1, 12900),
        ("SS-TEE-BK-M", OUT, -1, 13439)]
    # An export without the amount afterwards does not erase it.
    batch = _upload(organization, user, _coupang(rows_to_keep=(1, 3), change={
        (0, "결제액"): "", (1, "결제액"): ""}), name="DeliveryList3.csv")
    assert batch.rows_to_apply == 0


def test_a_quantity_change_at_the_same_unit_price_stays_a_plain_correction(
        organization, shop):
    user, _products = shop
    _apply(organization, user, _coupang(rows_to_keep=(1,)), "DeliveryList.csv")
    _apply(organization, user, _coupang(rows_to_keep=(1,), change={
        (0, "구매수(수량)"): "3", (0, "결제액"): "38700"}), "DeliveryList2.csv")
    # Two more at 12,900 each: one new row, nothing reversed.
    assert _held(organization, "SS-TEE-BK-M") == [(OUT, -1, 12900), (OUT, -2, 25800)]
    # Then one cancelled and a discount on the rest: the ledger ends at 2 for 24,000.
    _apply(organization, user, _coupang(rows_to_keep=(1,), change={
        (0, "구매수(수량)"): "2", (0, "결제액"): "24000"}), "DeliveryList3.csv")
    live = [(q, a) for kind, q, a in _held(organization, "SS-TEE-BK-M")]
    assert sum(q for q, _a in live) == -2
    assert sum(a if q < 0 else -a for q, a in live) == 24000


def test_reverting_an_upload_that_cancelled_a_line_takes_it_again_with_its_amount(
        organization, shop):
    user, _products = shop
    ChannelFactory(organization=organization, name="스마트스토어", kind="smartstore")
    header, *body = samples.rows_of(samples.SMARTSTORE)
    _apply(organization, user, csv_bytes([header, *body]), "스마트스토어.csv")
    assert _held(organization, "SS-TEE-BK-M") == [(OUT, -2, 24800)]
    cancelled = [list(row) for row in body]
    cancelled[0][header.index("주문상태")] = "취소"
    second = _apply(organization, user, csv_bytes([header, *cancelled]),
                    "스마트스토어2.csv")
    assert _held(organization, "SS-TEE-BK-M") == [(OUT, -2, 24800),
                                                  ("reversal", 2, 24800)]
    upload_revert(organization=organization, batch=second, user=user)
    assert _held(organization, "SS-TEE-BK-M") == [
        (OUT, -2, 24800), ("reversal", 2, 24800), (OUT, -2, 24800)]


def test_preview_page_counts_amount_corrections_in_the_readers_language(
        organization, shop, client_for):
    from django.urls import reverse

    user, _products = shop
    _apply(organization, user, _coupang(rows_to_keep=(1, 2)), "DeliveryList.csv")
    batch = _upload(organization, user, _coupang(rows_to_keep=(1, 2), change={
        (0, "결제액"): "11900", (1, "구매수(수량)"): "1", (1, "결제액"): "12900"}),
        name="DeliveryList2.csv")
    client = client_for(organization, Role.MANAGER)
    url = reverse("inventory:upload_preview", args=[batch.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert 'data-testid="lines-corrected">2<' in page
    assert "금액 정정 (같은 수량, 다른 결제금액): 1" in page
    assert "12,900 → 11,900원" in page
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "amount corrected (same units, another amount paid): 1" in page
    assert "(12,900 → 11,900 won, 1 units)" in page
