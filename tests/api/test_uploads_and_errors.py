"""Uploads through the API behave as on the web; errors keep one JSON shape."""

import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from inventory.models import StockMovement, UploadBatch
from tests.factories import ProductFactory
from tests.inventory.upload_files import template_file, template_row, xlsx


def _upload(api, content: bytes, name="stock.xlsx", **data):
    return api.post("/api/v1/uploads/", {"file": SimpleUploadedFile(name, content),
                                         **data}, format="multipart")


def test_upload_preview_confirm_and_revert(organization, api_for):
    product = ProductFactory(organization=organization, sku="PASTA-1")
    api = api_for(organization, Role.MANAGER)
    preview = _upload(api, template_file(template_row("PASTA-1", inbound=12)))
    assert preview.status_code == 201, preview.content
    body = preview.json()
    assert body["ok"] and body["rows_to_apply"] == 1 and body["status"] == "ready"
    assert body["totals"][0]["sku"] == "PASTA-1" and body["totals"][0]["inbound"] == 12
    (row,) = body["rows"]
    assert row["row"] == 2 and row["product"] == product.pk and row["quantity"] == 12
    assert not StockMovement.objects.exists()  # nothing before confirm

    confirmed = api.post(f"/api/v1/uploads/{body['id']}/confirm/", {}, format="json")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "applied"
    product.refresh_from_db()
    assert product.on_hand == 12
    status = api.get(f"/api/v1/uploads/{body['id']}/status/").json()
    assert status["finished"] and status["movements_count"] == 1

    again = api.post(f"/api/v1/uploads/{body['id']}/confirm/", {}, format="json")
    assert again.status_code == 400 and again.json()["error"]["code"] == "invalid"
    assert StockMovement.objects.count() == 1

    reverted = api.post(f"/api/v1/uploads/{body['id']}/revert/")
    assert reverted.status_code == 200 and reverted.json()["reversed_movements"] == 1
    product.refresh_from_db()
    assert product.on_hand == 0


def test_upload_with_a_bad_row_lists_the_problem_and_cannot_be_confirmed(
        organization, api_for):
    ProductFactory(organization=organization, sku="PASTA-1")
    api = api_for(organization, Role.STAFF)
    preview = _upload(api, template_file(template_row("PASTA-1", inbound=5),
                                         template_row("NOPE-9", inbound="many")))
    assert preview.status_code == 201
    body = preview.json()
    assert not body["ok"] and body["error_count"] >= 1
    rows = {problem["row"] for problem in body["problems"]}
    assert 3 in rows
    assert all(problem["message"] for problem in body["problems"])
    refused = api.post(f"/api/v1/uploads/{body['id']}/confirm/", {}, format="json")
    assert refused.status_code == 400
    assert "error" in refused.json() and refused.json()["error"]["message"]
    assert not StockMovement.objects.exists()  # all or nothing: not even row 2


def test_hostile_zip_bomb_upload_is_a_clear_json_error_and_writes_nothing(
        organization, api_for, tmp_path):
    ProductFactory(organization=organization, sku="PASTA-1")
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(template_file(template_row("PASTA-1", inbound=5)))
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as entry,
    ):
        for _ in range(201):
            entry.write(bytes(1 << 20))
    response = _upload(api_for(organization, Role.STAFF), path.read_bytes(),
                       name="bomb.xlsx")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["fields"]["file"]
    assert "200" in error["message"]  # the limit is named
    assert not StockMovement.objects.exists()
    assert not UploadBatch.objects.filter(status=UploadBatch.Status.READY).exists()


def test_wrong_file_type_and_oversized_files_are_refused_before_storing(
        organization, api_for, settings):
    api = api_for(organization, Role.STAFF)
    wrong = _upload(api, b"MZ\x90\x00", name="virus.exe")
    assert wrong.status_code == 400 and wrong.json()["error"]["fields"]
    settings.SMARTSTOCK_UPLOAD_MAX_BYTES = 1000
    big = _upload(api, xlsx([["x" * 50]] * 200), name="big.xlsx")
    assert big.status_code == 400
    assert not UploadBatch.objects.exists()


