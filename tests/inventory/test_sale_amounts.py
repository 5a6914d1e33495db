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
