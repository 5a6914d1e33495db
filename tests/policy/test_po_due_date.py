"""A purchase order line's due date (expected arrival): defaulted from the
order date and the lead time, editable while the order is a draft (never
before the order date), shown on the order page and the supplier's document,
and read by the plan's on-order coverage once the order is approved."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from policy.models import PurchaseOrder, PurchaseOrderLine, Recommendation
from policy.services import purchasing
from policy.services.recommendations import recommendations_refresh
from tests.factories import ProductFactory

from .conftest import TODAY, forecast_store, stock_set

pytestmark = pytest.mark.django_db
Status = PurchaseOrder.Status


@pytest.fixture
def draft(organization, member_of, low_product, full_product):
    """A draft for LOW-1 (supplier lead time 10 days) made from the order screen."""
    recommendations_refresh(organization=organization)
    rec = Recommendation.objects.get(product=low_product)
    (order,) = purchasing.po_create_from_recommendations(
        organization=organization, user=member_of(organization),
        recommendation_ids=[rec.pk])
    return order


def _post(client, line, value, language="en"):
    return client.post(reverse("policy:po_line_due_date", args=[line.pk]),
                       {"expected_date": value}, HTTP_ACCEPT_LANGUAGE=language,
                       follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_new_line_is_due_the_order_date_plus_the_lead_time(draft):
    line = draft.lines.get()
    assert line.expected_date == TODAY + dt.timedelta(days=10)
    assert draft.expected_date == line.expected_date


def test_a_draft_line_due_date_is_changed_and_kept_in_its_history(
        organization, draft, client_for):
    line = draft.lines.get()
    client = client_for(organization, role="manager")
    new = TODAY + dt.timedelta(days=4)
    response = _post(client, line, new.isoformat())
    assert "Expected arrival of LOW-1 changed." in _messages(response)
    line.refresh_from_db()
    draft.refresh_from_db()
    assert line.expected_date == new and draft.expected_date == new
    record = line.history.order_by("-history_id").first()
    assert record.history_change_reason == (
        f"Expected arrival {(TODAY + dt.timedelta(days=10)).isoformat()} → "
        f"{new.isoformat()}")
    body = client.get(reverse("policy:po_detail", args=[draft.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    cell = body.split('data-testid="due-LOW-1"')[1].split("</td>")[0]
    assert f'value="{new.isoformat()}"' in cell and 'type="date"' in cell


@pytest.mark.parametrize("value, english, korean", [
    ((TODAY - dt.timedelta(days=1)).isoformat(),
     "cannot be before the order date (2026-11-27)", "주문일(2026-11-27)보다 이를 수 없습니다"),
    ((TODAY + dt.timedelta(days=400)).isoformat(),
     "more than a year after the order date (2026-11-27): check the year",
     "주문일(2026-11-27)보다 1년 넘게 뒤입니다"),
    ("2026-13-45", "Enter a valid date.", "올바른 날짜"),
    ("", "This field is required.", "필수 항목"),
])
def test_a_wrong_due_date_is_refused_with_a_clear_message_and_changes_nothing(
        organization, draft, client_for, value, english, korean):
    line = draft.lines.get()
    client = client_for(organization, role="manager")
    for language, expected in (("en", english), ("ko", korean)):
        [message] = _messages(_post(client, line, value, language))
        assert expected in message and "LOW-1" in message
    line.refresh_from_db()
    assert line.expected_date == TODAY + dt.timedelta(days=10)
    assert line.history.count() == 1  # only its creation


def test_only_a_draft_line_due_date_is_editable(organization, draft, member_of,
                                                client_for):
    purchasing.po_approve(organization=organization, order=draft,
                          user=member_of(organization))
    line = draft.lines.get()
    client = client_for(organization, role="manager")
    [message] = _messages(_post(client, line, (TODAY + dt.timedelta(days=3))
                                .isoformat()))
    assert "Only a draft order's expected arrival dates can be changed." in message
    line.refresh_from_db()
    assert line.expected_date == TODAY + dt.timedelta(days=10)
    body = client.get(reverse("policy:po_detail", args=[draft.pk])).content.decode()
    assert 'name="expected_date"' not in body
    # The refusal names the field (the API reports it as ``expected_date``).
    with pytest.raises(ValidationError) as refused:
        purchasing.po_line_due_date_set(
            organization=organization, line=line, user=None,
            due_date=TODAY + dt.timedelta(days=3))
    assert refused.value.message_dict == {"expected_date": [
        "Only a draft order's expected arrival dates can be changed."]}


def test_staff_and_other_organizations_cannot_change_a_due_date(
        organization, other_organization, draft, client_for):
    line = draft.lines.get()
    url = reverse("policy:po_line_due_date", args=[line.pk])
    value = {"expected_date": (TODAY + dt.timedelta(days=3)).isoformat()}
    assert client_for(organization, role="staff").post(url, value).status_code == 403
    assert client_for(other_organization, role="manager").post(
        url, value).status_code == 404
    line.refresh_from_db()
    assert line.expected_date == TODAY + dt.timedelta(days=10)


def test_the_supplier_document_shows_each_lines_delivery_date(
        organization, draft, client_for, low_product):
    other = ProductFactory(organization=organization, sku="OTHER-1",
                           supplier=low_product.supplier, unit_cost=Decimal("10"))
    PurchaseOrderLine.objects.create(
        organization=organization, order=draft, product=other, quantity=5,
        unit_cost=Decimal("10"), expected_date=TODAY + dt.timedelta(days=20))
    client = client_for(organization, role="viewer")
    page = client.get(reverse("policy:po_document", args=[draft.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    low_due = (TODAY + dt.timedelta(days=10)).isoformat()
    assert f'data-testid="delivery-LOW-1">{low_due}<' in page
    assert f'data-testid="delivery-OTHER-1">{(TODAY + dt.timedelta(days=20))}<' in page
    content = client.get(reverse("policy:po_document_xlsx", args=[draft.pk]),
                         HTTP_ACCEPT_LANGUAGE="en").content
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active
                .iter_rows(values_only=True))
    header = next(row for row in rows if row and row[0] == "Supplier code")
    assert header[7] == "Delivery date"
    dates = {row[1]: row[7] for row in rows[rows.index(header) + 1:]
             if row[0] != "Total"}
    assert dates["LOW-1"].date() == TODAY + dt.timedelta(days=10)
    assert dates["OTHER-1"].date() == TODAY + dt.timedelta(days=20)


@pytest.mark.parametrize("due_in_days, coverage", [(2, "covered"), (8, "late")])
def test_the_approved_line_due_date_decides_whether_it_covers_the_stockout(
        organization, supplier, member_of, django_capture_on_commit_callbacks,
        due_in_days, coverage):
    """12 left, 3 a day (out on day 4): 200 on a draft. Due on day 2 the order
    covers the stock-out in time; due on day 8 it is late."""
    product = ProductFactory(organization=organization, sku="EDGE-1",
                             supplier=supplier, safety_stock_mode="automatic")
    stock_set(organization, product, 12, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=3.0)
    user = member_of(organization)
    order = PurchaseOrder.objects.create(organization=organization,
                                         supplier=supplier, created_by=user)
    line = PurchaseOrderLine.objects.create(
        organization=organization, order=order, product=product, quantity=200,
        expected_date=TODAY + dt.timedelta(days=10))
    purchasing.po_line_due_date_set(
        organization=organization, line=line, user=user,
        due_date=TODAY + dt.timedelta(days=due_in_days))
    with django_capture_on_commit_callbacks(execute=True):
        purchasing.po_approve(organization=organization, order=order, user=user)
    rec = Recommendation.objects.get(product=product, as_of=TODAY)
    assert rec.recommended_quantity == 0 and rec.on_order == 200
    assert rec.coverage == coverage
    assert rec.covering_order_id == order.pk
    assert rec.covering_due_date == TODAY + dt.timedelta(days=due_in_days)
