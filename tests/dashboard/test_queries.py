"""At most 15 SQL queries per page with 500 products."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from alerts.models import Alert
from inventory.models import Product
from policy.models import Recommendation
from policy.services.dashboard import dashboard_refresh
from tests.factories import CategoryFactory, ChannelFactory, SupplierFactory

from .conftest import TODAY

MAX_QUERIES = 15


def recommendations_for(organization, count: int) -> list[Product]:
    """``count`` products with a stored recommendation each (bulk, fast)."""
    supplier = SupplierFactory(organization=organization)
    category = CategoryFactory(organization=organization)
    products = Product.objects.bulk_create(
        Product(organization=organization, sku=f"P-{i:04d}", name=f"상품 {i}",
                supplier=supplier, category=category, on_hand=i % 40)
        for i in range(count))
    now = timezone.now()
    Recommendation.objects.bulk_create(
        Recommendation(
            organization=organization, product=product, as_of=TODAY, computed_at=now,
            mode="service_level", service_level=0.95, safety_stock_method="normal",
            on_hand=product.on_hand, on_order=0, inventory_position=product.on_hand,
            daily_demand=(i % 7) / 2, forecast_30d=(i % 7) * 15, lead_time_days=14,
            lead_time_spread_days=0, lead_time_source="default",
            safety_stock=10, reorder_point=20, order_up_to=40,
            overstock_units=max(0, product.on_hand - 35), order_now=i % 3 == 0,
            recommended_quantity=20 if i % 3 == 0 else 0,
            order_by_date=TODAY + dt.timedelta(days=i % 30 - 5),
            stockout_date=TODAY + dt.timedelta(days=i % 50),
            reason="r", messages=[{"template": "Order by %(order_by)s.",
                                   "params": {"order_by": "2026-12-01"}}])
        for i, product in enumerate(products))
    return products


@pytest.fixture
def big_shop(organization):
    products = recommendations_for(organization, 500)
    ChannelFactory(organization=organization)
    now = timezone.now()
    Alert.objects.bulk_create(
        Alert(organization=organization, product=product, kind="reorder",
              severity="high", severity_rank=1, key=f"{product.pk}:reorder",
              open_key=f"{organization.pk}:{product.pk}:reorder",
              message_template="Order %(sku)s.", params={"sku": product.sku},
              first_seen=now, last_seen=now)
        for product in products[:300])
    dashboard_refresh(organization=organization)
    return products


@pytest.mark.parametrize("url", [
    reverse("dashboard"),
    reverse("inventory:stock_status"),
    reverse("inventory:stock_status") + "?risk=at_risk&sort=-cover&channel=1&q=P-0",
    reverse("alerts:alert_list"),
])
def test_pages_stay_within_the_query_budget(organization, big_shop, client_for,
                                            django_assert_max_num_queries, url):
    client = client_for(organization, Role.STAFF)
    client.get(url)  # session and language settled as for a returning user
    cache.clear()  # the uncached page: every selector runs
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):  # and the cached one
        assert client.get(url).status_code == 200


def test_export_stays_within_the_query_budget(organization, big_shop, client_for,
                                              django_assert_max_num_queries):
    client = client_for(organization)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("inventory:stock_status_export"))
    assert response.status_code == 200
