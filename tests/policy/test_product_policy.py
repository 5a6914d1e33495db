"""The product page's replenishment override: set, clear, access, validation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from policy.models import PolicyMode, ProductPolicy, Recommendation
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _url(product) -> str:
    return reverse("policy:product_policy_set", kwargs={"pk": product.pk})


def test_manager_sets_simple_mode_and_recommendation_follows(
    organization, client_for, low_product, django_capture_on_commit_callbacks
):
    client = client_for(organization, Role.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(low_product),
                               {"mode": "simple", "service_level": "0.9"})
    assert response.status_code == 302
    assert response["Location"] == reverse("inventory:product_detail",
                                           kwargs={"pk": low_product.pk})
    policy = ProductPolicy.objects.get(product=low_product)
    assert policy.organization == organization
    assert policy.mode == PolicyMode.SIMPLE
    assert policy.service_level == Decimal("0.900")
    recommendation = Recommendation.objects.get(product=low_product)
    assert recommendation.mode == PolicyMode.SIMPLE
    assert recommendation.service_level == pytest.approx(0.9)


def test_clearing_deletes_the_override_and_restores_the_default(
    organization, client_for, low_product, django_capture_on_commit_callbacks
):
    ProductPolicy.objects.create(organization=organization, product=low_product,
                                 mode=PolicyMode.SIMPLE)
    client = client_for(organization, Role.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(low_product), {"mode": "", "service_level": ""})
    assert response.status_code == 302
    assert not ProductPolicy.objects.filter(product=low_product).exists()
    recommendation = Recommendation.objects.get(product=low_product)
    assert recommendation.mode == PolicyMode.SERVICE_LEVEL


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER])
def test_staff_and_viewer_cannot_set_the_override(organization, client_for,
                                                  product, role):
    response = client_for(organization, role).post(_url(product), {"mode": "simple"})
    assert response.status_code == 403
    assert not ProductPolicy.objects.exists()


def test_another_organizations_product_is_not_found(organization,
                                                    other_organization, client_for):
    foreign = ProductFactory(organization=other_organization)
    response = client_for(organization, Role.MANAGER).post(
        _url(foreign), {"mode": "simple"})
    assert response.status_code == 404
    assert not ProductPolicy.objects.exists()


def test_get_redirects_to_the_product_page(organization, client_for, product):
    response = client_for(organization, Role.MANAGER).get(_url(product))
    assert response.status_code == 302
    assert response["Location"] == reverse("inventory:product_detail",
                                           kwargs={"pk": product.pk})


def test_invalid_service_level_shows_an_error_and_saves_nothing(
    organization, client_for, product
):
    client = client_for(organization, Role.MANAGER)
    response = client.post(_url(product), {"mode": "simple", "service_level": "1.5"},
                           follow=True)
    assert not ProductPolicy.objects.exists()
    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert "0.999" in str(errors[0])


def test_product_page_shows_the_form_to_managers_only(organization, client_for,
                                                      product):
    ProductPolicy.objects.create(organization=organization, product=product,
                                 service_level=Decimal("0.980"))
    url = reverse("inventory:product_detail", kwargs={"pk": product.pk})
    manager_page = client_for(organization, Role.MANAGER).get(url).content.decode()
    staff_page = client_for(organization, Role.STAFF).get(url).content.decode()
    assert _url(product) in manager_page
    assert "0.980" in manager_page
    assert _url(product) not in staff_page


def test_service_rejects_another_organizations_product(organization,
                                                       other_organization):
    from django.core.exceptions import ValidationError

    from policy.services.product_policy import product_policy_set

    foreign = ProductFactory(organization=other_organization)
    with pytest.raises(ValidationError):
        product_policy_set(organization=organization, product=foreign,
                           mode="simple", service_level=None, user=None)
    assert not ProductPolicy.objects.exists()
