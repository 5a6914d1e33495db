"""Purchasing in a real browser (issue 13): late orders and their options, the
supplier-grouped order screen, the supplier's purchase order, sending with a
preview and a confirmation, alerts resolved by a PO, and the phone layout.

Screenshots of each screen at 1366 px and 390 px go to
test-artifacts/screenshots/ (kept by CI).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
from django.urls import reverse

from accounts.roles import Role
from alerts.models import Alert
from alerts.services import alerts_generate
from policy.models import PurchaseOrder, Recommendation
from policy.selectors import today
from policy.services.dashboard import dashboard_refresh
from policy.services.purchasing import po_create_from_recommendations
from policy.services.recommendations import recommendations_refresh
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ProductFactory,
    SupplierFactory,
    UserFactory,
)
from tests.policy.conftest import forecast_store, stock_set

from .pages import DESKTOP, PHONE, assert_fits_phone, click, log_in, shots


def _seller():
    """Two suppliers; LATE-1 runs out before any order could arrive (late)."""
    organization = OrganizationFactory(name="발주 상점")
    user = UserFactory(email="buyer13@example.com", name="김구매")
    MembershipFactory(organization=organization, user=user, role=Role.MANAGER)
    mill = SupplierFactory(organization=organization, name="Durum Mill",
                           lead_time_days=14, email="mill@example.com",
                           contact_person="이담당", phone="02-123-4567")
    fast = SupplierFactory(organization=organization, name="Quick Farm",
                           lead_time_days=3, email="quick@example.com")
    late = ProductFactory(organization=organization, sku="LATE-1", supplier=mill,
                          supplier_sku="DM-77", moq=10, order_multiple=10,
                          unit_cost=Decimal("1200"), selling_price=Decimal("3000"),
                          safety_stock_mode="automatic",
                          name="세몰리나 스파게티 500g 긴 이름의 상품")
    other = ProductFactory(organization=organization, sku="OTHER-1", supplier=fast,
                           unit_cost=Decimal("800"), selling_price=Decimal("1500"),
                           safety_stock_mode="automatic")
    day = today()
    stock_set(organization, late, 20, day - dt.timedelta(days=2))
    stock_set(organization, other, 5, day - dt.timedelta(days=2))
    forecast_store(organization, late, daily=5.0, as_of=day)
    forecast_store(organization, other, daily=2.0, as_of=day)
    recommendations_refresh(organization=organization)
    # The plan said to order 12 days ago: the order is late.
    Recommendation.objects.filter(product=late).update(
        order_by_date=day - dt.timedelta(days=12), days_late=12)
    alerts_generate(organization=organization)
    dashboard_refresh(organization=organization)
    return organization, user, late, other


def test_late_order_expedite_and_po_for_one_supplier(browser_page, tmp_path) -> None:
    organization, user, late, other = _seller()
    page = browser_page
    page.set_viewport_size(DESKTOP)
    log_in(page, user.email)

    page.goto(reverse("policy:recommendation_list"))
    row = page.locator("[data-testid='rec-LATE-1']")
    assert "12" in row.locator("[data-testid=late-badge]").inner_text()
    assert row.locator("[data-testid=late-detail]").count() == 1
    assert page.locator("section.supplier-group").count() == 2
    mill_total = page.locator(
        f"[data-testid=supplier-{late.supplier_id}] [data-testid=supplier-total]")
    assert mill_total.inner_text().startswith("₩")
    shots(page, "orders")
    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
    page.set_viewport_size(DESKTOP)

    # The late line's options: expedite with a 4-day lead time.
    click(page, "[data-testid='late-options-LATE-1']")
    page.locator("input[name=lead_time]").fill("4")
    click(page, "[data-testid=expedite-recompute]")
    result = page.locator("[data-testid=expedite-result]")
    arrival = (today() + dt.timedelta(days=4)).isoformat()
    assert arrival in result.inner_text()
    shots(page, "late-options")
    page.once("dialog", lambda dialog: dialog.accept())
    click(page, "[data-testid=expedite-create]")
    order = PurchaseOrder.objects.get(organization=organization,
                                      supplier=late.supplier)
    assert order.lines.get().expected_date == today() + dt.timedelta(days=4)
    order.delete()

    # One action per supplier: only Quick Farm's lines become its PO.
    page.goto(reverse("policy:recommendation_list"))
    click(page, f"[data-testid=po-create-{other.supplier_id}]")
    [order] = PurchaseOrder.objects.filter(organization=organization)
    assert order.supplier == other.supplier
    assert [line.product.sku for line in order.lines.all()] == ["OTHER-1"]


def test_supplier_document_send_with_preview_and_alert_resolved(
        browser_page, tmp_path) -> None:
    organization, user, late, _other = _seller()
    page = browser_page
    page.set_viewport_size(DESKTOP)
    log_in(page, user.email)
    assert Alert.objects.filter(product=late, kind="reorder",
                                status=Alert.Status.OPEN).exists()

    page.goto(reverse("policy:recommendation_list"))
    click(page, f"[data-testid=po-create-{late.supplier_id}]")
    order = PurchaseOrder.objects.get(organization=organization)
    click(page, "[data-testid=po-approve]")

    # The supplier's document: printable page and .xlsx without planning figures.
    click(page, "[data-testid=po-document]")
    assert "DM-77" in page.locator("[data-testid=po-document]").inner_text()
    shots(page, "po-document")
    with page.expect_download() as download:
        page.locator("[data-testid=po-document-xlsx]").click()
    target = Path(tmp_path) / "po.xlsx"
    download.value.save_as(str(target))
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    text = " ".join(str(c) for row in rows for c in row if c is not None)
    for internal in ("안전재고", "재주문점", "예측", "Safety", "Reorder", "forecast"):
        assert internal not in text
    header = next(i for i, row in enumerate(rows) if row[0] == "공급처 코드")
    line = rows[header + 1]
    quantity = order.lines.get().quantity
    assert line[0] == "DM-77" and line[3] == quantity
    assert line[6] == 1200 * quantity
    assert rows[header + 2][0] == "합계" and rows[header + 2][6] == 1200 * quantity

    # Sending: the preview, then a confirmation dialog.
    page.goto(reverse("policy:po_detail", args=[order.pk]))
    click(page, "[data-testid=po-send]")
    assert page.locator("[data-testid=po-document]").count() == 1
    shots(page, "po-send-preview")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message),
                                        dialog.dismiss()))
    page.locator("[data-testid=po-send-confirm]").click()
    page.wait_for_timeout(300)
    order.refresh_from_db()
    assert dialogs and order.status == PurchaseOrder.Status.APPROVED  # dismissed
    page.once("dialog", lambda dialog: dialog.accept())
    click(page, "[data-testid=po-send-confirm]")
    order.refresh_from_db()
    assert order.status == PurchaseOrder.Status.SENT

    # The PO covers the need: the reorder alert no longer asks to "order 0".
    recommendations_refresh(organization=organization)
    alerts_generate(organization=organization)
    page.goto(reverse("alerts:alert_list"))
    reorder = page.locator("[data-testid='alert-reorder-LATE-1']")
    if reorder.count():  # still too late: it names the PO and its arrival
        assert order.number in reorder.inner_text()
    else:
        assert Alert.objects.get(product=late, kind="reorder").status == \
            Alert.Status.RESOLVED
    shots(page, "alerts")


def test_phone_layout_of_dashboard_orders_stock_and_alerts(browser_page) -> None:
    _organization, user, _late, _other = _seller()
    page = browser_page
    log_in(page, user.email)
    for name, url in (("dashboard", reverse("dashboard")),
                      ("orders-phone", reverse("policy:recommendation_list")),
                      ("stock-status", reverse("inventory:stock_status")),
                      ("alerts-phone", reverse("alerts:alert_list"))):
        page.set_viewport_size(PHONE)
        page.goto(url)
        page.wait_for_load_state("load")
        assert_fits_phone(page)
        shots(page, f"issue13-{name}")
    page.set_viewport_size(PHONE)
    page.goto(reverse("policy:recommendation_list"))
    # Cards: the header row is hidden and each cell carries its label.
    assert page.locator("table.card-table thead").first.is_hidden()
    money = page.locator(".money").first
    assert money.evaluate("el => getComputedStyle(el).whiteSpace") == "nowrap"


def test_phone_cards_on_product_and_purchase_order_pages(browser_page) -> None:
    """Product page, PO list, PO detail and the supplier document at 390 px:
    cards with labelled cells, no horizontal scroll; screenshots at both widths."""
    organization, user, late, _other = _seller()
    [order] = po_create_from_recommendations(
        organization=organization, user=user,
        recommendation_ids=[Recommendation.objects.get(product=late).pk])
    page = browser_page
    log_in(page, user.email)
    for name, url in (
            ("product-phone", reverse("inventory:product_detail", args=[late.pk])),
            ("po-list-phone", reverse("policy:po_list")),
            ("po-detail-phone", reverse("policy:po_detail", args=[order.pk])),
            ("po-document-phone", reverse("policy:po_document", args=[order.pk]))):
        page.set_viewport_size(PHONE)
        page.goto(url)
        page.wait_for_load_state("load")
        assert_fits_phone(page)
        table = page.locator("table.card-table").first
        assert table.locator("thead").is_hidden(), name
        cell = page.locator(
            "table.card-table tbody td[data-label]:not([data-label=''])").first
        label = cell.get_attribute("data-label")
        shown = cell.evaluate("el => getComputedStyle(el, '::before').content")
        assert label and label in shown, (name, label, shown)
        shots(page, f"issue13-{name}")
    # Whole units on the PO pages: no ".0".
    page.set_viewport_size(DESKTOP)
    page.goto(reverse("policy:po_detail", args=[order.pk]))
    quantity = order.lines.get().quantity
    assert f"{quantity:,}" in page.locator("table.card-table").first.inner_text()
    assert ".0<" not in page.content()


def test_late_split_fills_in_the_chosen_suppliers_lead_time(browser_page) -> None:
    organization, user, late, _other = _seller()
    slow = SupplierFactory(organization=organization, name="Slow Farm",
                           lead_time_days=9)
    rec = Recommendation.objects.get(product=late)
    page = browser_page
    page.set_viewport_size(DESKTOP)
    log_in(page, user.email)
    page.goto(reverse("policy:late_options", args=[rec.pk]))
    lead = page.locator("#id_split_lead_time")
    assert lead.input_value() == "3"  # the fastest other supplier, preselected
    page.locator("#id_split_supplier").select_option(str(slow.pk))
    assert lead.input_value() == "9"  # static/js/late_options.js
