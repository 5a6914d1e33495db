"""Policy what-if: both modes replayed on a product's real sales."""

from __future__ import annotations

import datetime as dt
import random

from django.urls import reverse

from accounts.roles import Role
from inventory.models import StockMovement
from inventory.services.integrity import movements_bulk_import
from policy.models import PolicySettings
from policy.services.what_if import policy_what_if
from tests.factories import ProductFactory, SupplierFactory

from .conftest import TODAY

URL = reverse("policy:what_if")


def _history(organization, days: int, sku: str = "WI-1"):
    supplier = SupplierFactory(organization=organization, lead_time_days=7)
    product = ProductFactory(organization=organization, sku=sku, supplier=supplier,
                             moq=5)
    rng = random.Random(3)
    first = TODAY - dt.timedelta(days=days)
    movements_bulk_import(organization=organization, movements=[
        StockMovement(organization=organization, product=product,
                      business_date=first + dt.timedelta(days=i),
                      quantity=-rng.randint(1, 9), kind=StockMovement.Kind.OUTBOUND,
                      source=StockMovement.Source.IMPORT)
        for i in range(days)])
    return product


def test_what_if_replays_both_modes_over_the_last_six_months(organization):
    organization.allow_negative_stock = True
    organization.save()
    product = _history(organization, 400)
    PolicySettings.objects.create(organization=organization, mode="simple")
    result = policy_what_if(organization=organization, product=product)
    assert result.has_result and result.lead_time_days == 7
    assert result.measured_to == TODAY - dt.timedelta(days=1)
    assert (result.measured_to - result.measured_from).days + 1 == 182
    modes = {row.mode: row for row in result.outcomes}
    assert set(modes) == {"simple", "service_level"}
    assert modes["simple"].is_current and not modes["service_level"].is_current
    for row in modes.values():
        assert 0.0 < row.fill_rate <= 1.0
        assert 0 <= row.stockout_days <= 182
        assert row.avg_on_hand > 0 and row.orders > 0


def test_what_if_with_short_history_says_so(organization, client_for):
    organization.allow_negative_stock = True
    organization.save()
    product = _history(organization, 60)
    response = client_for(organization, Role.VIEWER).get(URL, {"product": product.pk})
    assert response.status_code == 200
    assert b'data-testid="what-if-short"' in response.content


def test_what_if_page_shows_both_modes(organization, client_for):
    organization.allow_negative_stock = True
    organization.save()
    product = _history(organization, 400)
    response = client_for(organization, Role.VIEWER).get(URL, {"product": product.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="what-if-simple"' in html
    assert 'data-testid="what-if-service_level"' in html
    assert client_for(organization).get(URL).status_code == 200  # no product yet


def test_what_if_of_another_organizations_product_is_404(
        organization, other_organization, client_for):
    other = ProductFactory(organization=other_organization)
    response = client_for(organization).get(URL, {"product": other.pk})
    assert response.status_code == 404
