"""What the browser tests do on every page: sign in, click and wait, take
screenshots at desktop and phone width, check that a page fits a phone."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def log_in(page, email: str, password: str = PASSWORD) -> None:
    """Sign in with the allauth form and wait for the page after it."""
    page.goto(reverse("account_login"))
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def click(page, selector: str) -> None:
    """Click the first match and wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(selector).first.click()


def shots(page, name: str) -> None:
    """The current page at desktop and phone width (then back to desktop)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("1366", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(150)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def assert_fits_phone(page) -> None:
    """No horizontal scroll at 390 px; names the widest elements when there is."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > 391)
        .slice(0, 5).map(el => el.tagName + '.' + el.className + ' '
                         + Math.round(el.getBoundingClientRect().right))""")
    assert width <= PHONE["width"], f"{page.url}: {width}px wide at 390px: {wide}"
