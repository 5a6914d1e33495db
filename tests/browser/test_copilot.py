"""The copilot in a real browser: the panel answers in place; charts are drawn
from json_script data by static/js/copilot.js (no inline script)."""
from __future__ import annotations

import datetime as dt

from accounts.roles import Role
from inventory.models import StockMovement
from inventory.services.stock import movement_record
from tests.browser.pages import log_in
from tests.factories import PASSWORD, MembershipFactory, ProductFactory
from tests.policy.conftest import forecast_store


def _shop():
    membership = MembershipFactory(role=Role.VIEWER)
    organization = membership.organization
    product = ProductFactory(organization=organization, sku="BR-PASTA-1",
                             name="스파게티 Spaghetti 500g")
    movement_record(organization=organization, user=None, product=product,
                    kind=StockMovement.Kind.INBOUND, quantity=37,
                    business_date=dt.date.today() - dt.timedelta(days=2))
    forecast_store(organization, product, daily=4.0, as_of=dt.date.today())
    return membership.user


def test_the_panel_answers_without_leaving_the_page(browser_page) -> None:
    user = _shop()
    log_in(browser_page, user.email, PASSWORD)
    browser_page.wait_for_load_state()
    start = browser_page.url
    browser_page.get_by_test_id("copilot-launcher").click()
    field = browser_page.get_by_test_id("copilot-panel-question")
    field.fill("스파게티 재고")
    field.press("Enter")
    answer = browser_page.locator("[data-copilot-result] [data-testid=copilot-answer-text]")
    answer.wait_for()
    assert "37" in answer.inner_text()
    assert browser_page.url == start


def test_a_forecast_answer_draws_its_chart(browser_page) -> None:
    user = _shop()
    log_in(browser_page, user.email, PASSWORD)
    browser_page.wait_for_load_state()
    browser_page.goto("/copilot/?q=BR-PASTA-1+next+14+days+forecast")
    browser_page.locator("[data-copilot-chart] .main-svg").first.wait_for()
    text = browser_page.get_by_test_id("copilot-answer-text").inner_text()
    assert "56" in text  # 4 a day × 14 days


def test_the_page_form_keeps_the_asked_question_and_a_reload_adds_nothing(
        browser_page) -> None:
    from copilot.models import CopilotQuestion

    user = _shop()
    log_in(browser_page, user.email, PASSWORD)
    browser_page.wait_for_load_state()
    browser_page.goto("/copilot/")
    field = browser_page.get_by_test_id("copilot-question")
    field.fill("스파게티 재고")
    field.press("Enter")
    browser_page.wait_for_url("**/copilot/?q=*")
    browser_page.get_by_test_id("copilot-answer-text").wait_for()
    assert CopilotQuestion.objects.filter(user=user).count() == 1
    browser_page.reload()
    browser_page.get_by_test_id("copilot-answer-text").wait_for()
    assert CopilotQuestion.objects.filter(user=user).count() == 1


def test_a_copilot_chart_on_the_korean_page_has_korean_dates(browser_page) -> None:
    """The copilot's chart reads its dates like the dashboard's ("9월 6일"),
    not "Nov 23": both go through static/js/charts.js."""
    user = _shop()
    log_in(browser_page, user.email, PASSWORD)
    browser_page.wait_for_load_state()
    browser_page.goto("/copilot/?q=BR-PASTA-1+next+14+days+forecast")
    browser_page.locator("[data-copilot-chart] .main-svg").first.wait_for()
    ticks = browser_page.locator("[data-copilot-chart] .xtick text").evaluate_all(
        "texts => texts.map(text => text.textContent)")
    assert ticks, "no date ticks drawn"
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
              "Nov", "Dec")
    assert not [tick for tick in ticks if any(m in tick for m in months)], ticks
    assert all("월" in tick or "년" in tick for tick in ticks), ticks
