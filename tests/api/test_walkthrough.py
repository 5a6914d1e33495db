"""The README's curl walkthrough, step by step, on a slice of the demo."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from inventory.models import Product
from policy.models import PurchaseOrder
from policy.services.recommendations import recommendations_refresh
from tests.factories import SetComponentFactory
from tests.inventory.upload_files import template_file, template_row

from .test_contract import demo  # noqa: F401 -- the demo fixture


def test_readme_walkthrough_from_key_to_sent_purchase_order(demo, capsys):  # noqa: F811
    organization, product = demo["organization"], demo["product"]
    call_command("api_key", "create", "--organization", str(organization.pk),
                 "--role", "manager", "--name", "shell")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {capsys.readouterr().out.strip()}")

    preview = api.post("/api/v1/uploads/", {"file": SimpleUploadedFile(
        "stock.xlsx", template_file(template_row(product.sku, inbound=30)))},
        format="multipart", HTTP_ACCEPT_LANGUAGE="en").json()
    assert preview["ok"] and preview["rows_to_apply"] == 1
    before = Product.objects.get(pk=product.pk).on_hand
    confirmed = api.post(f"/api/v1/uploads/{preview['id']}/confirm/")
    assert confirmed.status_code == 200
    assert Product.objects.get(pk=product.pk).on_hand == before + 30

    forecast = api.get(f"/api/v1/forecasts/{product.pk}/").json()
    (total_30,) = [t for t in forecast["totals"] if t["days"] == 30]
    assert float(total_30["total"]) >= 0 and len(forecast["daily"]) >= 30
    assert "p90" in forecast["daily"][0]["quantiles"] or forecast["daily"][0]["quantiles"]

    recommendation = api.get(f"/api/v1/recommendations/{product.pk}/").json()
    assert recommendation["reason"] and "reorder_point" in recommendation
    # What the order screen shows for a line due later (the alert's figure).
    assert recommendation["order_by_quantity"] >= recommendation["recommended_quantity"]
    what_if = api.get(f"/api/v1/recommendations/{product.pk}/what-if/"
                      "?service_level=0.99&lead_time_days=30").json()
    assert what_if["saved"] is False
    assert what_if["recommendation"]["lead_time_days"] == 30
    assert what_if["recommendation"]["safety_stock"] >= 0

    # Sell everything, then let the background refresh (run here) plan again.
    on_hand = Product.objects.get(pk=product.pk).on_hand
    sold = api.post("/api/v1/movements/", {
        "product": product.pk, "kind": "outbound", "quantity": on_hand,
        "business_date": "2026-11-26"}, format="json", HTTP_IDEMPOTENCY_KEY="sale-1")
    assert sold.status_code == 201, sold.content
    recommendations_refresh(organization=organization)
    ordered = api.get("/api/v1/recommendations/?only_to_order=true").json()["results"]
    assert ordered, "nothing to order with no stock left"
    if ordered:  # always true here; keeps the walkthrough's steps readable
        created = api.post("/api/v1/purchase-orders/from-recommendations/",
                           {"recommendation_ids": [ordered[0]["id"]]}, format="json")
        assert created.status_code == 201, created.content
        order = created.json()["orders"][0]
        line = order["lines"][0]
        changed = api.post(f"/api/v1/purchase-orders/{order['id']}/lines/{line['id']}/",
                           {"quantity": line["quantity"] + 1, "reason": "pallet"},
                           format="json")
        pack = Product.objects.get(pk=line["product"]).order_multiple
        if pack > 1:  # whole packs only: the answer names the nearest ones
            assert changed.status_code == 400, changed.content
            changed = api.post(
                f"/api/v1/purchase-orders/{order['id']}/lines/{line['id']}/",
                {"quantity": line["quantity"] + pack, "reason": "pallet"},
                format="json")
        assert changed.status_code == 200
        assert api.post(f"/api/v1/purchase-orders/{order['id']}/approve/").status_code == 200
        sent = api.post(f"/api/v1/purchase-orders/{order['id']}/send/")
        assert sent.status_code == 200 and sent.json()["status"] == "sent"
        received = api.post(f"/api/v1/purchase-orders/{order['id']}/receive/", {
            "lines": [{"line": line["id"], "quantity": 5, "lot_code": "L1",
                       "expiry_date": "2099-06-30"}]}, format="json")
        assert received.status_code == 200, received.content
        assert PurchaseOrder.objects.get(pk=order["id"]).status in (
            PurchaseOrder.Status.PARTIALLY_RECEIVED, PurchaseOrder.Status.RECEIVED)


def test_what_if_and_levels_of_a_set_answer_without_error(organization, api_for):
    line = SetComponentFactory(set_product__organization=organization)
    api = api_for(organization)
    what_if = api.get(f"/api/v1/recommendations/{line.set_product.pk}/what-if/")
    assert what_if.status_code == 400
    assert "component" in what_if.json()["error"]["message"]
    levels = api.get(f"/api/v1/stock/levels/?product={line.set_product.pk}"
                     "&date_from=2026-11-01&date_to=2026-11-02")
    assert levels.status_code == 400
