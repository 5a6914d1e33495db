"""The sales pivot: literal numbers, reversals, export and isolation."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from accounts.roles import Role
from dashboard import reports, selectors
from tests.factories import ProductFactory

from .conftest import END, K, record

pytestmark = pytest.mark.django_db

WEEK_16 = dt.date(2026, 11, 16)
WEEK_23 = dt.date(2026, 11, 23)
WEEK_OCT_19 = dt.date(2026, 10, 19)


def _pivot(client, **params):
    response = client.get(
        reverse("inventory:sales_report"), {"end": END.isoformat(), **params}
    )
    assert response.status_code == 200
    return response.context["pivot"]


def _by_label(pivot):
    return {row.label: row for row in pivot.rows}


def _cell(pivot, label, period):
    return _by_label(pivot)[label].values[pivot.periods.index(period)]


def test_weekly_units_per_product_are_net_of_the_reversed_sale(shop, client_for):
    pivot = _pivot(client_for(shop.organization, Role.VIEWER), period="week")
    assert len(pivot.periods) == 12 and pivot.periods[-1] == WEEK_23
    assert _cell(pivot, "A-1 Ramen", WEEK_16) == 3
    assert _cell(pivot, "A-1 Ramen", WEEK_23) == 5  # 5 + 2 − 2 reversed
    assert _cell(pivot, "B-1 Udon", WEEK_16) == 4
    assert _cell(pivot, "B-1 Udon", WEEK_OCT_19) == 6
    assert _by_label(pivot)["A-1 Ramen"].total == 8
    assert _by_label(pivot)["A-1 Ramen"].change_pct == pytest.approx(66.7)
    assert _by_label(pivot)["B-1 Udon"].change_pct == -100.0
    totals = dict(zip(pivot.periods, pivot.column_totals, strict=True))
    assert (totals[WEEK_OCT_19], totals[WEEK_16], totals[WEEK_23]) == (6, 7, 5)
    assert pivot.grand_total == 18
    assert pivot.column_changes[-1] == pytest.approx(-28.6)


def test_monthly_revenue_per_category_uses_selling_prices(shop, client_for):
    pivot = _pivot(
        client_for(shop.organization, Role.STAFF),
        period="month", group="category", measure="revenue",
    )
    november, october = dt.date(2026, 11, 1), dt.date(2026, 10, 1)
    assert pivot.periods[0] == dt.date(2025, 12, 1) and pivot.periods[-1] == november
    assert _cell(pivot, "Noodles", november) == Decimal("8000")
    assert _cell(pivot, "=2+3", october) == Decimal("15000")
    assert _cell(pivot, "=2+3", november) == Decimal("10000")
    assert pivot.grand_total == Decimal("33000")
    assert [row.label for row in pivot.rows] == ["=2+3", "Noodles"]  # largest first


def test_weekly_units_per_channel_put_unassigned_sales_in_no_channel(shop, client_for):
    pivot = _pivot(client_for(shop.organization), period="week", group="channel")
    rows = _by_label(pivot)
    assert set(rows) == {"Coupang", "Naver", "No channel"}
    assert _cell(pivot, "Coupang", WEEK_16) == 7
    assert _cell(pivot, "Coupang", WEEK_23) == 0  # the 2 units came back
    assert _cell(pivot, "Naver", WEEK_23) == 5
    assert rows["No channel"].total == 6


def test_sales_outside_the_twelve_periods_are_left_out(shop, client_for):
    record(shop.organization, shop.a, K.OUTBOUND, 9, dt.date(2026, 8, 3))
    pivot = _pivot(client_for(shop.organization), period="week")
    assert pivot.grand_total == 18
    monthly = _pivot(client_for(shop.organization), period="month")
    assert monthly.grand_total == 27


def test_invalid_options_fall_back_to_the_defaults(shop, client_for):
    pivot = _pivot(client_for(shop.organization), period="decade", group="x")
    assert pivot.periods[-1] == WEEK_23 and "A-1 Ramen" in _by_label(pivot)


def test_export_keeps_numbers_as_numbers_and_escapes_formula_text(shop, client_for):
    client = client_for(shop.organization, Role.VIEWER)
    response = client.get(
        reverse("inventory:sales_report_export"),
        {"end": END.isoformat(), "period": "month", "group": "category"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    units, revenue = book.worksheets
    rows = list(units.iter_rows(values_only=True))
    labels = [row[0] for row in rows]
    assert "'=2+3" in labels and "=2+3" not in labels
    formula_row = rows[labels.index("'=2+3")]
    assert formula_row[11] == 6 and formula_row[12] == 4  # Oct, Nov as ints
    assert isinstance(formula_row[13], int) and formula_row[13] == 10
    assert all(units.cell(r, c).data_type == "n" for r in range(2, 5) for c in (12, 13))
    revenue_rows = list(revenue.iter_rows(values_only=True))
    assert revenue_rows[-1][13] == 33000  # grand total


def test_other_organizations_sales_never_show(shop, other_organization, client_for):
    stranger = ProductFactory(organization=other_organization, sku="ZZ-9")
    record(other_organization, stranger, K.INBOUND, 10, dt.date(2026, 11, 1))
    record(other_organization, stranger, K.OUTBOUND, 7, dt.date(2026, 11, 24))
    pivot = _pivot(client_for(shop.organization), period="week")
    assert all("ZZ-9" not in row.label for row in pivot.rows)
    assert pivot.grand_total == 18
    theirs = _pivot(client_for(other_organization), period="week")
    assert [row.label for row in theirs.rows] == [f"ZZ-9 {stranger.name}"]


def test_selector_runs_one_query(shop, django_assert_num_queries):
    with django_assert_num_queries(1):
        cells = selectors.sales_by_period(
            organization=shop.organization, period="week", group="product",
            date_from=dt.date(2026, 9, 1), date_to=END,
        )
    assert sum(cell.units for cell in cells) == 18


@pytest.mark.parametrize("role", list(Role))
def test_report_pages_render_for_every_role_in_few_queries(
    shop, client_for, role, django_assert_max_num_queries
):
    client = client_for(shop.organization, role)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("inventory:sales_report"))
    assert page.status_code == 200
    with django_assert_max_num_queries(15):
        export = client.get(reverse("inventory:sales_report_export"))
    assert export.status_code == 200


def test_pivot_table_is_pure_and_sorted_by_total():
    periods = reports.period_starts("month", dt.date(2026, 3, 15), 3)
    assert periods == [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]
    pivot = reports.pivot_table(
        [(1, "x", periods[0], 2), (2, "y", periods[2], 5), (1, "x", periods[2], 1)],
        periods,
    )
    assert [r.label for r in pivot.rows] == ["y", "x"]
    assert pivot.rows[1].values == [2, 0, 1]
    assert pivot.column_changes == [None, -100.0, None]  # 2 → 0 → 6


def test_an_unfinished_last_period_is_marked_and_left_out_of_the_change():
    periods = [dt.date(2026, 11, 16), dt.date(2026, 11, 23), dt.date(2026, 11, 30)]
    cells = [("A", "A", periods[0], 10), ("A", "A", periods[1], 20),
             ("A", "A", periods[2], 2)]  # only two days of the current week
    pivot = reports.pivot_table(cells, periods, in_progress=True)
    assert pivot.in_progress
    assert pivot.rows[0].change_pct == 100.0  # 10 → 20, not 20 → 2
    assert pivot.column_changes == [None, 100.0, None]
    done = reports.pivot_table(cells, periods)
    assert done.rows[0].change_pct == -90.0


def test_cached_report_follows_new_sales_renames_and_language(shop, client_for):
    """The pivot and its rendered table are cached under the ledger, product
    and catalogue versions: a sale, a renamed product or category shows at once."""
    from inventory.services.catalog import category_update, product_update

    client = client_for(shop.organization, Role.MANAGER)
    url = reverse("inventory:sales_report")
    query = {"end": END.isoformat(), "period": "week"}
    assert _cell(_pivot(client, period="week"), "A-1 Ramen", WEEK_23) == 5
    record(shop.organization, shop.a, K.OUTBOUND, 4, dt.date(2026, 11, 26),
           shop.coupang)
    assert _cell(_pivot(client, period="week"), "A-1 Ramen", WEEK_23) == 9
    assert ">9<" in client.get(url, query).content.decode()
    product_update(organization=shop.organization, product=shop.a, user=None,
                   name="Shin Ramen")
    html = client.get(url, query).content.decode()
    assert "A-1 Shin Ramen" in html and "A-1 Ramen<" not in html
    category_update(organization=shop.organization, category=shop.noodles,
                    name="Noodle soups")
    html = client.get(url, {**query, "group": "category"}).content.decode()
    assert "Noodle soups" in html
    english = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies["django_language"] = "ko"
    korean = client.get(url, query).content.decode()
    assert ">Total<" in english and ">Total<" not in korean
