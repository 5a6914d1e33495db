"""A purchase order line's due date through the API: shown on every line, set
with PATCH /purchase-orders/{id}/lines/{line_id}/ while the order is a draft
(the order page's service and messages), refused on ``expected_date`` once it
is not, and kept in the line's history as the API key's user."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from api.services import api_key_create
from policy.models import PurchaseOrder, Recommendation
from policy.services import purchasing
from policy.services.recommendations import recommendations_refresh
from tests.factories import ProductFactory, SupplierFactory
from tests.policy.conftest import TODAY, forecast_store, stock_set

pytestmark = pytest.mark.django_db
DUE = TODAY + dt.timedelta(days=10)  # order date + the supplier's lead time


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch):
    monkeypatch.setattr("policy.selectors.clock.today", lambda: TODAY)


@pytest.fixture
def draft(organization):
    """A draft for LOW-1 (20 left, 5 a day, lead time 10 days)."""
    supplier = SupplierFactory(organization=organization, lead_time_days=10)
    product = ProductFactory(organization=organization, sku="LOW-1", supplier=supplier,
                             moq=10, order_multiple=5, unit_cost=Decimal("1000"),
                             safety_stock_mode="automatic")
    stock_set(organization, product, 20, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=5.0)
    recommendations_refresh(organization=organization)
    rec = Recommendation.objects.get(product=product)
    (order,) = purchasing.po_create_from_recommendations(
        organization=organization, user=None, recommendation_ids=[rec.pk])
    return order


def _key(organization, role=Role.MANAGER):
    issued = api_key_create(organization=organization, name="erp", role=role,
                            created_by=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    return client, issued.api_key


def _patch(client, line, body, language="en"):
    return client.patch(f"/api/v1/purchase-orders/{line.order_id}/lines/{line.pk}/",
                        body, format="json", HTTP_ACCEPT_LANGUAGE=language)


def test_every_line_shows_its_due_date(organization, draft, api_for):
    client = api_for(organization, Role.VIEWER)
    detail = client.get(f"/api/v1/purchase-orders/{draft.pk}/").json()
    assert [line["expected_date"] for line in detail["lines"]] == [DUE.isoformat()]
    listed = client.get("/api/v1/purchase-orders/").json()["results"]
    assert listed[0]["lines"][0]["expected_date"] == DUE.isoformat()


def test_a_draft_lines_due_date_is_changed_and_kept_as_the_keys_user(
        organization, draft):
    client, api_key = _key(organization)
    line = draft.lines.get()
    new = TODAY + dt.timedelta(days=4)
    response = _patch(client, line, {"expected_date": new.isoformat()})
    assert response.status_code == 200, response.content
    assert response.json()["id"] == line.pk
    assert response.json()["expected_date"] == new.isoformat()
    line.refresh_from_db()
    draft.refresh_from_db()
    assert line.expected_date == new and draft.expected_date == new
    record = line.history.order_by("-history_id").first()
    assert record.history_user == api_key.actor
    assert record.history_change_reason == (
        f"Expected arrival {DUE.isoformat()} → {new.isoformat()}")
    detail = client.get(f"/api/v1/purchase-orders/{draft.pk}/").json()
    assert detail["expected_date"] == new.isoformat()
    assert detail["lines"][0]["expected_date"] == new.isoformat()


def test_the_same_date_again_writes_no_history(organization, draft):
    client, _ = _key(organization)
    line = draft.lines.get()
    assert _patch(client, line, {"expected_date": DUE.isoformat()}).status_code == 200
    assert line.history.count() == 1  # only its creation


@pytest.mark.parametrize("value, english, korean", [
    ((TODAY - dt.timedelta(days=1)).isoformat(),
     "cannot be before the order date (2026-11-27)", "주문일(2026-11-27)보다 이를 수 없습니다"),
    ((TODAY + dt.timedelta(days=400)).isoformat(),
     "more than a year after the order date (2026-11-27): check the year",
     "주문일(2026-11-27)보다 1년 넘게 뒤입니다"),
    ("2026-13-45", "Date has wrong format", "날짜 형식이 잘못되었습니다"),
    (None, "This field may not be null.", "null일 수 없습니다"),
])
def test_a_wrong_due_date_is_a_400_on_expected_date_and_changes_nothing(
        organization, draft, value, english, korean):
    client, _ = _key(organization)
    line = draft.lines.get()
    for language, expected in (("en", english), ("ko", korean)):
        response = _patch(client, line, {"expected_date": value}, language)
        assert response.status_code == 400, response.content
        error = response.json()["error"]
        assert list(error["fields"]) == ["expected_date"]
        assert expected in " ".join(error["fields"]["expected_date"])
    line.refresh_from_db()
    assert line.expected_date == DUE
    assert line.history.count() == 1


def test_a_body_without_the_date_is_refused_on_expected_date(organization, draft):
    client, _ = _key(organization)
    line = draft.lines.get()
    response = _patch(client, line, {"quantity": 5})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "expected_date": ["This field is required."]}
    line.refresh_from_db()
    assert (line.expected_date, line.history.count()) == (DUE, 1)


@pytest.mark.parametrize("status", [PurchaseOrder.Status.APPROVED,
                                    PurchaseOrder.Status.SENT])
def test_a_line_of_an_order_no_longer_draft_is_refused_on_expected_date(
        organization, draft, status):
    purchasing.po_approve(organization=organization, order=draft, user=None)
    if status == PurchaseOrder.Status.SENT:
        purchasing.po_send(organization=organization, order=draft, user=None)
    client, _ = _key(organization)
    line = draft.lines.get()
    for language, expected in (
            ("en", "Only a draft order's expected arrival dates can be changed."),
            ("ko", "초안")):
        response = _patch(client, line, {"expected_date": (
            TODAY + dt.timedelta(days=3)).isoformat()}, language)
        assert response.status_code == 400
        fields = response.json()["error"]["fields"]
        assert list(fields) == ["expected_date"]
        assert expected in fields["expected_date"][0]
    line.refresh_from_db()
    assert (line.expected_date, line.history.count()) == (DUE, 1)


def test_another_orders_or_organizations_line_is_404_and_staff_403(
        organization, other_organization, draft):
    line = draft.lines.get()
    body = {"expected_date": (TODAY + dt.timedelta(days=3)).isoformat()}
    other_order = PurchaseOrder.objects.create(organization=organization,
                                               supplier=draft.supplier)
    manager, _ = _key(organization)
    assert manager.patch(f"/api/v1/purchase-orders/{other_order.pk}/lines/{line.pk}/",
                         body, format="json").status_code == 404
    stranger, _ = _key(other_organization)
    assert _patch(stranger, line, body).status_code == 404
    staff, _ = _key(organization, Role.STAFF)
    assert _patch(staff, line, body).status_code == 403
    line.refresh_from_db()
    assert line.expected_date == DUE


def test_post_on_the_line_still_changes_its_quantity(organization, draft):
    client, api_key = _key(organization)
    line = draft.lines.get()
    response = client.post(f"/api/v1/purchase-orders/{draft.pk}/lines/{line.pk}/",
                           {"quantity": line.quantity + 5, "reason": "pallet"},
                           format="json")
    assert response.status_code == 200, response.content
    assert response.json()["quantity"] == line.quantity + 5
    assert response.json()["expected_date"] == DUE.isoformat()


def test_the_schema_documents_the_patch_and_the_line_due_date():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/purchase-orders/{id}/lines/{line_id}/"][
        "patch"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    name = body["$ref"].rsplit("/", 1)[-1]
    request = schema["components"]["schemas"][name]
    assert request["required"] == ["expected_date"]
    assert request["properties"]["expected_date"]["format"] == "date"
    assert "draft" in request["properties"]["expected_date"]["description"]
    assert set(operation["responses"]) >= {"200", "400", "404"}
    line = schema["components"]["schemas"]["PurchaseOrderLine"]["properties"]
    assert line["expected_date"]["format"] == "date"
