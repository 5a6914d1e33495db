"""The dashboard in a real browser: charts drawn, the stock table filtered, sorted
and exported; screenshots at desktop and phone widths for the CI artifacts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
from django.urls import reverse

from accounts.roles import Role
from inventory.models import StockMovement
from inventory.services.stock import movement_record
from policy.selectors import today
from policy.services.dashboard import dashboard_refresh
from policy.services.recommendations import recommendations_refresh
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ProductFactory,
    SupplierFactory,
    UserFactory,
)
from tests.policy.conftest import forecast_store

from .pages import log_in

# Kept by CI as artifacts (the README names this folder).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def _shop():
    """A seller with three products: one empty, one running low, one full."""
    organization = OrganizationFactory(name="Dashboard Store")
    user = UserFactory(email="dash@example.com")
    MembershipFactory(organization=organization, user=user, role=Role.MANAGER)
    supplier = SupplierFactory(organization=organization, lead_time_days=10)
    day = today()
    for sku, stock, sold_per_day, cost in (("BR-EMPTY", 10, 1, "1000"),
                                           ("BR-LOW", 40, 2, "2000"),
                                           ("BR-FULL", 900, 3, "500")):
        product = ProductFactory(organization=organization, sku=sku, supplier=supplier,
                                 unit_cost=Decimal(cost),
                                 safety_stock_mode="automatic")
        movement_record(organization=organization, user=None, product=product,
                        kind=StockMovement.Kind.INBOUND, quantity=stock,
                        business_date=day - dt.timedelta(days=40))
        for back in range(1, 21):
            units = min(sold_per_day, stock)
            stock -= units
            if units:
                movement_record(organization=organization, user=None,
                                product=product, kind=StockMovement.Kind.OUTBOUND,
                                quantity=units,
                                business_date=day - dt.timedelta(days=back))
        forecast_store(organization, product, daily=float(sold_per_day), as_of=day)
    recommendations_refresh(organization=organization)
    dashboard_refresh(organization=organization)
    return user


def _charts_with_data(page) -> int:
    return page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".filter(el => Array.isArray(el.data) && el.data.length > 0).length")


def test_dashboard_charts_table_export_and_screenshots(browser_page, tmp_path) -> None:
    user = _shop()
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, user.email)
    page.goto(reverse("dashboard"))
    page.wait_for_selector("#chart-risk.js-plotly-plot")
    assert _charts_with_data(page) == 4
    assert page.locator("[data-testid=kpi-at-risk]").get_attribute("data-tone") == \
        "danger"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-1366x768.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector("#chart-risk.js-plotly-plot")
    page.screenshot(path=str(SCREENSHOTS / "dashboard-390x844.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})

    # The at-risk card leads to the filtered stock table.
    with page.expect_navigation():
        page.locator("[data-testid=kpi-at-risk]").click()
    rows = page.locator("[data-testid=stock-status-table] tbody tr[data-risk]")
    assert rows.count() >= 1
    assert all(risk in {"critical", "high"}
               for risk in rows.evaluate_all("rs => rs.map(r => r.dataset.risk)"))

    # Filter by risk through the form, then sort by SKU both ways.
    page.goto(reverse("inventory:stock_status"))
    page.select_option("[data-testid=stock-status-filters] select[name=risk]", "low")
    with page.expect_navigation():
        page.locator("[data-testid=stock-status-filter]").click()
    assert page.locator("tbody tr[data-risk]").evaluate_all(
        "rs => rs.map(r => r.dataset.risk)") == ["low"]
    page.goto(reverse("inventory:stock_status"))
    sku_header = page.locator("[data-testid=stock-status-table] thead a",
                              has_text="SKU")
    with page.expect_navigation():
        sku_header.click()
    skus = page.locator("tbody tr[data-risk] td:nth-child(2)").all_inner_texts()
    assert skus == sorted(skus) and len(skus) == 3
    with page.expect_navigation():
        page.locator("[data-testid=stock-status-table] thead a",
                     has_text="SKU").click()
    assert page.locator("tbody tr[data-risk] td:nth-child(2)").all_inner_texts() == \
        sorted(skus, reverse=True)

    with page.expect_download() as download:
        page.locator("[data-testid=stock-status-export]").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    target = Path(tmp_path) / "status.xlsx"
    download.value.save_as(str(target))
    sheet = openpyxl.load_workbook(target).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == \
        ["BR-EMPTY", "BR-FULL", "BR-LOW"]
