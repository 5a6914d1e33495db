"""How much to order agrees everywhere: order screen, .xlsx sheet, its email,
stock table, copilot and API (policy.selectors.to_order)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from api.services import api_key_create
from copilot.services import copilot_answer
from policy import tasks
from policy.models import PolicySettings, Recommendation
from policy.selectors import order_sheet_rows, to_order, to_order_totals
from policy.selectors.order_screen import order_screen
from policy.services.order_sheet import order_sheet_build, order_sheet_headers
from policy.services.recommendations import recommendations_refresh
from tests.factories import ProductFactory

from .conftest import TODAY, forecast_store, stock_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming_product(organization, supplier):
    """95 units, 5 a day, 10-day lead time: nothing due today, order by in 3 days."""
    product = ProductFactory(organization=organization, sku="SOON-1",
                             supplier=supplier, moq=10, order_multiple=5,
                             unit_cost=Decimal("1000"), safety_stock_mode="automatic")
    stock_set(organization, product, 95, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=5.0)
    return product


@pytest.fixture
def three(organization, low_product, upcoming_product, full_product):
    """Due now (LOW-1), due in 3 days (SOON-1), not due (FULL-1)."""
    organization.purchasing_emails = "buyer@example.com"
    organization.save()
    recommendations_refresh(organization=organization)
    recs = {r.product.sku: r for r in Recommendation.objects.select_related("product")}
    assert recs["LOW-1"].recommended_quantity > 0
    assert recs["SOON-1"].recommended_quantity == 0
    assert recs["SOON-1"].order_by_date == TODAY + dt.timedelta(days=3)
    assert recs["FULL-1"].order_by_quantity == 0
    return recs


def _expected(recs) -> dict[str, int]:
    return {"LOW-1": recs["LOW-1"].recommended_quantity,
            "SOON-1": recs["SOON-1"].order_by_quantity}


def _sheet(content: bytes) -> tuple[dict[str, dict], dict]:
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active
                .iter_rows(values_only=True))
    header = order_sheet_headers()  # by position: the email's sheet is in Korean
    lines = [dict(zip(header, row, strict=True)) for row in rows[3:] if any(row)]
    (total,) = [line for line in lines if not line["SKU"]]
    return {line["SKU"]: line for line in lines if line["SKU"]}, total


def test_to_order_gives_the_quantity_and_its_due_date(three):
    low, soon, full = (to_order(three[sku]) for sku in ("LOW-1", "SOON-1", "FULL-1"))
    assert (low.quantity, low.due_now, low.upcoming) == (
        three["LOW-1"].recommended_quantity, True, False)
    assert low.due_date <= TODAY
    assert (soon.quantity, soon.due_date, soon.upcoming) == (
        three["SOON-1"].order_by_quantity, TODAY + dt.timedelta(days=3), True)
    assert soon.quantity > 0 and soon.quantity % 5 == 0 and soon.quantity >= 10
    assert soon.arrival_date == soon.due_date + dt.timedelta(days=10)
    assert full.quantity == 0 and not full.due_within(TODAY, 7)
    # A draft's units replace the advice, due when the advice is.
    drafted = to_order(three["SOON-1"], {three["SOON-1"].product_id: 40})
    assert (drafted.quantity, drafted.drafted, drafted.upcoming) == (40, True, False)


def test_screen_sheet_email_copilot_and_api_agree(organization, three, member_of):
    expected = _expected(three)
    units = sum(expected.values())
    amount = Decimal(1000) * units  # both cost ₩1,000

    screen = order_screen(organization=organization)
    shown = {line.product.sku: line.quantity for g in screen.groups
             for line in g.lines if line.quantity}
    assert shown == expected
    assert screen.cash_week == amount

    name, content = order_sheet_build(organization=organization)
    lines, total = _sheet(content)
    assert {sku: line["Order quantity"] for sku, line in lines.items()} == expected
    assert lines["SOON-1"]["Due"].date() == TODAY + dt.timedelta(days=3)
    assert lines["SOON-1"]["Recommended quantity"] == expected["SOON-1"]
    assert lines["SOON-1"]["Amount"] == 1000 * expected["SOON-1"]
    assert (total["Order quantity"], total["Amount"]) == (units, amount)

    tasks.order_sheet_email_task(organization.pk, TODAY.isoformat())
    (email,) = mail.outbox
    attached_name, attached, _mime = email.attachments[0]
    assert attached_name == name
    lines, total = _sheet(attached)
    assert {sku: line["Order quantity"] for sku, line in lines.items()} == expected
    assert (total["Order quantity"], total["Amount"]) == (units, amount)
    assert f"{units:,}" in email.body and f"₩{int(amount):,}" in email.body

    user = member_of(organization, Role.MASTER)
    answer = copilot_answer(organization=organization, user=user,
                            question="What should I order this week, and how much?")
    assert answer.intent == "order_quantity"
    assert {row[0]: row[2] for row in answer.table.rows} == expected
    assert answer.values[-2:] == [units, int(amount)]
    assert f"(order by {TODAY + dt.timedelta(days=3)})" in answer.answer
    one = copilot_answer(organization=organization, user=user,
                         question="How many SOON-1 should I order?")
    assert one.values == [expected["SOON-1"]]
    assert (TODAY + dt.timedelta(days=3)).isoformat() in one.answer

    api = APIClient()
    secret = api_key_create(organization=organization, name="k", role=Role.MANAGER,
                            created_by=user).secret
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    rows = api.get("/api/v1/recommendations/").json()["results"]
    by_sku = {row["sku"]: row for row in rows}
    assert {sku: by_sku[sku]["order_by_quantity"] for sku in expected} == expected
    assert by_sku["FULL-1"]["order_by_quantity"] == 0


def test_stock_table_and_product_page_show_the_upcoming_quantity_and_date(
        organization, three, upcoming_product, client_for):
    client = client_for(organization)
    quantity = three["SOON-1"].order_by_quantity
    due = f"due {(TODAY + dt.timedelta(days=3)).isoformat()}"
    table = client.get(reverse("inventory:stock_status"), {"q": "SOON-1"})
    body = table.content.decode()
    assert f"Yes · {quantity}" in body and due in body
    page = client.get(reverse("inventory:product_detail", args=[upcoming_product.pk]))
    assert due in page.content.decode()
    assert page.context["to_order"].quantity == quantity


def test_purchase_order_from_the_upcoming_line_takes_the_screen_quantity(
        organization, three, member_of):
    from policy.services.purchasing import po_create_from_recommendations

    (order,) = po_create_from_recommendations(
        organization=organization, user=member_of(organization),
        recommendation_ids=[three["SOON-1"].pk])
    assert order.lines.get().quantity == three["SOON-1"].order_by_quantity
    # Drafted now: screen and sheet show the draft's units, same total.
    lines = order_sheet_rows(organization=organization)
    assert {line.product.sku: line.quantity for line in lines} == _expected(three)
    assert to_order_totals(lines).units == sum(_expected(three).values())


def test_upcoming_quantity_is_raised_to_the_eoq_like_the_due_now_one(
        organization, low_product, upcoming_product):
    PolicySettings.objects.create(organization=organization,
                                  ordering_cost=Decimal("200000"),
                                  holding_cost_rate=Decimal("20"))
    recommendations_refresh(organization=organization)
    soon = Recommendation.objects.get(product=upcoming_product)
    low = Recommendation.objects.get(product=low_product)
    assert soon.eoq and soon.order_by_quantity >= soon.eoq
    assert soon.order_by_quantity % 5 == 0
    assert low.recommended_quantity >= low.eoq  # the same rule, due now


def _queries(organization, count: int) -> tuple[int, int]:
    for i in range(count):
        product = ProductFactory(organization=organization, sku=f"N-{count}-{i}",
                                 unit_cost=Decimal("100"))
        stock_set(organization, product, 10, TODAY - dt.timedelta(days=3))
        forecast_store(organization, product, daily=2.0)
    recommendations_refresh(organization=organization)
    with CaptureQueriesContext(connection) as screen:
        order_screen(organization=organization)
    with CaptureQueriesContext(connection) as sheet:
        order_sheet_build(organization=organization)
    return len(screen), len(sheet)


def test_query_counts_do_not_grow_with_the_number_of_products(organization):
    few = _queries(organization, 2)
    many = _queries(organization, 8)  # 10 products in all
    assert few == many
    assert many[1] <= 4


def _po_line(organization, product, status, quantity, received=0):
    from policy.models import PurchaseOrder, PurchaseOrderLine

    order = PurchaseOrder.objects.create(organization=organization,
                                         supplier=product.supplier, status=status)
    return PurchaseOrderLine.objects.create(
        organization=organization, order=order, product=product, quantity=quantity,
        received_quantity=received, expected_date=TODAY + dt.timedelta(days=5))


def test_a_unit_is_on_a_draft_or_on_order_never_both(organization, low_product):
    """Draft 7, approved 11, sent 13, partly received 19 (4 in), received 17:
    the recommendation counts 11 + 13 + 15 on order, the screen 7 on a draft."""
    from policy.models import PurchaseOrder
    from policy.selectors import draft_quantities, stock_status_list
    from policy.selectors.orders import ON_DRAFT

    status = PurchaseOrder.Status
    assert not set(ON_DRAFT) & set(PurchaseOrder.OPEN_STATUSES)
    _po_line(organization, low_product, status.DRAFT, 7)
    _po_line(organization, low_product, status.APPROVED, 11)
    _po_line(organization, low_product, status.SENT, 13)
    _po_line(organization, low_product, status.PARTIALLY_RECEIVED, 19, received=4)
    _po_line(organization, low_product, status.RECEIVED, 17, received=17)
    _po_line(organization, low_product, status.CANCELLED, 23)
    recommendations_refresh(organization=organization)
    rec = Recommendation.objects.get(product=low_product)

    assert rec.on_order == 11 + 13 + 15  # the engine's on-order input
    assert draft_quantities(organization=organization) == {low_product.pk: 7}
    (row,) = stock_status_list(organization=organization)
    assert row.draft_units == 7
    order = to_order(rec, draft_quantities(organization=organization))
    assert (order.quantity, order.drafted) == (7, True)
    assert to_order(row) == order  # the stock table's annotation agrees


def test_approving_a_draft_moves_its_units_on_order(
        organization, low_product, member_of, django_capture_on_commit_callbacks):
    from policy.selectors import draft_quantities
    from policy.services.purchasing import po_approve, po_create_from_recommendations

    recommendations_refresh(organization=organization)
    rec = Recommendation.objects.get(product=low_product)
    user = member_of(organization)
    (order,) = po_create_from_recommendations(organization=organization, user=user,
                                              recommendation_ids=[rec.pk])
    units = order.lines.get().quantity
    assert draft_quantities(organization=organization) == {low_product.pk: units}
    with django_capture_on_commit_callbacks(execute=True):
        po_approve(organization=organization, order=order, user=user)
    assert draft_quantities(organization=organization) == {}
    rec = Recommendation.objects.get(product=low_product)
    assert rec.on_order == units
    assert to_order(rec, {}).quantity == rec.recommended_quantity
    assert not to_order(rec, {}).drafted


def _covered(organization, supplier, sku):
    """5 left, 5 a day, 200 on a sent order arriving in 3 days: the order-by
    date has passed but the open order covers the need (nothing to order)."""
    from policy.models import PurchaseOrder

    product = ProductFactory(organization=organization, sku=sku, supplier=supplier,
                             unit_cost=Decimal("1000"), safety_stock_mode="automatic")
    stock_set(organization, product, 5, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=5.0)
    _po_line(organization, product, PurchaseOrder.Status.SENT, 200)
    return product


def test_this_weeks_count_list_sheet_and_email_agree(
        organization, supplier, low_product, upcoming_product, full_product,
        client_for):
    from policy.models import PurchaseOrder
    from policy.selectors import risk_figures

    _covered(organization, supplier, "COVERED-1")
    drafted = _covered(organization, supplier, "COVERED-2")
    _po_line(organization, drafted, PurchaseOrder.Status.DRAFT, 12)
    organization.purchasing_emails = "buyer@example.com"
    organization.save()
    recommendations_refresh(organization=organization)
    covered = Recommendation.objects.get(product__sku="COVERED-1")
    assert covered.order_by_date < TODAY and covered.recommended_quantity == 0
    assert covered.order_by_quantity == 0

    expected = {"LOW-1", "SOON-1", "COVERED-2"}  # COVERED-2: its draft's 12
    count = risk_figures(organization=organization).to_order_week
    screen = order_screen(organization=organization)
    listed = {line.product.sku: line.quantity for g in screen.groups
              for line in g.lines}
    sheet = {line.product.sku for line in order_sheet_rows(organization=organization)}
    assert set(listed) == sheet == expected and listed["COVERED-2"] == 12
    assert count == screen.lines == len(sheet) == 3
    assert all(listed.values())

    tasks.order_sheet_email_task(organization.pk, TODAY.isoformat())
    (email,) = mail.outbox
    assert email.subject.endswith(f"상품 {count}개")  # the organization's language
    assert set(_sheet(email.attachments[0][1])[0]) == expected

    body = client_for(organization, role="manager").get(
        reverse("policy:recommendation_list"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"{count} to order this week" in body
    assert "COVERED-1" not in body and "COVERED-2" in body


def test_purchase_order_page_shows_todays_to_order_beside_the_stored_one(
        organization, three, upcoming_product, member_of, client_for):
    from policy.services.purchasing import po_create_from_recommendations

    soon = three["SOON-1"]
    (order,) = po_create_from_recommendations(
        organization=organization, user=member_of(organization),
        recommendation_ids=[soon.pk])
    client = client_for(organization, role="manager")
    url = reverse("policy:po_detail", args=[order.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    (line,) = page.context["lines"]
    assert line.recommended_quantity == soon.order_by_quantity
    assert (line.to_order.advised, line.to_order.due_date) == (
        soon.order_by_quantity, TODAY + dt.timedelta(days=3))
    body = page.content.decode()
    assert f"due {(TODAY + dt.timedelta(days=3)).isoformat()}" in body
    assert "screen's, before drafts), due on the date shown" in body

    # Stock arrives: today's advice changes, the stored figure stays.
    stock_set(organization, upcoming_product, 100)
    recommendations_refresh(organization=organization)
    now = to_order(Recommendation.objects.get(product=upcoming_product,
                                              as_of=TODAY), {})
    assert now.due_date > TODAY + dt.timedelta(days=3)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    (line,) = page.context["lines"]
    assert line.recommended_quantity == soon.order_by_quantity
    assert (line.to_order.advised, line.to_order.due_date) == (now.advised,
                                                               now.due_date)
    assert f"due {now.due_date.isoformat()}" in page.content.decode()


def test_late_options_page_shows_the_to_order_quantity(
        organization, supplier, client_for):
    from policy.models import PurchaseOrder

    product = ProductFactory(organization=organization, sku="LATE-1",
                             supplier=supplier, moq=1, order_multiple=1,
                             unit_cost=Decimal("1200"), selling_price=Decimal("3000"),
                             safety_stock_mode="automatic")
    stock_set(organization, product, 3, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=10.0)
    recommendations_refresh(organization=organization)
    rec = Recommendation.objects.get(product=product)
    rec.days_late, rec.order_by_date = 5, TODAY - dt.timedelta(days=5)
    rec.save()
    client = client_for(organization, role="manager")
    url = reverse("policy:late_options", kwargs={"pk": rec.pk})
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"placed by {rec.order_by_date.isoformat()}. Ordered today " \
           f"({rec.recommended_quantity:,} units" in body
    assert 'data-testid="late-on-draft"' not in body

    _po_line(organization, product, PurchaseOrder.Status.DRAFT, 77)
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ordered today (77 units" in body
    assert (f"77 units are already on a draft purchase order (the recommendation "
            f"advises {rec.recommended_quantity:,})") in body
