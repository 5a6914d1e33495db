"""One definition of the counts: dashboard, alert centre and order screen agree.

policy.selectors.risk_figures is the definition (critical: out of stock or
order-by date passed; high: order-by within the reorder alert window; to order
this week: a positive to_order quantity due now or within 7 days). These
tests pin the definition on literal rows and check that every screen shows the
numbers it returns, not a count of its own.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from policy.models import Recommendation
from policy.selectors import Risk, risk_figures
from policy.services.dashboard import dashboard_refresh
from tests.factories import ProductFactory, SupplierFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _rec(organization, product, *, on_hand, order_by, quantity, due_then=0,
         safety=3.0):
    return Recommendation.objects.create(
        organization=organization, product=product, as_of=TODAY,
        computed_at=timezone.now(), mode="service_level", service_level=0.95,
        safety_stock_method="normal", on_hand=on_hand, on_order=0,
        inventory_position=on_hand, daily_demand=1, forecast_30d=30,
        lead_time_days=7, lead_time_spread_days=0, lead_time_source="manual",
        safety_stock=safety, reorder_point=10, order_up_to=17, overstock_units=0,
        order_now=quantity > 0, recommended_quantity=quantity,
        order_by_quantity=quantity if order_by <= TODAY else due_then,
        order_by_date=order_by, reason="r")


@pytest.fixture
def plans(organization):
    supplier = SupplierFactory(organization=organization)
    make = [
        # (sku, on hand, order-by offset, quantity now, quantity due then)
        # → expected risk
        ("OUT", 0, 5, 0, 9),       # critical: out of stock
        ("PAST", 20, -3, 12, 0),   # critical: order-by passed
        ("COVERED", 20, -2, 0, 0),  # critical, but open orders cover it: 0
        ("SOON", 20, 4, 0, 6),     # high: within the 10-day window
        ("LATER", 50, 9, 0, 6),    # high (window 10), to order this week: no
        ("BELOW", 2, 40, 0, 4),    # medium: below safety stock
        ("OK", 500, 60, 0, 0),     # low
        ("NOW", 30, 20, 8, 0),     # low risk but something to order now
    ]
    for sku, on_hand, offset, quantity, due_then in make:
        product = ProductFactory(organization=organization, sku=sku, supplier=supplier)
        _rec(organization, product, on_hand=on_hand,
             order_by=TODAY + dt.timedelta(days=offset), quantity=quantity,
             due_then=due_then)


def test_the_definition_on_literal_rows(organization, plans):
    figures = risk_figures(organization=organization)
    assert figures.by_risk == {Risk.CRITICAL: 3, Risk.HIGH: 2, Risk.MEDIUM: 1,
                               Risk.LOW: 2}
    assert figures.at_risk == 5
    # OUT (5 days), PAST (qty), SOON (4 days), NOW (qty); not COVERED (nothing
    # to order), LATER (9 days), OK, BELOW.
    assert figures.to_order_week == 4


def test_dashboard_alert_centre_and_order_screen_show_the_same_counts(
        organization, plans, client_for):
    dashboard_refresh(organization=organization)
    client = client_for(organization, Role.MANAGER)
    figures = risk_figures(organization=organization)
    cards = {card.key: card for card in client.get(
        reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").context["cards"]}
    alerts = client.get(reverse("alerts:alert_list"), HTTP_ACCEPT_LANGUAGE="en")
    orders = client.get(reverse("policy:recommendation_list"),
                        HTTP_ACCEPT_LANGUAGE="en")
    assert cards["at-risk"].value == str(figures.at_risk)
    assert cards["at-risk"].detail == f"{figures.by_risk[Risk.CRITICAL]} critical"
    assert cards["to-order"].value == str(figures.to_order_week)
    body = alerts.content.decode()
    assert (f"Products at risk: {figures.by_risk[Risk.CRITICAL]} critical, "
            f"{figures.by_risk[Risk.HIGH]} high") in body
    assert f"{figures.to_order_week} to order this week" in body
    assert (f"{figures.by_risk[Risk.CRITICAL]} critical · "
            f"{figures.by_risk[Risk.HIGH]} high · {figures.to_order_week} to order "
            "this week") in orders.content.decode()


def test_the_order_screen_week_filter_lists_what_the_card_counts(
        organization, plans, client_for):
    figures = risk_figures(organization=organization)
    response = client_for(organization, Role.MANAGER).get(
        reverse("policy:recommendation_list"), {"show": "week"})
    lines = [line for group in response.context["screen"].groups
             for line in group.lines]
    assert len(lines) == figures.to_order_week