def test_no_file_is_a_field_error(organization, api_for):
    response = api_for(organization, Role.STAFF).post("/api/v1/uploads/", {},
                                                      format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


def test_validation_errors_follow_accept_language(organization, api_for):
    api = api_for(organization, Role.MANAGER)
    product = ProductFactory(organization=organization)
    body = {"product": product.pk, "kind": "outbound", "quantity": 5,
            "business_date": "2026-11-02"}
    english = api.post("/api/v1/movements/", body, format="json",
                       HTTP_ACCEPT_LANGUAGE="en")
    korean = api.post("/api/v1/movements/", body, format="json",
                      HTTP_ACCEPT_LANGUAGE="ko")
    assert english.status_code == korean.status_code == 400
    assert english.json()["error"]["message"] != korean.json()["error"]["message"]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in korean.json()["error"]["message"])
    missing = api.post("/api/v1/movements/", {"kind": "sideways"}, format="json",
                       HTTP_ACCEPT_LANGUAGE="ko")
    assert missing.status_code == 400
    fields = missing.json()["error"]["fields"]
    assert {"product", "kind", "quantity", "business_date"} <= set(fields)
    assert not StockMovement.objects.exists()


def test_malformed_json_and_bad_query_values_are_400_not_500(organization, api_for):
    api = api_for(organization, Role.MANAGER)
    broken = api.generic("POST", "/api/v1/movements/", "{not json",
                         content_type="application/json")
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "parse_error"
    assert api.get("/api/v1/movements/?date_from=yesterday").status_code == 400
    assert api.get("/api/v1/stock/levels/?product=1&date_from=2026-12-01"
                   "&date_to=2026-11-01").status_code == 400
    assert api.get("/api/v1/recommendations/1/what-if/?service_level=7"
                   ).status_code in (400, 404)
    product = ProductFactory(organization=organization)
    assert api.get(f"/api/v1/recommendations/{product.pk}/what-if/"
                   "?service_level=abc").status_code == 400
    duplicate = api.post("/api/v1/products/", {"sku": product.sku, "name": "x"},
                         format="json")
    assert duplicate.status_code == 400
    assert "sku" in duplicate.json()["error"]["fields"]


def test_authentication_and_permission_errors_speak_korean_too(organization, api_for):
    from rest_framework.test import APIClient

    def hangul(text: str) -> bool:
        return any("\uac00" <= ch <= "\ud7a3" for ch in text)

    anonymous = APIClient().get("/api/v1/products/", HTTP_ACCEPT_LANGUAGE="ko")
    assert anonymous.status_code == 401 and hangul(anonymous.json()["error"]["message"])
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Bearer ss_1234abcd_wrong")
    refused = bad.get("/api/v1/products/", HTTP_ACCEPT_LANGUAGE="ko")
    assert refused.status_code == 401 and hangul(refused.json()["error"]["message"])
    viewer = api_for(organization, Role.VIEWER).post(
        "/api/v1/categories/", {"name": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="ko")
    assert viewer.status_code == 403 and hangul(viewer.json()["error"]["message"])


def test_a_failed_confirm_says_why_in_the_request_language(organization, api_for):
    # Not enough stock is only found when the rows are applied: the upload
    # fails as a whole, and its reason is stored as a template, said in the
    # language of whoever reads it (the web page does the same).
    ProductFactory(organization=organization, sku="PASTA-1")
    api = api_for(organization, Role.MANAGER)
    body = _upload(api, template_file(template_row("PASTA-1", outbound=5))).json()
    assert body["ok"], body
    refused = api.post(f"/api/v1/uploads/{body['id']}/confirm/", {}, format="json",
                       HTTP_ACCEPT_LANGUAGE="ko")
    assert refused.status_code == 400
    message = refused.json()["error"]["message"]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in message), message
    for language, korean in (("ko", True), ("en", False)):
        status = api.get(f"/api/v1/uploads/{body['id']}/status/",
                         HTTP_ACCEPT_LANGUAGE=language).json()
        said = status["error_message"]
        assert said and any("\uac00" <= ch <= "\ud7a3" for ch in said) == korean, said
        detail = api.get(f"/api/v1/uploads/{body['id']}/",
                         HTTP_ACCEPT_LANGUAGE=language).json()
        assert detail["error_message"] == said
    assert not StockMovement.objects.exists()
