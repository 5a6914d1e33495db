"""Upload screens: template download, upload → preview → confirm, status, revert."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from inventory.models import Product, StockMovement, UploadBatch
from inventory.services.import_upkeep import uploads_fail_stale
from inventory.services.templates_xlsx import COLUMNS
from tests.factories import CategoryFactory, ChannelFactory, ProductFactory

from .upload_files import DAY, template_file, template_row, xlsx

S = UploadBatch.Status


def _download(client, **params):
    return client.get(reverse("inventory:template_download"), params)


def _workbook(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _post_file(client, content: bytes, name="stock.xlsx", **data):
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse("inventory:upload_start"),
                       {"file": upload, "quantity_kind": "outbound", **data})


def test_template_lists_active_products_with_fill_columns(organization, client_for):
    category = CategoryFactory(organization=organization, name="의류")
    ProductFactory(organization=organization, sku="TEE", name="반팔티",
                   playauto_sku="PA-TEE", category=category)
    ProductFactory(organization=organization, sku="OLD", is_active=False)
    ProductFactory(organization=organization, sku="EVIL", name="=HYPERLINK(\"x\")")
    ChannelFactory(organization=organization, name="쿠팡")
    response = _download(client_for(organization, Role.VIEWER), date_from="2026-11-02")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = _workbook(response)["입출고"]
    rows = list(sheet.iter_rows(values_only=True))
    assert [cell for cell in rows[0]] == [header for _k, header, _l in COLUMNS]
    by_sku = {row[0]: row for row in rows[1:]}
    assert set(by_sku) == {"TEE", "EVIL"}  # inactive products are left out
    assert by_sku["TEE"][1:5] == ("PA-TEE", "반팔티", "의류", "단품 (Single)")
    assert by_sku["TEE"][5] == dt.datetime(2026, 11, 2)
    assert by_sku["EVIL"][2] == "'=HYPERLINK(\"x\")"  # formula injection escaped
    assert sheet.freeze_panes == "B2"
    assert sheet.protection.sheet
    assert sheet["A2"].protection.locked and not sheet["G2"].protection.locked
    lists = [v.formula1 for v in sheet.data_validations.dataValidation
             if v.type == "list"]
    assert lists == ["Lists!$A$2:$A$2"]
    assert sheet.column_dimensions["C"].width >= 8
    assert "안내 (Instructions)" in _workbook(response).sheetnames


def test_template_date_range_gives_one_row_per_product_per_day(
    organization, client_for
):
    ProductFactory.create_batch(3, organization=organization)
    response = _download(client_for(organization, Role.STAFF),
                         date_from="2026-11-01", date_to="2026-11-07")
    sheet = _workbook(response)["입출고"]
    assert sheet.max_row == 1 + 3 * 7


def test_template_larger_than_the_row_limit_is_refused(
    organization, client_for, settings
):
    settings.SMARTSTOCK_UPLOAD_MAX_ROWS = 10
    ProductFactory.create_batch(3, organization=organization)
    response = _download(client_for(organization, Role.STAFF),
                         date_from="2026-11-01", date_to="2026-11-07")
    assert response.status_code == 200
    assert "Choose a shorter date range" in response.content.decode()


def test_filled_template_reads_back(organization, client_for):
    tee = ProductFactory(organization=organization, sku="TEE")
    sock = ProductFactory(organization=organization, sku="SOCK")
    ChannelFactory(organization=organization, name="쿠팡")
    client = client_for(organization, Role.STAFF)
    workbook = _workbook(_download(client, date_from="2026-11-02"))
    sheet = workbook["입출고"]
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    sheet.cell(rows["TEE"], 7).value = 10  # inbound
    sheet.cell(rows["SOCK"], 7).value = 5
    sheet.cell(rows["SOCK"], 8).value = 2  # outbound
    assert sheet.cell(1, 9).value == "판매금액 (Amount)"  # optional, after outbound
    sheet.cell(rows["SOCK"], 9).value = 15800  # what the customers paid
    sheet.cell(rows["SOCK"], 11).value = "쿠팡"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _post_file(client, buffer.getvalue(), name="filled.xlsx")
    batch = UploadBatch.objects.get()
    assert batch.result["format"] == "template" and batch.result["ok"], batch.result
    client.post(response["Location"] + "apply/")
    assert Product.objects.get(pk=tee.pk).on_hand == 10
    assert Product.objects.get(pk=sock.pk).on_hand == 3
    outbound = StockMovement.objects.get(product=sock, quantity=-2)
    assert outbound.channel.name == "쿠팡" and outbound.business_date == DAY
    assert outbound.amount == 15800


def test_upload_preview_confirm_changes_stock(organization, client_for):
    tee = ProductFactory(organization=organization, sku="TEE")
    client = client_for(organization, Role.STAFF)
    client.cookies["django_language"] = "en"
    response = _post_file(client, template_file(template_row("TEE", inbound=9)))
    batch = UploadBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inventory:upload_preview", args=[batch.pk])

    preview = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    page = preview.content.decode()
    assert "SmartStock template" in page and 'data-testid="apply-form"' in page
    assert Product.objects.get(pk=tee.pk).on_hand == 0  # nothing before confirming

    client.post(reverse("inventory:upload_apply", args=[batch.pk]))
    assert Product.objects.get(pk=tee.pk).on_hand == 9
    batch.refresh_from_db()
    assert batch.status == S.APPLIED
    status = client.get(reverse("inventory:upload_status", args=[batch.pk])).json()
    assert status["status"] == "applied" and status["finished"]


def test_preview_lists_problems_with_row_and_column(organization, client_for):
    ProductFactory(organization=organization, sku="TEE")
    client = client_for(organization, Role.STAFF)
    content = template_file(template_row("TEE", inbound="many"),
                            template_row("NOPE", inbound=1))
    response = _post_file(client, content)
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "many is not a number." in page
    assert "입고 (Inbound)" in page  # the column as written in the file
    assert "NOPE" in page and 'data-testid="apply-form"' not in page


def test_refused_file_shows_what_to_do(organization, client_for):
    client = client_for(organization, Role.STAFF)
    upload = SimpleUploadedFile("orders.xls", b"\xd0\xcf\x11\xe0")
    response = client.post(reverse("inventory:upload_start"),
                           {"file": upload, "quantity_kind": "outbound"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "old Excel 97-2003 file (.xls)" in response.content.decode()
    assert UploadBatch.objects.count() == 0


def test_duplicate_file_warns_and_needs_apply_anyway(organization, client_for):
    tee = ProductFactory(organization=organization, sku="TEE")
    client = client_for(organization, Role.STAFF)
    content = template_file(template_row("TEE", inbound=2))
    first = _post_file(client, content)
    client.post(first["Location"].rstrip("/") + "/apply/")
    second = _post_file(client, content)
    page = client.get(second["Location"]).content.decode()
    assert 'data-testid="duplicate-warning"' in page and "allow_duplicate" in page
    client.post(second["Location"] + "apply/")
    assert Product.objects.get(pk=tee.pk).on_hand == 2
    client.post(second["Location"] + "apply/", {"allow_duplicate": "on"})
    assert Product.objects.get(pk=tee.pk).on_hand == 4


def test_double_submit_applies_once(organization, client_for):
    tee = ProductFactory(organization=organization, sku="TEE")
    client = client_for(organization, Role.STAFF)
    response = _post_file(client, template_file(template_row("TEE", inbound=3)))
    for _ in range(2):
        client.post(response["Location"] + "apply/")
    assert Product.objects.get(pk=tee.pk).on_hand == 3
    assert StockMovement.objects.count() == 1


def test_manager_reverts_an_upload(organization, client_for):
    tee = ProductFactory(organization=organization, sku="TEE")
    staff = client_for(organization, Role.STAFF)
    response = _post_file(staff, template_file(template_row("TEE", inbound=3)))
    staff.post(response["Location"] + "apply/")
    batch = UploadBatch.objects.get()
    url = reverse("inventory:upload_revert", args=[batch.pk])
    assert staff.post(url).status_code == 403
    manager = client_for(organization, Role.MANAGER)
    assert manager.get(url).status_code == 200
    manager.post(url)
    batch.refresh_from_db()
    assert batch.status == S.REVERTED
    assert Product.objects.get(pk=tee.pk).on_hand == 0


def test_mapping_correction_from_the_preview(organization, client_for):
    tee = ProductFactory(organization=organization, sku="TEE")
    client = client_for(organization, Role.STAFF)
    from .upload_files import xlsx

    response = _post_file(client, xlsx([["일자", "SKU", "개수"], [DAY, "TEE", 3]]))
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="apply-form"' not in page
    client.post(response["Location"], {"date": "일자", "sku": "SKU", "inbound": "개수"})
    client.post(response["Location"] + "apply/")
    assert Product.objects.get(pk=tee.pk).on_hand == 3


@pytest.mark.parametrize("name", ["upload_preview", "upload_status", "upload_revert"])
def test_another_organizations_upload_is_404(
    name, organization, other_organization, client_for
):
    ProductFactory(organization=organization, sku="TEE")
    owner = client_for(organization, Role.MASTER)
    _post_file(owner, template_file(template_row("TEE", inbound=1)))
    batch = UploadBatch.objects.get()
    outsider = client_for(other_organization, Role.MASTER)
    assert outsider.get(reverse(f"inventory:{name}", args=[batch.pk])).status_code == 404
    apply_url = reverse("inventory:upload_apply", args=[batch.pk])
    assert outsider.post(apply_url).status_code == 404


def test_a_fresh_upload_does_not_read_as_goods_received_in_korean():
    from django.utils import translation

    from inventory.models import UploadBatch
    from policy.models import PurchaseOrder

    # An uploaded file not yet applied has changed no stock: its status must
    # not read 입고 완료 (goods received), the purchase order's status.
    with translation.override("ko"):
        upload = str(UploadBatch.Status.DRAFT.label)
        received = str(PurchaseOrder.Status.RECEIVED.label)
    assert received == "입고 완료"
    assert upload != received and "입고" not in upload


def test_resaved_stock_sheet_with_the_same_rows_warns_and_needs_confirmation(
    organization, client_for
):
    # The same inbound sheet saved again (other bytes: a column widened, another
    # order of rows) is not the same file, but its rows were already recorded.
    tee = ProductFactory(organization=organization, sku="TEE")
    cup = ProductFactory(organization=organization, sku="CUP")
    client = client_for(organization, Role.STAFF)
    first = _post_file(client, template_file(
        template_row("TEE", inbound=2), template_row("CUP", inbound=5)))
    client.post(first["Location"].rstrip("/") + "/apply/")
    applied = UploadBatch.objects.get(status=S.APPLIED)
    resaved = xlsx([["일자", "SKU", "입고"], [DAY, "CUP", 5], [DAY, "TEE", 2]])
    second = _post_file(client, resaved, name="stock (1).xlsx")

    page = " ".join(client.get(second["Location"]).content.decode().split())

    assert 'data-testid="same-rows-warning"' in page
    assert f"upload #{applied.pk}" in page
    assert f"{timezone.localtime(applied.applied_at):%Y-%m-%d %H:%M}" in page
    assert 'name="allow_duplicate"' in page
    client.post(second["Location"] + "apply/")
    assert Product.objects.get(pk=tee.pk).on_hand == 2  # not applied unconfirmed
    client.post(second["Location"] + "apply/", {"allow_duplicate": "on"})
    assert Product.objects.get(pk=tee.pk).on_hand == 4
    assert Product.objects.get(pk=cup.pk).on_hand == 10


def test_stock_sheet_with_other_quantities_is_not_flagged(organization, client_for):
    ProductFactory(organization=organization, sku="TEE")
    client = client_for(organization, Role.STAFF)
    first = _post_file(client, template_file(template_row("TEE", inbound=2)))
    client.post(first["Location"].rstrip("/") + "/apply/")
    second = _post_file(client, xlsx([["일자", "SKU", "입고"], [DAY, "TEE", 3]]))

    page = client.get(second["Location"]).content.decode()

    assert 'data-testid="same-rows-warning"' not in page
    assert 'name="allow_duplicate"' not in page


def test_failed_apply_is_explained_in_the_readers_language(organization, client_for):
    tee = ProductFactory(organization=organization, sku="TEE")
    client = client_for(organization, Role.STAFF)
    response = _post_file(client, template_file(template_row("TEE", outbound=5)),
                          HTTP_ACCEPT_LANGUAGE="en")
    client.post(response["Location"] + "apply/", HTTP_ACCEPT_LANGUAGE="en")
    batch = UploadBatch.objects.get()
    assert batch.status == S.FAILED
    assert batch.error_message == (
        "Row 2: Not enough stock of TEE: 0 on hand, 5 requested.")  # API, logs

    korean = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    english = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "2행: " in korean and "Not enough stock" not in korean
    assert "Row 2: Not enough stock of TEE: 0 on hand, 5 requested." in english
    assert Product.objects.get(pk=tee.pk).on_hand == 0


def test_upload_stopped_by_a_dead_worker_is_explained_in_the_readers_language(
    organization, client_for
):
    ProductFactory(organization=organization, sku="TEE")
    client = client_for(organization, Role.STAFF)
    response = _post_file(client, template_file(template_row("TEE", inbound=5)))
    UploadBatch.objects.update(status=S.APPLYING,
                               started_at=timezone.now() - dt.timedelta(days=1))
    uploads_fail_stale()  # the beat task, in no reader's language

    korean = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert UploadBatch.objects.get().status == S.FAILED
    assert "Applying stopped" not in korean
    assert 'data-testid="upload-error"' in korean


def test_upload_pages_write_row_counts_with_thousands_separators(
    organization, client_for
):
    """"20,000행", not "20000행": the start page, the preview and the list."""
    ProductFactory(organization=organization, sku="TEE")
    client = client_for(organization, Role.STAFF)
    start = client.get(reverse("inventory:upload_start"),
                       HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "20,000행" in start and "20000" not in start
    rows = [template_row("TEE", inbound=1, day=DAY - dt.timedelta(days=n % 300))
            for n in range(1234)]
    response = _post_file(client, template_file(*rows), HTTP_ACCEPT_LANGUAGE="ko")
    preview = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ko")
    page = preview.content.decode()
    assert '<dd class="col-6">1,234</dd>' in page
    assert "1,234개 입출고 적용" in page or "1,234" in page.split("apply-form")[1]
    assert "1234" not in page
    client.post(response["Location"] + "apply/", HTTP_ACCEPT_LANGUAGE="ko")
    listing = client.get(reverse("inventory:upload_list"),
                         HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "1,234" in listing and "1234" not in listing
