"""Through a real browser: download the template, fill two rows, upload,
see the preview, confirm, see the movements."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from django.urls import reverse

from accounts.roles import Role
from inventory.models import Product, StockMovement, UploadBatch
from inventory.services.integrity import stock_verify
from tests.factories import (
    ChannelFactory,
    MembershipFactory,
    OrganizationFactory,
    ProductFactory,
    UserFactory,
)

from .pages import log_in


def _fill_template(path: Path) -> None:
    """What the seller does in Excel: two rows get quantities."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["입출고"]
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    # Columns by their header's first word, as a seller reads them.
    column = {str(cell.value).split()[0]: cell.column for cell in sheet[1] if cell.value}
    sheet.cell(rows["BR-TEE"], column["입고"]).value = 30
    sheet.cell(rows["BR-SOCK"], column["입고"]).value = 10
    sheet.cell(rows["BR-SOCK"], column["출고"]).value = 4
    sheet.cell(rows["BR-SOCK"], column["채널"]).value = "쿠팡"
    workbook.save(path)


def test_template_download_fill_upload_preview_confirm(browser_page, tmp_path) -> None:
    organization = OrganizationFactory(name="Upload Store")
    user = UserFactory(email="staff@example.com")
    MembershipFactory(organization=organization, user=user, role=Role.STAFF)
    tee = ProductFactory(organization=organization, sku="BR-TEE", name="반팔티")
    sock = ProductFactory(organization=organization, sku="BR-SOCK", name="양말")
    ChannelFactory(organization=organization, name="쿠팡")
    page = browser_page
    log_in(page, user.email)

    page.goto(reverse("inventory:upload_start"))
    template_form = page.locator("[data-testid=template-form]")
    template_form.locator("input[name=date_from]").fill("2026-11-20")
    with page.expect_download() as download_info:
        template_form.locator("button[type=submit]").click()
    path = tmp_path / "template.xlsx"
    download_info.value.save_as(path)
    _fill_template(path)

    upload_form = page.locator("[data-testid=upload-form]")
    upload_form.locator("input[name=file]").set_input_files(str(path))
    with page.expect_navigation():
        upload_form.locator("button[type=submit]").click()

    assert page.locator("[data-testid=rows-to-apply]").inner_text().startswith("2")
    totals = page.locator("[data-testid=totals]").inner_text()
    assert "BR-TEE" in totals and "BR-SOCK" in totals
    assert Product.objects.get(pk=tee.pk).on_hand == 0  # nothing before confirming

    with page.expect_navigation():
        page.locator("[data-testid=apply-form] button[type=submit]").click()
    assert page.locator("[data-testid=upload-applied]").count() == 1
    batch = UploadBatch.objects.get(organization=organization)
    assert batch.status == UploadBatch.Status.APPLIED

    page.locator("[data-testid=upload-applied] a").first.click()
    page.wait_for_url(lambda url: reverse("inventory:movement_list") in url)
    content = page.content()
    assert "BR-TEE" in content and "BR-SOCK" in content
    assert Product.objects.get(pk=tee.pk).on_hand == 30
    assert Product.objects.get(pk=sock.pk).on_hand == 6
    movement = StockMovement.objects.get(product=sock, quantity=-4)
    assert movement.business_date == dt.date(2026, 11, 20)
    assert movement.channel.name == "쿠팡" and movement.created_by_id == user.pk
    assert stock_verify(organization=organization) == []
