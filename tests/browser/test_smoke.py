"""End-to-end through a real browser: log in, add a product, receive stock."""
from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accounts.roles import Role
from inventory.models import Product, StockMovement
from inventory.services.integrity import stock_verify
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

from .pages import log_in

SKU = "BR-PASTA-01"


def _submit(page, form) -> None:
    """Click the form's submit button and wait for the next page."""
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def test_login_with_a_wrong_password_stays_on_the_login_page(browser_page) -> None:
    user = UserFactory(email="owner@example.com")
    MembershipFactory(user=user, role=Role.MASTER)
    log_in(browser_page, user.email, "not-the-password")
    browser_page.wait_for_load_state()
    assert browser_page.url.endswith(reverse("account_login"))
    assert browser_page.locator("form:has(input[name=password])").count() == 1
    browser_page.goto(reverse("inventory:movement_list"))
    assert reverse("account_login") in browser_page.url


def test_master_adds_a_product_and_records_inbound_seen_in_movement_list(
    browser_page,
) -> None:
    organization = OrganizationFactory(name="Browser Store")
    user = UserFactory(email="master@example.com", name="김재고")
    MembershipFactory(organization=organization, user=user, role=Role.MASTER)
    page = browser_page

    log_in(page, user.email, PASSWORD)
    page.wait_for_url(lambda url: reverse("account_login") not in url)

    page.goto(reverse("inventory:product_create"))
    form = page.locator("form:has(input[name=sku])")
    form.locator("input[name=sku]").fill(SKU)
    form.locator("input[name=name]").fill("듀럼밀 파스타 500g")
    form.locator("input[name=moq]").fill("10")
    _submit(page, form)
    product = Product.objects.get(organization=organization, sku=SKU)
    assert (product.name, product.moq, product.on_hand) == ("듀럼밀 파스타 500g", 10, 0)

    page.goto(reverse("inventory:movement_create"))
    form = page.locator("form:has(input[name=quantity])")
    if form.locator("select[name=product]").count():
        form.locator("select[name=product]").select_option(str(product.pk))
    else:
        form.locator("input[name=sku]").fill(SKU)
    form.locator("select[name=kind]").select_option(StockMovement.Kind.INBOUND)
    form.locator("input[name=quantity]").fill("12")
    form.locator("input[name=business_date]").fill("2026-11-20")
    _submit(page, form)

    movement = StockMovement.objects.get(product=product)
    assert (movement.kind, movement.quantity, movement.created_by_id) == (
        StockMovement.Kind.INBOUND, 12, user.pk,
    )
    assert movement.business_date == dt.date(2026, 11, 20)
    assert Product.objects.get(pk=product.pk).on_hand == 12
    assert stock_verify(organization=organization) == []

    page.goto(reverse("inventory:movement_list"))
    row = page.locator(f"tr:has(a:text-is('{SKU}'))")
    assert row.count() == 1
    text = row.inner_text()
    assert "+12" in text
    assert "2026-11-20" in text
    assert user.name in text
    assert row.locator(f"[title='{user.email}']").count() == 1
