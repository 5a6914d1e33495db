"""Revenue from what customers paid: recorded amounts where the ledger holds
them, units × the selling price elsewhere, and the page says when it estimated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from dashboard import selectors
from inventory.services.stock import movement_record, movement_reverse

from .conftest import END, K

pytestmark = pytest.mark.django_db

WEEK_23 = dt.date(2026, 11, 23)


def _sell(shop, product, quantity, day, amount, ref, channel=None):
    (row,) = movement_record(
        organization=shop.organization, user=None, product=product, kind=K.OUTBOUND,
        quantity=quantity, business_date=day, channel=channel or shop.coupang,
        external_ref=ref, amount=amount)
    return row


def _report(client, **params):
    response = client.get(reverse("inventory:sales_report"),
                          {"end": END.isoformat(), "measure": "revenue", **params})
    assert response.status_code == 200
    return response


def test_revenue_is_the_amount_paid_and_a_reversal_takes_it_back(shop):
    org = shop.organization
    day = dt.date(2026, 11, 26)
    _sell(shop, shop.a, 4, day, 3200, "L-1")  # list price 1,000: paid 800 each
    returned = _sell(shop, shop.a, 1, day, 950, "L-2")
    movement_reverse(organization=org, user=None, movement=returned)
    cells = selectors.sales_by_period(organization=org, period="week",
                                      group="product", date_from=WEEK_23, date_to=END)
    (cell,) = [c for c in cells if c.key == shop.a.pk]
    # The fixture's 5 units at the list price (no amount) + 3,200 paid.
    assert (cell.units, cell.revenue) == (9, Decimal(5000 + 3200))
    assert cell.estimated_units == 5


def test_report_page_says_when_revenue_is_estimated_from_list_prices(shop, client_for):
    client = client_for(shop.organization, Role.VIEWER)
    response = _report(client, period="week", group="product")
    assert 'data-testid="revenue-estimated"' in response.content.decode()
    # Units are exact whatever the prices: no notice on the units view.
    response = _report(client, period="week", group="product", measure="units")
    assert 'data-testid="revenue-estimated"' not in response.content.decode()


def test_no_estimate_notice_when_every_sale_has_its_amount(organization, client_for):
    from tests.factories import ChannelFactory, ProductFactory

    channel = ChannelFactory(organization=organization, name="Coupang")
    product = ProductFactory(organization=organization, sku="P-1",
                             selling_price=Decimal(1000))
    movement_record(organization=organization, user=None, product=product,
                    kind=K.INBOUND, quantity=50, business_date=dt.date(2026, 11, 1))
    for index in range(3):
        movement_record(organization=organization, user=None, product=product,
                        kind=K.OUTBOUND, quantity=2, channel=channel,
                        business_date=dt.date(2026, 11, 24), external_ref=f"O-{index}",
                        amount=1500)
    response = _report(client_for(organization), period="week", group="product")
    pivot = response.context["pivot"]
    assert pivot.grand_total == Decimal(4500)  # paid, not 6 × 1,000
    assert 'data-testid="revenue-estimated"' not in response.content.decode()


def test_the_revenue_query_count_does_not_grow_with_products(shop):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.sales_by_period(organization=shop.organization, period="week",
                                      group="product", date_from=WEEK_23, date_to=END)
        return len(captured)

    before = queries()
    from tests.factories import ProductFactory

    for index in range(5):
        product = ProductFactory(organization=shop.organization, sku=f"X-{index}",
                                 selling_price=Decimal(100))
        movement_record(organization=shop.organization, user=None, product=product,
                        kind=K.INBOUND, quantity=5, business_date=dt.date(2026, 11, 1))
        movement_record(organization=shop.organization, user=None, product=product,
                        kind=K.OUTBOUND, quantity=1, business_date=dt.date(2026, 11, 24),
                        amount=90 if index % 2 else None)
    assert queries() == before == 1


def _export(client, lang="en", **params):
    import io

    import openpyxl

    response = client.get(reverse("inventory:sales_report_export"),
                          {"end": END.isoformat(), **params},
                          HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    units, revenue = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets
    return ([list(row) for row in units.iter_rows(values_only=True)],
            [list(row) for row in revenue.iter_rows(values_only=True)])


def test_excel_download_names_the_revenue_basis_and_carries_the_estimate_notice(
        shop, client_for):
    _sell(shop, shop.a, 4, dt.date(2026, 11, 26), 3200, "L-1")
    client = client_for(shop.organization, Role.VIEWER)
    units, revenue = _export(client, period="month", group="product")
    cells = [str(cell) for row in revenue for cell in row if cell is not None]
    header = next(row for row in revenue if row[0] and "Product" in str(row[0]))
    assert "amount paid" in str(header[0])
    notice = [text for text in cells if "estimated from list prices" in text]
    assert notice and "18 units (of 22 sold)" in notice[0]
    assert revenue[-1][0] == "Total" and revenue[-1][13] == 33000 + 3200
    # The units sheet is exact whatever the prices: no notice there.
    assert not any("estimated" in str(cell) for row in units for cell in row)
    # Korean reader, Korean notice.
    _units, revenue = _export(client, period="month", group="product", lang="ko")
    cells = [str(cell) for row in revenue for cell in row if cell is not None]
    assert any("결제 금액" in text for text in cells[:3])
    assert any("정가 기준 추정" in text and "22개 중 18개" in text for text in cells)


def test_no_notice_in_the_download_when_every_sale_has_its_amount(organization,
                                                                  client_for):
    from tests.factories import ProductFactory

    product = ProductFactory(organization=organization, sku="P-1",
                             selling_price=Decimal(1000))
    movement_record(organization=organization, user=None, product=product,
                    kind=K.INBOUND, quantity=50, business_date=dt.date(2026, 11, 1))
    movement_record(organization=organization, user=None, product=product,
                    kind=K.OUTBOUND, quantity=2, business_date=dt.date(2026, 11, 24),
                    amount=1500)
    _units, revenue = _export(client_for(organization), period="week")
    assert "amount paid" in str(revenue[0][0]) + str(revenue[1][0])
    assert not any("estimated" in str(cell) for row in revenue for cell in row)


def test_when_no_sale_has_an_amount_the_notice_says_all_revenue_is_estimated(
        shop, client_for):
    client = client_for(shop.organization, Role.VIEWER)
    en = {"HTTP_ACCEPT_LANGUAGE": "en"}
    page = client.get(reverse("inventory:sales_report"), {
        "end": END.isoformat(), "measure": "revenue", "period": "month"},
        **en).content.decode()
    assert "Some revenue" not in page
    assert "No sale here has a recorded amount paid" in page
    shop.organization.is_demo = True
    shop.organization.save(update_fields=["is_demo"])
    page = client.get(reverse("inventory:sales_report"), {
        "end": END.isoformat(), "measure": "revenue", "period": "month"},
        **en).content.decode()
    assert "demo" in page and "dataset" in page
    # The copilot's revenue answers say the same.
    from copilot.services.common import estimated_notice

    assert "No sale here" in estimated_notice(10, units=10)
    assert "3 units (of 10 sold)" in estimated_notice(3, units=10)
