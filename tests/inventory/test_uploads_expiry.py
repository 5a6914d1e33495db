"""Uploads keep an expiry date without a lot number as the expiry day's lot;
expired dates and dates that contradict a lot are refused with row and column,
and nothing is written."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from inventory.models import Lot, StockMovement, UploadBatch
from inventory.services.import_apply import upload_apply
from inventory.services.imports import UploadError, upload_create
from inventory.services.stock import movement_record
from tests.factories import ProductFactory

from .upload_files import TEMPLATE, csv_bytes, template_file, template_row

S = UploadBatch.Status
EXPIRY_HEADER = TEMPLATE[9]


@pytest.fixture
def user(organization, member_of):
    return member_of(organization, Role.STAFF)


@pytest.fixture
def soap(organization):
    return ProductFactory(organization=organization, sku="SOAP-1")


def _today() -> dt.date:
    return timezone.localdate()


def _create(organization, user, content: bytes, name="stock.xlsx"):
    return upload_create(organization=organization, user=user, filename=name,
                         content=content)


def _errors(batch):
    return [p for p in batch.result["problems"] if p["severity"] == "error"]


def test_template_expiry_without_lot_is_stocked_as_the_expiry_lot(
    organization, user, soap
):
    expiry = _today() + dt.timedelta(days=180)
    content = template_file(
        template_row("SOAP-1", inbound=10, day=_today(), expiry=expiry),
        template_row("SOAP-1", inbound=5, day=_today(), expiry=expiry),
    )
    batch = _create(organization, user, content)
    assert batch.status == S.READY and batch.result["ok"], batch.result["problems"]
    code = f"EXP-{expiry.isoformat()}"
    assert batch.result["lots"] == [{
        "sku": "SOAP-1", "lot": code, "expiry": expiry.isoformat(),
        "from_expiry": True, "quantity": 15, "rows": [2, 3]}]
    upload_apply(organization=organization, batch=batch, user=user)
    lot = Lot.objects.get(product=soap)
    assert (lot.code, lot.expiry_date, lot.on_hand) == (code, expiry, 15)
    assert set(StockMovement.objects.values_list("lot__code", flat=True)) == {code}


def test_csv_export_with_an_expiry_column_keeps_the_expiry(organization, user, soap):
    expiry = _today() + dt.timedelta(days=40)
    content = csv_bytes([
        ["상품코드", "입고일자", "입고수량", "유통기한"],
        ["SOAP-1", _today().isoformat(), "7", expiry.isoformat()],
    ])
    batch = _create(organization, user, content, name="warehouse.csv")
    assert batch.result["ok"], batch.result["problems"]
    upload_apply(organization=organization, batch=batch, user=user)
    lot = Lot.objects.get(product=soap)
    assert (lot.code, lot.on_hand) == (f"EXP-{expiry.isoformat()}", 7)


def test_a_past_expiry_is_an_error_on_its_row_and_column(organization, user, soap):
    past = _today() - dt.timedelta(days=1)
    content = template_file(
        template_row("SOAP-1", inbound=3, day=_today()),
        template_row("SOAP-1", inbound=10, day=_today(), lot="L1", expiry=past),
    )
    batch = _create(organization, user, content)
    assert not batch.result["ok"]
    [error] = _errors(batch)
    assert (error["row"], error["column"], error["code"]) == (3, EXPIRY_HEADER,
                                                              "expiry_past")
    with pytest.raises(UploadError):
        upload_apply(organization=organization, batch=batch, user=user)
    assert not StockMovement.objects.exists() and not Lot.objects.exists()


def test_an_outbound_row_with_a_past_expiry_is_not_refused(organization, user, soap):
    movement_record(organization=organization, user=None, product=soap,
                    kind="inbound", quantity=5, business_date=_today())
    content = template_file(template_row(
        "SOAP-1", outbound=2, day=_today(), expiry=_today() - dt.timedelta(days=9)))
    batch = _create(organization, user, content)
    assert batch.result["ok"], batch.result["problems"]


def test_a_lot_with_another_expiry_than_stored_is_an_error(organization, user, soap):
    expiry = _today() + dt.timedelta(days=90)
    movement_record(organization=organization, user=None, product=soap,
                    kind="inbound", quantity=5, business_date=_today(),
                    lot_code="L1", expiry_date=expiry)
    other = expiry + dt.timedelta(days=30)
    content = template_file(
        template_row("SOAP-1", inbound=4, day=_today(), lot="L1", expiry=other))
    batch = _create(organization, user, content)
    [error] = _errors(batch)
    assert (error["row"], error["column"], error["code"]) == (
        2, EXPIRY_HEADER, "lot_expiry_conflict")
    assert error["params"]["stored"] == expiry.isoformat()
    assert StockMovement.objects.count() == 1 and Lot.objects.get().on_hand == 5


def test_one_lot_with_two_expiry_dates_in_the_file_is_an_error(
    organization, user, soap
):
    expiry = _today() + dt.timedelta(days=90)
    content = template_file(
        template_row("SOAP-1", inbound=4, day=_today(), lot="L1", expiry=expiry),
        template_row("SOAP-1", inbound=4, day=_today(), lot="L1",
                     expiry=expiry + dt.timedelta(days=1)),
    )
    batch = _create(organization, user, content)
    [error] = _errors(batch)
    assert (error["row"], error["column"], error["code"]) == (
        3, EXPIRY_HEADER, "lot_expiry_twice")


def test_a_lot_changed_after_the_preview_fails_the_apply_writing_nothing(
    organization, user, soap
):
    expiry = _today() + dt.timedelta(days=60)
    content = template_file(
        template_row("SOAP-1", inbound=3, day=_today()),
        template_row("SOAP-1", inbound=4, day=_today(), expiry=expiry),
    )
    batch = _create(organization, user, content)
    assert batch.result["ok"]
    # Meanwhile someone names a lot with that code but another expiry date.
    movement_record(organization=organization, user=None, product=soap,
                    kind="inbound", quantity=1, business_date=_today(),
                    lot_code=f"EXP-{expiry.isoformat()}",
                    expiry_date=expiry + dt.timedelta(days=1))
    batch = upload_apply(organization=organization, batch=batch, user=user)
    assert batch.status == S.FAILED
    assert "Row 3" in batch.error_message
    assert StockMovement.objects.count() == 1
    assert Lot.objects.get().on_hand == 1


def test_the_preview_page_names_the_expiry_lot_in_korean(organization, client_for, user,
                                                        soap):
    expiry = _today() + dt.timedelta(days=100)
    client = client_for(organization, Role.STAFF)
    batch = _create(organization, user, template_file(
        template_row("SOAP-1", inbound=2, day=_today(), expiry=expiry)))
    page = client.get(reverse("inventory:upload_preview", args=[batch.pk]),
                      HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert f"EXP-{expiry.isoformat()}" in page
    assert f"유통기한 {expiry.isoformat()} 로트로 입고" in page


def test_the_past_expiry_problem_reads_in_korean(organization, client_for, user,
                                                  soap):
    client = client_for(organization, Role.STAFF)
    batch = _create(organization, user, template_file(template_row(
        "SOAP-1", inbound=2, day=_today(), lot="L1",
        expiry=_today() - dt.timedelta(days=2))))
    page = client.get(reverse("inventory:upload_preview", args=[batch.pk]),
                      HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "유통기한" in page and "입고일" in page
