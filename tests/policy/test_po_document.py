"""The supplier's purchase order: document, preview, confirmation, email status."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from policy import tasks
from policy.models import PurchaseOrder
from policy.services import purchasing
from policy.services.po_document import po_document
from tests.factories import ProductFactory

from .test_purchasing import _draft

pytestmark = pytest.mark.django_db
INTERNAL = ("forecast", "safety stock", "reorder point", "recommended",
            "on order", "current stock", "예측", "안전재고", "재주문점", "권장")


@pytest.fixture
def order(organization, member_of, low_product, full_product):
    from policy.models import Recommendation
    from policy.services.recommendations import recommendations_refresh

    recommendations_refresh(organization=organization)
    user = member_of(organization)
    order = _draft(organization, user,
                   Recommendation.objects.filter(organization=organization))
    low_product.supplier_sku = "PC-0042"
    low_product.save()
    # A second line without a unit cost: shown as missing, never as ₩0.
    free = ProductFactory(organization=organization, sku="FREE-1",
                          supplier=low_product.supplier, unit_cost=Decimal("0"))
    order.lines.create(organization=organization, product=free, quantity=6,
                       unit_cost=Decimal("0"))
    return order


def _sheet_rows(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def test_the_xlsx_has_no_planning_columns_and_a_correct_total(
        organization, order, client_for):
    response = client_for(organization, "viewer").get(
        reverse("policy:po_document_xlsx", args=[order.pk]),
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    rows = _sheet_rows(response.content)
    text = " ".join(str(c).lower() for row in rows for c in row if c is not None)
    assert not [word for word in INTERNAL if word in text]
    header = next(row for row in rows if row and row[0] == "Supplier code")
    assert header[:7] == ("Supplier code", "Our SKU", "Product", "Quantity",
                          "Pack size", "Unit price (₩)", "Amount (₩)")
    start = rows.index(header) + 1
    lines = [row for row in rows[start:] if row[0] != "Total"]
    by_sku = {row[1]: row for row in lines}
    low = order.lines.get(product__sku="LOW-1")
    assert by_sku["LOW-1"][0] == "PC-0042"
    assert by_sku["LOW-1"][3] == low.quantity
    assert by_sku["LOW-1"][6] == int(low.unit_cost * low.quantity)
    assert by_sku["FREE-1"][5] is None and by_sku["FREE-1"][6] is None
    total = next(row for row in rows if row[0] == "Total")
    assert total[6] == int(low.unit_cost * low.quantity)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.fitToWidth == 1  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_the_printable_page_shows_prices_and_total_but_no_planning(
        organization, order, client_for):
    body = client_for(organization, "viewer").get(
        reverse("policy:po_document", args=[order.pk]),
        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    document = po_document(order=order)
    assert f"₩{int(document.total):,}" in body and "PC-0042" in body
    assert "no unit cost" in body  # FREE-1
    assert "css/print.css" in body and "<script>" not in body
    assert not [w for w in ("Safety stock", "Reorder point", "30-day forecast")
                if w in body]


def test_sending_needs_the_preview_confirmation(organization, order, member_of,
                                               client_for,
                                               django_capture_on_commit_callbacks):
    purchasing.po_approve(organization=organization, order=order,
                          user=member_of(organization))
    client = client_for(organization, "manager")
    url = reverse("policy:po_send", args=[order.pk])
    preview = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="po-send-confirm"' in preview and "data-confirm=" in preview
    assert "orders@pasta.example" in preview
    client.post(url, {})  # no confirmation: nothing happens
    order.refresh_from_db()
    assert order.status == PurchaseOrder.Status.APPROVED and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "yes"})
    order.refresh_from_db()
    assert order.status == PurchaseOrder.Status.SENT
    [email] = mail.outbox
    assert email.to == ["orders@pasta.example"]
    assert "PC-0042" in email.body and "₩" in email.body
    [(name, content, _mime)] = email.attachments
    assert name.startswith(order.number) and name.endswith(".xlsx")
    assert _sheet_rows(content)[0][:2] == ("발주서", order.number)


@pytest.mark.parametrize("status", [PurchaseOrder.Status.DRAFT,
                                    PurchaseOrder.Status.APPROVED,
                                    PurchaseOrder.Status.CANCELLED])
def test_the_email_task_never_sends_an_unsent_order(organization, order, status):
    PurchaseOrder.objects.filter(pk=order.pk).update(status=status)
    result = tasks.purchase_order_email_task(order.pk)
    assert result == f"not sent: {status}" and mail.outbox == []


def test_the_korean_document_names_sender_and_recipient_not_a_change(
        organization, order, client_for):
    # "From"/"To" also head the quantity history ("변경 전"/"변경 후"); on the
    # supplier's document they name the two parties (발신/수신).
    client = client_for(organization, "viewer")
    page = client.get(reverse("policy:po_document", args=[order.pk]),
                      HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "발신" in page and "수신" in page
    assert "변경 전" not in page and "변경 후" not in page
    sheet = client.get(reverse("policy:po_document_xlsx", args=[order.pk]),
                       HTTP_ACCEPT_LANGUAGE="ko")
    labels = [row[0] for row in _sheet_rows(sheet.content) if row]
    assert "발신" in labels and "수신" in labels and "변경 전" not in labels
    history = client.get(reverse("policy:po_detail", args=[order.pk]),
                         HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "변경 전" in history and "변경 후" in history
