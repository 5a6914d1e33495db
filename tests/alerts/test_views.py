"""The alert centre: filters, actions by role, organization isolation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from alerts.models import Alert
from alerts.services import alerts_generate
from policy.services.recommendations import recommendations_refresh
from tests.policy.conftest import TODAY


@pytest.fixture
def reorder_alert(organization, low_product, full_product) -> Alert:
    recommendations_refresh(organization=organization)
    alerts_generate(organization=organization, as_of=TODAY)
    return Alert.objects.get(product=low_product, kind="reorder")


def test_alert_list_filters_by_kind(organization, client_for, reorder_alert):
    client = client_for(organization, Role.VIEWER)
    page = client.get(reverse("alerts:alert_list"), {"kind": "reorder"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "data-testid=\"alert-reorder-LOW-1\"" in text
    assert "alert-stockout_risk-" not in text
    assert reverse("alerts:alert_resolve", args=[reorder_alert.pk]) not in text


def test_staff_acknowledges_snoozes_and_resolves(organization, client_for,
                                                  reorder_alert):
    staff = client_for(organization, Role.STAFF)
    staff.post(reverse("alerts:alert_acknowledge", args=[reorder_alert.pk]))
    reorder_alert.refresh_from_db()
    assert reorder_alert.status == "acknowledged"
    until = (TODAY + dt.timedelta(days=3)).isoformat()
    staff.post(reverse("alerts:alert_snooze", args=[reorder_alert.pk]),
               {"until": until})
    reorder_alert.refresh_from_db()
    assert (reorder_alert.status, reorder_alert.snoozed_until.isoformat()) == (
        "snoozed", until)
    staff.post(reverse("alerts:alert_resolve", args=[reorder_alert.pk]))
    reorder_alert.refresh_from_db()
    assert reorder_alert.status == "resolved"
    resolved = staff.get(reverse("alerts:alert_list"), {"status": "resolved"})
    assert "LOW-1" in resolved.content.decode()


def test_viewer_and_outsider_cannot_act(organization, other_organization,
                                        client_for, reorder_alert):
    url = reverse("alerts:alert_resolve", args=[reorder_alert.pk])
    assert client_for(organization, Role.VIEWER).post(url).status_code == 403
    assert client_for(other_organization, Role.MASTER).post(url).status_code == 404
    reorder_alert.refresh_from_db()
    assert reorder_alert.status == "open"


def test_nav_badge_counts_open_alerts(organization, client_for, reorder_alert, rf):
    from django.template.loader import render_to_string

    from alerts.context_processors import alert_counts

    request = rf.get("/")
    request.organization = organization
    context = alert_counts(request)
    html = render_to_string("alerts/_nav_badge.html", context)
    total = Alert.objects.filter(organization=organization,
                                 status="open").count()
    assert f">{total}</span>" in html


def test_cached_alert_table_follows_every_alert_write_and_each_users_token(
        organization, client_for, member_of, reorder_alert):
    """The table is cached per alert/product version: acknowledging, snoozing
    and resolving show at once; the cached forms carry the reader's token."""
    import re

    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    url = reverse("alerts:alert_list")
    row = f'data-testid="alert-reorder-{reorder_alert.product.sku}"'
    clients = []
    for role in ("staff", "manager"):
        client = Client(enforce_csrf_checks=True)
        client.force_login(member_of(organization, role))
        clients.append(client)
    first = clients[0].get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    acknowledge = reverse("alerts:alert_acknowledge", args=[reorder_alert.pk])
    assert row in first and acknowledge in first
    second = clients[1].get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    token = re.search(re.escape(acknowledge)
                      + r'".*?name="csrfmiddlewaretoken" value="([^"]+)"', second, re.S)
    assert token.group(1) != "@@csrf-token@@"
    response = clients[1].post(acknowledge, {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302  # the token was valid for this user
    again = clients[0].get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert row in again and acknowledge not in again  # seen: no button
    # Renaming the product changes the cached rows too.
    product = reorder_alert.product
    product.name = "Renamed for the cache"
    product.save()
    assert "Renamed for the cache" in clients[0].get(url).content.decode()
    clients[0].get(url)
    from alerts.services import alert_resolve
    alert_resolve(organization=organization, alert=reorder_alert,
                  user=member_of(organization, "staff"))
    assert row not in clients[0].get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    cache.clear()


@pytest.mark.parametrize("language, expected", [
    ("ko", ["20개 중 20개", "과잉 재고: 1,234개"]),
    ("en", ["20 of 20 units", "Overstock: 1,234 units"]),
])
def test_alert_unit_counts_show_whole_numbers_with_separators(
    organization, client_for, reorder_alert, language, expected
):
    """Units are whole: no "20.0개", and thousands carry a separator (1,234개),
    also on alerts stored before the rules rounded them."""
    product = reorder_alert.product
    now = timezone.now()
    Alert.objects.create(
        organization=organization, product=product, kind="expiry",
        severity="medium", key=f"{product.pk}:expiry:L9", first_seen=now,
        last_seen=now,
        message_template="Lot %(lot)s expires on %(expiry)s: %(unsold)s of "
                         "%(quantity)s units will not sell before then.",
        params={"lot": "L9", "expiry": "2024-12-01", "unsold": 20.0,
                "quantity": 20.0})
    Alert.objects.create(
        organization=organization, product=product, kind="overstock",
        severity="low", key=f"{product.pk}:overstock", first_seen=now,
        last_seen=now,
        message_template="Overstock: %(excess)s units and no sales forecast "
                         "(%(cash)s tied up).",
        params={"excess": 1234.0, "cash": "₩1,000"})
    client = client_for(organization, Role.VIEWER)
    client.cookies["django_language"] = language
    text = client.get(reverse("alerts:alert_list"),
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for phrase in expected:
        assert phrase in text
    assert ".0개" not in text and ".0 units" not in text
