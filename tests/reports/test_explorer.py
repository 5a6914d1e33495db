"""The data explorer: whitelisted columns, row limit, group/pivot results, export."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.roles import Role
from inventory import reports, selectors
from tests.factories import CategoryFactory, ProductFactory

from .conftest import END, K, record

pytestmark = pytest.mark.django_db
URL = reverse("inventory:explorer")


def _explore(client, headers=None, **params):
    query = {"table": "movements", "aggregate": "sum", "value": "quantity", **params}
    response = client.get(URL, query, **(headers or {}))
    assert response.status_code == 200
    return response


def _as_dict(result):
    return {tuple(row[:-1]): row[-1] for row in result.rows}


def test_outbound_units_grouped_by_sku_and_month(shop, client_for):
    page = _explore(client_for(shop.organization, Role.VIEWER),
                    kind=K.OUTBOUND, group_by="sku", then_by="month")
    result = _as_dict(page.context["result"])
    assert result == {
        ("A-1", "2026-11-01"): -10,  # 3 + 5 + 2 (its reversal is another kind)
        ("B-1", "2026-10-01"): -6,
        ("B-1", "2026-11-01"): -4,
    }
    assert "data-plotly-figure" in page.content.decode()


def test_pivot_puts_the_second_group_in_columns(shop, client_for):
    page = _explore(client_for(shop.organization), kind=K.OUTBOUND,
                    group_by="sku", then_by="channel", pivot="on", aggregate="count")
    result = page.context["result"]
    assert result.series == ["Coupang", "Naver", "—"]
    rows = {row[0]: row[1:] for row in result.rows}
    assert rows == {"A-1": [2, 1, None], "B-1": [1, None, 1]}


def test_mean_and_filters_on_products(shop, client_for):
    page = _explore(client_for(shop.organization), table="products",
                    group_by="category", value="selling_price", aggregate="mean",
                    sku="1", category=shop.noodles.pk)
    assert _as_dict(page.context["result"]) == {("Noodles",): 1000.0}


def test_a_column_outside_the_whitelist_is_refused_with_a_message(shop, client_for):
    page = _explore(client_for(shop.organization), group_by="created_by__password")
    assert page.context["result"] is None
    errors = page.context["form"].errors["group_by"]
    assert "is not a column of the" in errors[0] and "sku" in errors[0]
    page = _explore(client_for(shop.organization), group_by="sku", value="kind")
    assert page.context["form"].errors["value"] == ["Choose a numeric column to aggregate."]
    with pytest.raises(ValueError):
        selectors.explorer_records(
            organization=shop.organization, table="movements", columns=["note"],
            filters=selectors.ExplorerFilters(), limit=10,
        )


def test_more_rows_than_the_limit_gives_a_clear_message(shop, client_for, settings):
    settings.REPORTS_EXPLORER_ROW_LIMIT = 3
    page = _explore(client_for(shop.organization), group_by="sku")
    assert page.context["result"] is None
    assert "more than 3 rows" in str(page.context["form"].non_field_errors())
    narrow = _explore(client_for(shop.organization), group_by="sku", sku="B-1",
                      kind=K.OUTBOUND)
    assert _as_dict(narrow.context["result"]) == {("B-1",): -10}


def test_other_organizations_rows_and_categories_stay_out(
    shop, other_organization, client_for
):
    theirs = CategoryFactory(organization=other_organization, name="Theirs")
    stranger = ProductFactory(organization=other_organization, sku="A-1",
                              category=theirs)
    record(other_organization, stranger, K.INBOUND, 50, END)
    page = _explore(client_for(shop.organization), group_by="sku", kind=K.INBOUND)
    assert _as_dict(page.context["result"]) == {("A-1",): 100, ("B-1",): 110}
    page = _explore(client_for(shop.organization), group_by="sku", category=theirs.pk)
    assert page.context["result"] is None and "category" in page.context["form"].errors


def test_export_has_numbers_and_escaped_formula_text(shop, client_for):
    response = client_for(shop.organization, Role.VIEWER).get(
        reverse("inventory:explorer_export"),
        {"table": "movements", "kind": K.OUTBOUND, "group_by": "category",
         "value": "quantity", "aggregate": "sum"},
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert dict(rows[1:]) == {"'=2+3": -10, "Noodles": -10}
    assert sheet.cell(2, 2).data_type == "n"


def test_forecast_and_recommendation_tables_are_offered_when_present():
    tables = selectors.explorer_tables()
    assert tables[:3] == ["movements", "products", "forecasts"]
    assert set(tables) <= set(selectors.EXPLORER_TABLES)


@pytest.mark.parametrize("role", list(Role))
def test_explorer_renders_for_every_role_in_few_queries(
    shop, client_for, role, django_assert_max_num_queries
):
    client = client_for(shop.organization, role)
    with django_assert_max_num_queries(15):
        assert client.get(URL).status_code == 200
    for table in selectors.explorer_tables():
        with django_assert_max_num_queries(15):
            _explore(client, table=table, group_by="sku", aggregate="count")


def test_explore_is_pure_pandas_over_records():
    records = [{"a": "x", "b": 1, "v": 2}, {"a": "x", "b": 2, "v": 4},
               {"a": "y", "b": 1, "v": None}]
    mean = reports.explore(records, group_by=["a"], value="v", aggregate="mean")
    assert mean.rows == [["x", 3.0], ["y", None]]
    pivot = reports.explore(records, group_by=["a", "b"], value="v",
                            aggregate="sum", pivot=True)
    assert pivot.series == ["1", "2"] and pivot.rows == [["x", 2, 4], ["y", 0, None]]


def test_choice_columns_show_their_labels(shop, client_for):
    page = _explore(client_for(shop.organization), group_by="kind", aggregate="count",
                    headers={"HTTP_ACCEPT_LANGUAGE": "en"})
    assert _as_dict(page.context["result"]) == {
        ("Adjustment",): 1, ("Inbound",): 3, ("Outbound",): 5, ("Reversal",): 1,
    }
