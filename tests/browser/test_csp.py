"""The Content-Security-Policy in a real browser: enforced (not report-only), the
dashboard's and a forecast page's plotly charts still draw, and chromium reports
no violation on the pages that carry scripts."""

from __future__ import annotations

from django.urls import reverse

from inventory.models import Product
from tests.browser.pages import log_in
from tests.browser.test_dashboard import _charts_with_data, _shop

# Registered before any page script runs; collects every violation the page sees.
_VIOLATION_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _csp_problems(page, console: list[str]) -> list[str]:
    recorded = page.evaluate("() => window.__cspViolations || []")
    return recorded + [line for line in console if "Content Security Policy" in line]


def test_charts_draw_under_the_enforced_csp_without_violations(browser_page) -> None:
    user = _shop()
    page = browser_page
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(_VIOLATION_RECORDER)
    log_in(page, user.email)

    response = page.goto(reverse("dashboard"))
    policy = response.headers["content-security-policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "content-security-policy-report-only" not in response.headers
    page.wait_for_selector("#chart-risk.js-plotly-plot")
    assert _charts_with_data(page) == 4
    assert _csp_problems(page, console) == []

    product = Product.objects.get(sku="BR-LOW")
    page.goto(reverse("forecasting:forecast_detail", kwargs={"pk": product.pk}))
    page.wait_for_selector("#forecast-chart .js-plotly-plot")
    assert _charts_with_data(page) == 1
    assert _csp_problems(page, console) == []


def test_an_injected_inline_script_is_blocked(browser_page) -> None:
    """The policy really bites: a script without the nonce does not run."""
    user = _shop()
    page = browser_page
    page.add_init_script(_VIOLATION_RECORDER)
    log_in(page, user.email)
    page.goto(reverse("dashboard"))
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true;";
      document.body.appendChild(script);
    }""")
    assert page.evaluate("() => window.__injected === true") is False
    assert any(v.startswith("script-src") for v in
               page.evaluate("() => window.__cspViolations"))


def test_admin_and_two_factor_pages_run_without_violations(browser_page) -> None:
    """Django's admin (list, change form with its widgets) and allauth's two-factor
    set-up page work under the policy too."""
    user = _shop()
    page = browser_page
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(_VIOLATION_RECORDER)
    log_in(page, user.email)
    for url in ("/admin/", "/admin/inventory/product/",
                f"/admin/inventory/product/{Product.objects.first().pk}/change/",
                "/admin/inventory/product/add/", reverse("mfa_index")):
        response = page.goto(url)
        assert response.status == 200, url
        assert _csp_problems(page, console) == [], url
