"""A failed upload's reason, read on the API in the reader's language, whatever
language was active when it was applied (a Celery task runs with none: the
project's default)."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.roles import Role
from inventory.models import SetComponent, StockMovement, UploadBatch
from inventory.services.import_apply import upload_apply
from tests.factories import ProductFactory, SetComponentFactory
from tests.inventory.upload_files import template_file, template_row

S = UploadBatch.Status


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


@pytest.fixture
def applied_by_a_task(settings):
    """Run a service as a Celery task does: no language active, the project's
    default (Korean) in force."""

    def run(function, **kwargs):
        settings.LANGUAGE_CODE = "ko"
        translation.deactivate()
        try:
            return function(**kwargs)
        finally:
            settings.LANGUAGE_CODE = "en"
            translation.activate("en")

    return run


def test_a_set_emptied_before_a_task_applies_reads_in_both_languages(
        organization, member_of, api_for, applied_by_a_task):
    tee = ProductFactory(organization=organization, sku="TEE")
    gift = ProductFactory(organization=organization, sku="GIFT", kind="set")
    SetComponentFactory(organization=organization, set_product=gift, component=tee,
                        quantity=2)
    api = api_for(organization, Role.MANAGER)
    body = api.post("/api/v1/uploads/", {"file": SimpleUploadedFile(
        "stock.xlsx", template_file(template_row("GIFT", inbound=3)))},
        format="multipart").json()
    assert body["ok"], body
    SetComponent.objects.filter(set_product=gift).delete()  # after the preview
    batch = UploadBatch.objects.get(pk=body["id"])

    applied_by_a_task(upload_apply, organization=organization, batch=batch,
                      user=member_of(organization))

    batch.refresh_from_db()
    assert batch.status == S.FAILED
    assert batch.error_message == ("Row 2: Set GIFT has no components; add them "
                                   "before recording movements.")  # API, logs
    for path in (f"/api/v1/uploads/{batch.pk}/", f"/api/v1/uploads/{batch.pk}/status/"):
        english = api.get(path, HTTP_ACCEPT_LANGUAGE="en").json()["error_message"]
        korean = api.get(path, HTTP_ACCEPT_LANGUAGE="ko").json()["error_message"]
        assert english == batch.error_message
        assert korean.startswith("2행: 세트 GIFT에 구성품이 없습니다"), korean
    assert not StockMovement.objects.exists()


def test_a_file_refused_as_a_whole_reads_in_korean_on_the_api(organization, api_for):
    api = api_for(organization, Role.MANAGER)
    refused = api.post("/api/v1/uploads/", {"file": SimpleUploadedFile(
        "stock.xlsx", b"name,qty\nTEE,1\n")}, format="multipart",
        HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    batch = UploadBatch.objects.get()

    korean = api.get(f"/api/v1/uploads/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="ko").json()
    english = api.get(f"/api/v1/uploads/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert _hangul(korean["error_message"]), korean["error_message"]
    assert korean["error_message"] == korean["refused"]
    assert english["error_message"] == english["refused"]
    assert not _hangul(english["error_message"])
