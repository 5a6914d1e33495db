"""A failed upload's reason is stored as a template and its params, and said in
the language of whoever reads it later (web page and API), whatever language
was active when it was applied (an English-speaking user, a Celery task with
no language: the project default)."""
from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from inventory.models import Product, StockMovement, UploadBatch
from inventory.services.stock import movement_record
from tests.factories import ProductFactory

from .upload_files import template_file, template_row

S = UploadBatch.Status


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _post_file(client, content: bytes, name="stock.xlsx"):
    return client.post(reverse("inventory:upload_start"),
                       {"file": SimpleUploadedFile(name, content),
                        "quantity_kind": "outbound"}, HTTP_ACCEPT_LANGUAGE="en")


def _page(client, location: str, language: str) -> str:
    return client.get(location, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_lot_conflict_found_at_apply_reads_in_korean_and_english(organization,
                                                                   client_for):
    tee = ProductFactory(organization=organization, sku="TEE")
    client = client_for(organization, Role.STAFF)
    response = _post_file(client, template_file(template_row(
        "TEE", inbound=5, lot="L1", expiry=dt.date(2027, 1, 1))))
    # Between the preview and the apply, lot L1 comes in with another date.
    movement_record(organization=organization, user=None, product=tee,
                    kind=StockMovement.Kind.INBOUND, quantity=1,
                    business_date=dt.date(2026, 11, 1), lot_code="L1",
                    expiry_date=dt.date(2027, 6, 1))
    client.post(response["Location"] + "apply/", HTTP_ACCEPT_LANGUAGE="en")
    batch = UploadBatch.objects.get()
    assert batch.status == S.FAILED

    korean = _page(client, response["Location"], "ko")
    english = _page(client, response["Location"], "en")

    assert "2행: TEE의 로트 L1은(는) 유통기한 2027-06-01(으)로 이미 등록되어" in korean
    assert "already recorded with expiry" not in korean
    assert ("Row 2: Lot L1 of TEE is already recorded with expiry date 2027-06-01, "
            "not 2027-01-01.") in english
    assert Product.objects.get(pk=tee.pk).on_hand == 1  # nothing of the file


def test_a_product_deleted_before_apply_reads_in_korean(organization, client_for):
    ProductFactory(organization=organization, sku="TEE")
    gone = ProductFactory(organization=organization, sku="GONE")
    client = client_for(organization, Role.STAFF)
    response = _post_file(client, template_file(template_row("TEE", inbound=1),
                                                template_row("GONE", inbound=2)))
    gone.delete()
    client.post(response["Location"] + "apply/", HTTP_ACCEPT_LANGUAGE="en")
    assert UploadBatch.objects.get().status == S.FAILED

    korean = _page(client, response["Location"], "ko")

    assert "3행: 상품이 더 이상 존재하지 않습니다" in korean
    assert "no longer exists" not in korean
    assert "Row 3: the product no longer exists" in _page(client, response["Location"],
                                                          "en")
