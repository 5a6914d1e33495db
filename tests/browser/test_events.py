"""A manager marks a holiday break on the events page (Korean UI)."""

from __future__ import annotations

from django.urls import reverse

from accounts.roles import Role
from forecasting.models import PromotionEvent
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

from .pages import click, log_in, shots


def test_manager_adds_a_sales_pause(browser_page) -> None:
    organization = OrganizationFactory(name="Pause Store")
    user = UserFactory(email="planner@example.com", name="김계획")
    MembershipFactory(organization=organization, user=user, role=Role.MANAGER)
    page = browser_page
    log_in(page, user.email)
    page.goto(reverse("forecasting:event_list"))
    form = page.locator("form[action$='/events/new/']")
    form.locator("select[name=kind]").select_option("pause")
    form.locator("input[name=name]").fill("설 연휴 택배 휴무")
    form.locator("input[name=start_date]").fill("2027-02-06")
    form.locator("input[name=end_date]").fill("2027-02-09")
    click(page, "form[action$='/events/new/'] button[type=submit]")
    event = PromotionEvent.objects.get(organization=organization)
    assert event.kind == PromotionEvent.Kind.PAUSE and event.created_by == user
    row = page.locator("tr", has_text="설 연휴 택배 휴무")
    assert row.locator(".badge").inner_text() == "판매 중지(휴무)"
    assert "2027-02-06 – 2027-02-09" in row.inner_text()
    shots(page, "events-pause")
