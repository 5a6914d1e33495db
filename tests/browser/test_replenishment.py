"""End-to-end: a reorder alert becomes a purchase order that is received."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from accounts.roles import Role
from alerts.models import Alert
from alerts.services import alerts_generate
from inventory.models import Product
from policy.models import PurchaseOrder
from policy.selectors import today
from policy.services.recommendations import recommendations_refresh
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    ProductFactory,
    SupplierFactory,
    UserFactory,
)
from tests.policy.conftest import forecast_store, stock_set

from .pages import click, log_in

SKU = "BR-REORDER-1"


def _seller() -> tuple[object, object, Product]:
    organization = OrganizationFactory(name="Reorder Store")
    user = UserFactory(email="buyer@example.com", name="박구매")
    MembershipFactory(organization=organization, user=user, role=Role.MANAGER)
    supplier = SupplierFactory(organization=organization, name="Durum Mill",
                               lead_time_days=7, email="mill@example.com")
    product = ProductFactory(organization=organization, sku=SKU, supplier=supplier,
                             moq=10, unit_cost=Decimal("900"),
                             selling_price=Decimal("2000"),
                             safety_stock_mode="automatic")
    stock_set(organization, product, 12, today() - dt.timedelta(days=2))
    forecast_store(organization, product, daily=4.0, as_of=today())
    recommendations_refresh(organization=organization)
    alerts_generate(organization=organization)
    return organization, user, product


def test_reorder_alert_to_purchase_order_to_receipt(browser_page) -> None:
    organization, user, product = _seller()
    page = browser_page
    log_in(page, user.email, PASSWORD)

    page.goto(reverse("alerts:alert_list"))
    alert_row = page.locator(f"[data-testid='alert-reorder-{SKU}']")
    assert alert_row.count() == 1
    click(page, f"[data-testid='alert-reorder-{SKU}'] a[href*='orders']")

    with page.expect_download() as download:
        page.locator("[data-testid=order-sheet-download]").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.locator(f"[data-testid='rec-{SKU}'] input[name=recommendation]").check()
    click(page, "[data-testid^=po-create-]")
    order = PurchaseOrder.objects.get(organization=organization)
    assert page.url.endswith(reverse("policy:po_detail", args=[order.pk]))

    # The mill promised delivery in 5 days instead of the usual 7.
    line_row = page.locator(f"[data-testid='line-{SKU}']")
    assert line_row.locator("input[name=expected_date]").input_value() == (
        today() + dt.timedelta(days=7)).isoformat()
    line_row.locator("input[name=expected_date]").fill(
        (today() + dt.timedelta(days=5)).isoformat())
    click(page, f"[data-testid='due-save-{SKU}']")
    assert order.lines.get().expected_date == today() + dt.timedelta(days=5)

    # Order a pallet instead: well above the recommendation, with a reason.
    line_row = page.locator(f"[data-testid='line-{SKU}']")
    line_row.locator("input[name=quantity]").fill("400")
    line_row.locator("input[name=reason]").fill("Full pallet price")
    click(page, f"[data-testid='quantity-change-{SKU}']")
    click(page, "[data-testid=po-approve]")
    click(page, "[data-testid=po-send]")  # the preview of the supplier's document
    page.once("dialog", lambda dialog: dialog.accept())  # "Send … now?"
    click(page, "[data-testid=po-send-confirm]")
    click(page, "[data-testid=po-receive]")

    receive = page.locator(f"[data-testid='receive-{SKU}']")
    assert receive.locator("input[name$=quantity]").input_value() == "400"
    receive.locator("input[name$=lot_code]").fill("LOT-A")
    click(page, "[data-testid=receive-form] button[type=submit]")

    order.refresh_from_db()
    product.refresh_from_db()
    assert order.status == PurchaseOrder.Status.RECEIVED
    assert product.on_hand == 412
    assert page.locator("[data-testid=po-status]").count() == 1

    page.goto(reverse("alerts:alert_list"))
    assert page.locator(f"[data-testid='alert-reorder-{SKU}']").count() == 0
    alert = Alert.objects.get(product=product, kind="reorder")
    assert alert.status == Alert.Status.RESOLVED
