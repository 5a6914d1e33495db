"""The dashboard and the stock status table: figures, filters, export, access."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.roles import Role
from policy.services.dashboard import dashboard_refresh
from tests.factories import ProductFactory

STATUS = reverse("inventory:stock_status")
EXPORT = reverse("inventory:stock_status_export")


def _skus(response) -> list[str]:
    return [row.rec.product.sku for row in response.context["page"].object_list]


def _cards(response) -> dict:
    return {card.key: card for card in response.context["cards"]}


def test_dashboard_shows_kpis_with_colours_links_and_charts(organization, shop,
                                                            client_for):
    dashboard_refresh(organization=organization)
    response = client_for(organization, Role.VIEWER).get(
        reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    cards = _cards(response)
    assert cards["at-risk"].value == "2" and cards["at-risk"].tone == "danger"
    assert cards["at-risk"].url == f"{STATUS}?risk=at_risk"
    assert cards["to-order"].value == "2" and cards["to-order"].tone == "warning"
    assert cards["stockout-rate"].value == "23.3%"  # 21 of 90 product-days
    assert cards["stockout-rate"].tone == "danger"
    assert cards["fill-rate"].value == "70.6%"  # 60 / (60 + 25)
    assert cards["availability"].value == "33.3%"  # only FULL-1 has stock
    assert cards["accuracy"].value == "not yet available"
    assert cards["inventory-value"].value == "₩485,000"  # 970 × 500
    html = response.content.decode()
    for chart in ("chart-inventory-value", "chart-stockouts", "chart-top-movers",
                  "chart-risk"):
        assert f'id="{chart}"' in html
    assert "vendor/plotly/plotly-basic.min.js" in html and "cdn" not in html.lower()
    assert 'data-testid="status-EMPTY-1"' in html


def test_dashboard_before_any_refresh_or_data(organization, client_for):
    response = client_for(organization).get(reverse("dashboard"),
                                            HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert _cards(response)["fill-rate"].value == "not yet available"


def test_dashboard_chart_data_cannot_break_out_of_its_attribute(organization, client_for):
    product = ProductFactory(organization=organization, sku="X</script><b>",
                             name="</script><script>alert(1)</script>")
    from dashboard.charts import top_movers_chart

    html = str(top_movers_chart([{"sku": product.sku, "name": product.name,
                                  "units": 3, "units_before": 1}]))
    assert "<script" not in html and "<b>" not in html  # no inline script at all
    import html as html_lib
    import json
    import re

    figure = json.loads(html_lib.unescape(
        re.search(r'data-plotly-figure="([^"]*)"', html).group(1)))
    assert figure["data"][0]["y"] == [product.sku]  # the text survives, as data


def test_dashboard_in_korean_and_english(organization, shop, client_for):
    client = client_for(organization)
    korean = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="ko")
    english = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert korean.status_code == english.status_code == 200
    assert "At risk of stock-out" in english.content.decode()
    assert "At risk of stock-out" not in korean.content.decode()


def test_stock_table_filters(organization, shop, client_for):
    client = client_for(organization, Role.VIEWER)
    pasta, rice = shop["categories"]
    pasta_co, rice_co = shop["suppliers"]
    coupang, naver = shop["channels"]
    assert sorted(_skus(client.get(STATUS))) == ["EMPTY-1", "FULL-1", "LOW-1"]
    assert sorted(_skus(client.get(STATUS, {"category": rice.pk}))) == ["FULL-1"]
    assert sorted(_skus(client.get(STATUS, {"supplier": pasta_co.pk}))) == [
        "EMPTY-1", "LOW-1"]
    assert sorted(_skus(client.get(STATUS, {"channel": naver.pk}))) == ["LOW-1"]
    assert sorted(_skus(client.get(STATUS, {"channel": coupang.pk}))) == [
        "EMPTY-1", "FULL-1"]
    assert sorted(_skus(client.get(STATUS, {"risk": "critical"}))) == [
        "EMPTY-1", "LOW-1"]
    assert _skus(client.get(STATUS, {"risk": "low"})) == ["FULL-1"]
    assert sorted(_skus(client.get(STATUS, {"show": "reorder"}))) == [
        "EMPTY-1", "LOW-1"]
    assert _skus(client.get(STATUS, {"q": "empty"})) == ["EMPTY-1"]
    # An unknown value is ignored rather than an error page.
    assert client.get(STATUS, {"risk": "bogus", "sort": "x"}).status_code == 200


def test_stock_table_sorts(organization, shop, client_for):
    client = client_for(organization)
    assert _skus(client.get(STATUS, {"sort": "on_hand"}))[-1] == "FULL-1"
    assert _skus(client.get(STATUS, {"sort": "-on_hand"}))[0] == "FULL-1"
    assert _skus(client.get(STATUS, {"sort": "-sku"})) == ["LOW-1", "FULL-1", "EMPTY-1"]
    risk_first = _skus(client.get(STATUS))
    assert risk_first[-1] == "FULL-1"
    # Days of cover: FULL-1 970/1; the others 0 → FULL-1 last ascending.
    assert _skus(client.get(STATUS, {"sort": "cover"}))[-1] == "FULL-1"


def test_stock_table_paginates(organization, client_for):
    from tests.dashboard.test_queries import recommendations_for

    recommendations_for(organization, 120)
    client = client_for(organization)
    first = client.get(STATUS)
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 120
    third = client.get(STATUS, {"page": 3})
    assert len(third.context["page"].object_list) == 20


def test_export_opens_with_numbers_and_sanitised_text(organization, shop, client_for):
    response = client_for(organization, Role.VIEWER).get(EXPORT, {"sort": "sku"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 17 and all(rows[0])  # a header on every column
    body = {row[0]: row for row in rows[1:]}
    assert set(body) == {"EMPTY-1", "FULL-1", "LOW-1"}
    full = body["FULL-1"]
    assert full[1] == "'=cmd|' /C calc'!A0"  # formula neutralised
    assert isinstance(full[4], int) and full[4] == 970  # numbers stay numbers
    assert isinstance(full[8], int | float) and full[8] == 970  # days of cover
    # Filters apply to the export as well.
    filtered = client_for(organization).get(EXPORT, {"risk": "low"})
    rows = list(openpyxl.load_workbook(io.BytesIO(filtered.content)).active
                .iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["FULL-1"]


def test_stock_table_and_export_never_show_another_organization(
        organization, other_organization, shop, client_for):
    client = client_for(other_organization)
    assert _skus(client.get(STATUS)) == []
    rows = list(openpyxl.load_workbook(io.BytesIO(client.get(EXPORT).content))
                .active.iter_rows(values_only=True))
    assert len(rows) == 1  # headers only
    # Another organization's supplier id as a filter is not a valid choice.
    pasta_co, _ = shop["suppliers"]
    assert _skus(client.get(STATUS, {"supplier": pasta_co.pk})) == []
    dashboard = client.get(reverse("dashboard"))
    assert b"EMPTY-1" not in dashboard.content


@pytest.mark.parametrize("name", ["dashboard", "inventory:stock_status",
                                  "inventory:stock_status_export"])
def test_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_cached_pages_follow_the_ledger(organization, shop, client_for):
    from inventory.models import StockMovement
    from tests.dashboard.conftest import TODAY, move

    client = client_for(organization)
    before = _cards(client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en"))
    assert before["inventory-value"].value == "₩485,000"
    move(organization, shop["products"]["EMPTY-1"], StockMovement.Kind.INBOUND, 5,
         TODAY)
    after = _cards(client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en"))
    assert after["inventory-value"].value == "₩490,000"  # + 5 × 1,000
    assert after["availability"].value == "66.7%"


def _figure_layout(fragment: str) -> dict:
    import html as html_module
    import json
    import re

    encoded = re.search(r'data-plotly-figure="([^"]*)"', fragment).group(1)
    return json.loads(html_module.unescape(encoded))["layout"]


def test_charts_of_a_new_organization_show_whole_units_and_won():
    """All-zero series: plotly would pick 0.2 steps, shown as 0.2 products or,
    through the ",d" format, ₩0 ₩0 ₩0 ₩1 ₩1 ₩1. A small series gets 0–5."""
    from dashboard.charts import inventory_value_chart, risk_chart, stockouts_chart

    dates = ["2026-11-01", "2026-11-02"]
    for fragment in (
        inventory_value_chart({"dates": dates, "inventory_value": [0, 0]}),
        stockouts_chart({"dates": dates, "stockouts": [0, 0]}),
        risk_chart({"critical": 0, "high": 0}, {"critical": "C", "high": "H"}),
    ):
        assert _figure_layout(str(fragment))["yaxis"]["range"] == [0, 5]
    busy = inventory_value_chart({"dates": dates, "inventory_value": [0, 5_000_000]})
    assert "range" not in _figure_layout(str(busy))["yaxis"]  # plotly autoscales


def test_stock_export_headers_are_distinct_in_korean():
    """Walkthrough: the Korean export titled both Order by and Due 발주 기한."""
    from django.utils import translation

    from dashboard.views.stock_status import export_headers

    with translation.override("ko"):
        headers = export_headers()
    assert len(set(headers)) == len(headers)


def test_a_chart_with_a_trace_type_the_bundle_lacks_is_refused():
    """The vendored plotly.js is the basic bundle (scatter, bar, pie): a chart
    needing another trace type fails here, not as an empty chart in a browser."""
    import pytest

    from smartstock.charts import figure_json, fragment, layout

    assert '"type": "bar"' in figure_json([{"type": "bar", "x": [1], "y": [2]}], layout())
    assert "scatter" in str(fragment("c", [{"x": [1], "y": [2], "mode": "lines",
                                            "type": "scatter"}], layout()))
    with pytest.raises(ValueError, match="heatmap"):
        figure_json([{"type": "heatmap", "z": [[1]]}], layout())
