"""Replenishment pages: reasons on screen, roles, isolation, few queries."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from inventory.models import StockMovement
from policy.models import PolicySettings, PurchaseOrder, Recommendation
from policy.services import purchasing
from policy.services.recommendations import recommendations_refresh
from tests.factories import ProductFactory, SupplierFactory

from .conftest import TODAY


@pytest.fixture
def refreshed(organization, low_product, full_product):
    recommendations_refresh(organization=organization)
    return Recommendation.objects.get(product=low_product)


def test_order_screen_shows_quantity_date_and_reason(organization, client_for,
                                                     refreshed):
    page = client_for(organization, Role.VIEWER).get(
        reverse("policy:recommendation_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "LOW-1" in text and "FULL-1" not in text  # only what to order by default
    assert str(refreshed.recommended_quantity) in text
    assert refreshed.order_by_date.strftime("%Y-%m-%d") in text
    assert 'name="recommendation"' not in text  # a viewer cannot create orders
    everything = client_for(organization, Role.VIEWER).get(
        reverse("policy:recommendation_list"), {"show": "all"})
    assert "FULL-1" in everything.content.decode()


def test_order_screen_in_english_shows_the_engine_reason(organization, client_for,
                                                         refreshed):
    client = client_for(organization, Role.MANAGER)
    client.cookies["django_language"] = "en"
    text = client.get(reverse("policy:recommendation_list"),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Order {refreshed.recommended_quantity} units now" in text
    assert 'name="recommendation"' in text


def test_order_screen_uses_few_queries_for_500_products(organization, client_for):
    supplier = SupplierFactory(organization=organization)
    products = ProductFactory.create_batch(500, organization=organization,
                                           supplier=supplier)
    now = timezone.now()
    Recommendation.objects.bulk_create([
        Recommendation(
            organization=organization, product=p, as_of=TODAY, computed_at=now,
            mode="service_level", service_level=0.95, safety_stock_method="normal",
            on_hand=1, on_order=0, inventory_position=1, daily_demand=1,
            forecast_30d=30, lead_time_days=7, lead_time_spread_days=0,
            lead_time_source="manual", safety_stock=3, reorder_point=10,
            order_up_to=17, overstock_units=0, order_now=True,
            recommended_quantity=16, order_by_quantity=16, order_by_date=TODAY,
            reason="r",
            messages=[{"template": "Order %(quantity)s units.",
                       "params": {"quantity": 16}}])
        for p in products])
    client = client_for(organization, Role.MANAGER)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("policy:recommendation_list"))
    assert response.status_code == 200
    # Grouped by supplier, every line on one page (one action per supplier).
    assert response.content.decode().count('name="recommendation"') == 500
    assert len(queries) <= 15, [q["sql"][:80] for q in queries]


def test_order_sheet_download_is_xlsx(organization, client_for, refreshed):
    response = client_for(organization, Role.VIEWER).get(
        reverse("policy:order_sheet_download"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active
                .iter_rows(values_only=True))
    assert rows[3][1] == "LOW-1"


def test_manager_creates_draft_orders_staff_cannot(organization, client_for,
                                                   refreshed):
    url = reverse("policy:po_create_from_recommendations")
    data = {"recommendation": [refreshed.pk]}
    assert client_for(organization, Role.STAFF).post(url, data).status_code == 403
    response = client_for(organization, Role.MANAGER).post(url, data)
    order = PurchaseOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("policy:po_detail", args=[order.pk])
    assert order.lines.get().quantity == refreshed.recommended_quantity


def test_other_organizations_order_is_not_found(organization, other_organization,
                                                client_for, refreshed, member_of):
    (order,) = purchasing.po_create_from_recommendations(
        organization=organization, user=member_of(organization),
        recommendation_ids=[refreshed.pk])
    outsider = client_for(other_organization, Role.MASTER)
    assert outsider.get(reverse("policy:po_detail", args=[order.pk])).status_code \
        == 404
    assert outsider.post(reverse("policy:po_approve", args=[order.pk])) \
        .status_code == 404
    order.refresh_from_db()
    assert order.status == PurchaseOrder.Status.DRAFT


def test_line_edit_without_reason_changes_nothing(organization, client_for,
                                                  refreshed, member_of):
    (order,) = purchasing.po_create_from_recommendations(
        organization=organization, user=member_of(organization),
        recommendation_ids=[refreshed.pk])
    line = order.lines.get()
    client = client_for(organization, Role.MANAGER)
    url = reverse("policy:po_line_edit", args=[line.pk])
    client.post(url, {"quantity": 1000, "reason": ""})
    line.refresh_from_db()
    assert line.quantity == refreshed.recommended_quantity
    client.post(url, {"quantity": 1000, "reason": "Bigger pallet"})
    line.refresh_from_db()
    assert line.quantity == 1000
    page = client.get(reverse("policy:po_detail", args=[order.pk])).content.decode()
    assert "Bigger pallet" in page


def test_staff_receives_goods_through_the_form(organization, client_for, refreshed,
                                               member_of, low_product):
    user = member_of(organization)
    (order,) = purchasing.po_create_from_recommendations(
        organization=organization, user=user, recommendation_ids=[refreshed.pk])
    purchasing.po_approve(organization=organization, order=order, user=user)
    line = order.lines.get()
    staff = client_for(organization, Role.STAFF)
    url = reverse("policy:po_receive", args=[order.pk])
    assert staff.get(url).status_code == 200
    assert client_for(organization, Role.VIEWER).get(url).status_code == 403
    response = staff.post(url, {
        "received_on": TODAY.isoformat(), f"line-{line.pk}-quantity": line.quantity,
        f"line-{line.pk}-lot_code": "LOT-9",
        f"line-{line.pk}-expiry_date": "2099-06-30"})
    assert response.status_code == 302
    order.refresh_from_db()
    low_product.refresh_from_db()
    assert order.status == PurchaseOrder.Status.RECEIVED
    assert low_product.on_hand == 20 + line.quantity
    assert StockMovement.objects.get(source_ref=order.number).lot.code == "LOT-9"
    # Staff may not approve, send or cancel.
    assert staff.post(reverse("policy:po_cancel", args=[order.pk])).status_code == 403


def test_the_receiving_form_keeps_an_expiry_without_a_lot_and_refuses_a_past_one(
    organization, client_for, refreshed, member_of, low_product
):
    from inventory.models import Lot

    user = member_of(organization)
    (order,) = purchasing.po_create_from_recommendations(
        organization=organization, user=user, recommendation_ids=[refreshed.pk])
    purchasing.po_approve(organization=organization, order=order, user=user)
    line = order.lines.get()
    staff = client_for(organization, Role.STAFF)
    url = reverse("policy:po_receive", args=[order.pk])
    today = timezone.localdate()
    past = TODAY - dt.timedelta(days=1)
    refused = staff.post(url, {
        "received_on": TODAY.isoformat(), f"line-{line.pk}-quantity": 5,
        f"line-{line.pk}-expiry_date": past.isoformat()}, HTTP_ACCEPT_LANGUAGE="ko")
    assert refused.status_code == 200
    [(_line, form)] = refused.context["line_forms"]
    assert "유통기한" in form.errors["expiry_date"][0]
    assert not StockMovement.objects.filter(source_ref=order.number).exists()
    expiry = today + dt.timedelta(days=365)
    response = staff.post(url, {
        "received_on": TODAY.isoformat(), f"line-{line.pk}-quantity": 5,
        f"line-{line.pk}-expiry_date": expiry.isoformat()})
    assert response.status_code == 302
    lot = StockMovement.objects.get(source_ref=order.number).lot
    assert (lot.code, lot.expiry_date) == (f"EXP-{expiry.isoformat()}", expiry)
    assert Lot.objects.get(pk=lot.pk).on_hand == 5


def test_settings_saved_by_manager_only(organization, client_for):
    url = reverse("policy:policy_settings")
    data = {"mode": "simple", "service_level": "0.97", "review_period_days": 14,
            "default_lead_time_days": 10, "reorder_alert_window_days": 10,
            "expiry_window_days": 30, "overstock_grace_days": 14}
    assert client_for(organization, Role.STAFF).post(url, data).status_code == 403
    assert client_for(organization, Role.VIEWER).get(url).status_code == 200
    assert client_for(organization, Role.MANAGER).post(url, data).status_code == 302
    saved = PolicySettings.objects.get(organization=organization)
    assert (saved.mode, str(saved.service_level), saved.review_period_days) == (
        "simple", "0.970", 14)


def test_settings_are_read_only_for_who_may_not_change_them(organization, client_for):
    """Staff and viewers saw editable fields with no Save button."""
    url = reverse("policy:policy_settings")
    for role in (Role.STAFF, Role.VIEWER):
        page = client_for(organization, role).get(url, HTTP_ACCEPT_LANGUAGE="ko")
        html = page.content.decode()
        assert 'data-testid="settings-read-only"' in html, role
        assert "매니저나 마스터만" in html
    manager = client_for(organization, Role.MANAGER).get(url).content.decode()
    assert "settings-read-only" not in manager


def test_settings_warn_when_review_period_is_shorter_than_alert_window(
    organization, client_for
):
    url = reverse("policy:policy_settings")
    data = {"mode": "service_level", "service_level": "0.95",
            "default_lead_time_days": 10, "reorder_alert_window_days": 10,
            "expiry_window_days": 30, "overstock_grace_days": 14}
    client = client_for(organization, Role.MANAGER)
    short = client.post(url, {**data, "review_period_days": 7}, follow=True)
    assert "reappear right after every delivery" in short.content.decode()
    long = client.post(url, {**data, "review_period_days": 10}, follow=True)
    assert "reappear right after every delivery" not in long.content.decode()
    assert PolicySettings().review_period_days == 14  # the default avoids it


def test_order_sheet_email_on_demand(organization, client_for, refreshed):
    from django.core import mail

    url = reverse("policy:order_sheet_email")
    client = client_for(organization, Role.MANAGER)
    client.post(url)
    assert mail.outbox == []  # no purchasing contacts yet
    organization.purchasing_emails = "buyer@example.com"
    organization.save()
    client.post(url)
    assert len(mail.outbox) == 1
    assert client_for(organization, Role.STAFF).post(url).status_code == 403


def test_a_quantity_between_two_packs_is_refused_naming_both(
        organization, client_for, refreshed, member_of):
    # The product ships in packs of 5 (its order multiple) and the purchase
    # order tells the supplier quantities are whole packs.
    (order,) = purchasing.po_create_from_recommendations(
        organization=organization, user=member_of(organization),
        recommendation_ids=[refreshed.pk])
    line = order.lines.get()
    client = client_for(organization, Role.MANAGER)
    url = reverse("policy:po_line_edit", args=[line.pk])
    response = client.post(url, {"quantity": 42, "reason": "pallet"}, follow=True)
    line.refresh_from_db()
    assert line.quantity == refreshed.recommended_quantity
    assert "packs of 5: order 40 or 45" in response.content.decode()
    client.post(url, {"quantity": 45, "reason": "pallet"})
    line.refresh_from_db()
    assert line.quantity == 45
