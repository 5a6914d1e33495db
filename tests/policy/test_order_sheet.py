"""The order sheet (.xlsx) and its email: safe cells, sent once per key."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core import mail

from policy import tasks
from policy.models import EmailOutbox, PolicySettings
from policy.services.order_sheet import order_sheet_build, order_sheet_headers
from policy.services.recommendations import recommendations_refresh

from .conftest import TODAY


@pytest.fixture
def sheet_org(organization, low_product, full_product):
    organization.purchasing_emails = "buyer@example.com\nboss@example.com"
    organization.save()
    recommendations_refresh(organization=organization)
    return organization


def _rows(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def test_sheet_lists_products_to_order_with_every_column(sheet_org, low_product):
    name, content = order_sheet_build(organization=sheet_org)
    assert name == f"order-sheet-{TODAY.isoformat()}.xlsx"
    rows = _rows(content)
    assert list(rows[2]) == order_sheet_headers()
    # title, blank, header, one product (FULL-1 needs none), blank, total
    assert len(rows) == 6
    line = dict(zip(rows[2], rows[3], strict=True))
    total = dict(zip(rows[2], rows[5], strict=True))
    assert total["Supplier"] == "Total"
    assert total["Order quantity"] == line["Order quantity"]
    assert total["Amount"] == line["Amount"] == line["Order quantity"] * 1000
    assert line["Due"] == line["Order by"] and line["Due"].date() < TODAY  # late
    assert line["SKU"] == "LOW-1" and line["Supplier"] == "Pasta Co"
    assert line["Current stock"] == 20 and line["MOQ"] == 10
    assert line["Order quantity"] == line["Recommended quantity"] > 0
    assert line["Lead time (days)"] == 10
    assert line["Expected arrival"].date().isoformat() == "2026-12-07"


def test_sheet_cells_cannot_start_a_formula(sheet_org, low_product):
    low_product.name = "=HYPERLINK(\"http://evil\")"
    low_product.save()
    rows = _rows(order_sheet_build(organization=sheet_org)[1])
    assert rows[3][2] == "'=HYPERLINK(\"http://evil\")"


def test_scheduled_email_task_run_twice_sends_one_email(sheet_org):
    tasks.order_sheet_email_task(sheet_org.pk, TODAY.isoformat())
    tasks.order_sheet_email_task(sheet_org.pk, TODAY.isoformat())
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["buyer@example.com", "boss@example.com"]
    assert email.attachments[0][0].endswith(".xlsx")
    row = EmailOutbox.objects.get()
    assert (row.status, row.attempts) == ("sent", 1)


def test_on_demand_emails_each_carry_their_own_token(sheet_org):
    tasks.order_sheet_email_task(sheet_org.pk, TODAY.isoformat(), "a")
    tasks.order_sheet_email_task(sheet_org.pk, TODAY.isoformat(), "a")
    tasks.order_sheet_email_task(sheet_org.pk, TODAY.isoformat(), "b")
    assert len(mail.outbox) == 2


def test_schedule_sends_only_to_organizations_that_opted_in(sheet_org,
                                                            other_organization):
    assert tasks.order_sheet_email_scheduled_task() == 0
    PolicySettings.objects.create(organization=sheet_org,
                                  order_sheet_email_enabled=True)
    assert tasks.order_sheet_email_scheduled_task() == 1
    assert len(mail.outbox) == 1


def test_no_recipients_is_recorded_as_skipped(organization, low_product):
    recommendations_refresh(organization=organization)
    tasks.order_sheet_email_task(organization.pk, TODAY.isoformat())
    assert mail.outbox == []
    assert EmailOutbox.objects.get().status == "skipped"


def test_sheet_headers_are_distinct_in_korean():
    """Walkthrough: the Korean sheet had two columns both titled 발주 기한
    (Due and Order by), so a buyer could not tell which date was which."""
    from django.utils import translation

    with translation.override("ko"):
        headers = order_sheet_headers()
    assert len(set(headers)) == len(headers)


def test_sheet_quantities_and_money_show_thousands_separators(sheet_org):
    """Walkthrough: the total row read 4572 (no separator) beside ₩11,007,840."""
    content = order_sheet_build(organization=sheet_org)[1]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows())
    headers = [cell.value for cell in rows[2]]
    for row in (rows[3], rows[5]):  # a line and the total row
        for title in ("Order quantity", "Amount"):
            cell = row[headers.index(title)]
            assert cell.number_format == "#,##0", (title, cell.number_format)
