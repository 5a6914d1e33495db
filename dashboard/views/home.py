"""The home page: KPI cards, charts and the most urgent products.

Live figures come from one aggregate each (stock value, risk counts,
availability); ledger-wide rates and series come from the stored dashboard
snapshot (policy.services.dashboard), so a page view never scans the ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.access import member_required
from accounts.roles import Perm
from dashboard import charts
from forecasting import selectors as forecast_selectors
from forecasting.services.runs import default_as_of
from inventory import selectors
from inventory.templatetags.money import won_text
from policy import selectors as policy_selectors
from policy.services.dashboard import dashboard_data
from smartstock import versions

from .stock_status import status_rows

URGENT_ROWS = 10
CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class Card:
    """One KPI card: its figure, a colour (success/warning/danger/secondary), link."""

    key: str
    label: str
    value: str
    tone: str
    url: str
    help: str
    detail: str = ""


def _percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return _("not yet available")
    return f"{number_format(round(value * 100, digits), digits)}%"


def _tone(value: float | None, good: float, fair: float, *, higher_is_better: bool
          ) -> str:
    """Green when at least as good as ``good``, amber up to ``fair``, else red."""
    if value is None:
        return "secondary"
    if not higher_is_better:
        value, good, fair = -value, -good, -fair
    return "success" if value >= good else "warning" if value >= fair else "danger"


def _stock_status(query: str) -> str:
    return f"{reverse('inventory:stock_status')}?{query}"


def _risk_cards(risk: policy_selectors.RiskFigures, value: float) -> list[Card]:
    critical = risk.by_risk[policy_selectors.Risk.CRITICAL]
    return [
        Card("at-risk", _("At risk of stock-out"), number_format(risk.at_risk),
             "danger" if critical else "warning" if risk.at_risk else "success",
             _stock_status("risk=at_risk"),
             _("Judged with open purchase orders arriving on their due dates. "
               "Critical: out of stock, projected to run out before an order "
               "placed today can arrive, or the order-by date has passed and no "
               "open order covers it in time. High: order-by date within the "
               "reorder alert window. A product whose open order arrives before "
               "the projected stock-out is not counted."),
             _("%(count)s critical") % {"count": critical}),
        Card("to-order", _("To order this week"), number_format(risk.to_order_week),
             "warning" if risk.to_order_week else "success",
             f"{reverse('policy:recommendation_list')}?show=week",
             _("Products to order now, or whose order-by date is within 7 days.")),
        Card("overstock", _("Overstock value"), won_text(risk.overstock_value),
             "warning" if risk.overstock_value > 0 else "success",
             _stock_status("show=overstock&sort=-overstock_value"),
             _("Units above the order-up-to level (plus one MOQ), at unit cost.")),
        Card("inventory-value", _("Inventory value"), won_text(value), "secondary",
            reverse("inventory:product_list"), _("Units on hand × unit cost, now.")),
    ]


def _accuracy_card(accuracy: dict | None) -> Card:
    """One plain figure: the typical error as a share of sales (WAPE)."""
    wape = accuracy["wape"] if accuracy else None
    detail = ""
    if accuracy:
        detail = _("typical error · run of %(date)s") % {"date": accuracy["as_of"]}
    value = _percent(wape, 0) if wape is None else f"±{_percent(wape, 0)}"
    return Card("accuracy", _("Forecast accuracy"), value,
                _tone(wape, 0.3, 0.5, higher_is_better=False),
                reverse("forecasting:accuracy"),
                _("How far the forecasts made about 30 days ago were from what then "
                  "sold, as a share of sales (lower is better). Details and each "
                  "model's figures are on the accuracy page."), detail)


def _ledger_cards(rates: dict, in_stock: int, total: int) -> list[Card]:
    short, long = rates.get("30") or {}, rates.get("90") or {}
    fill, stockout = short.get("fill_rate"), short.get("stockout_rate")
    available = in_stock / total if total else None
    return [
        Card("fill-rate", _("Fill rate (30 days)"), _percent(fill),
             _tone(fill, 0.95, 0.9, higher_is_better=True), _stock_status("sort=cover"),
             _("Units shipped ÷ (units shipped + estimated lost sales); a stock-out "
               "day's lost sales are the product's forecast daily demand."),
             _("90 days: %(value)s") % {"value": _percent(long.get("fill_rate"))}),
        Card("stockout-rate", _("Stock-out rate (30 days)"), _percent(stockout),
             _tone(stockout, 0.02, 0.05, higher_is_better=False),
             _stock_status("risk=critical"),
             _("Product-days ending with stock ≤ 0 ÷ product-days, from the ledger."),
             _("90 days: %(value)s") % {"value": _percent(long.get("stockout_rate"))}),
        Card("availability", _("Availability"), _percent(available),
             _tone(available, 0.95, 0.9, higher_is_better=True),
             _stock_status("sort=on_hand"),
             _("Share of active products with stock on hand now."),
             _("%(in_stock)s of %(total)s products") % {"in_stock": in_stock,
                                                        "total": total}),
    ]


def _charts(data: dict, risk: policy_selectors.RiskFigures) -> dict[str, str]:
    series = data.get("series") or {"dates": [], "inventory_value": [],
                                    "stockouts": []}
    labels = {"critical": _("Critical"), "high": _("High"), "medium": _("Medium"),
              "low": _("Low")}
    return {
        "inventory_value": charts.inventory_value_chart(series),
        "stockouts": charts.stockouts_chart(series),
        "top_movers": charts.top_movers_chart(data.get("top_movers") or []),
        "risk": charts.risk_chart(risk.by_risk, labels),
    }


def _context(request: HttpRequest) -> dict:
    """Everything the page shows but the user's own menu (no per-user data)."""
    organization = request.organization
    figures = selectors.dashboard_figures(organization=organization)
    risk = policy_selectors.risk_figures(organization=organization)
    data = dashboard_data(organization=organization)
    in_stock, total = policy_selectors.availability(organization=organization)
    urgent = status_rows(policy_selectors.stock_status_list(
        organization=organization)[:URGENT_ROWS])
    return {
        "cards": [*_risk_cards(risk, float(figures.inventory_value)),
                  _accuracy_card(data.get("accuracy")),
                  *_ledger_cards(data.get("rates") or {}, in_stock, total)],
        "figures": figures, "charts": _charts(data, risk),
        "products": risk.products, "data": data,
        # The next forecast treats the days after the last recorded sale as
        # unknown: the seller should upload them.
        "sales_data_gap": forecast_selectors.sales_data_gap(
            organization=organization, as_of=default_as_of()),
        "computed_at": dt.datetime.fromisoformat(data["computed_at"]),
        "urgent_table": render_to_string(
            "dashboard/_stock_status_table.html",
            {"rows": urgent, "sortable": False,
             "empty_text": _("No replenishment run yet: the table fills after the "
                             "first forecast.")}, request=request),
    }


@member_required(read=Perm.VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    """KPI cards with links, four charts and the most urgent products.

    The organization's part of the page is cached under a key that changes
    with the data (policy.selectors.dashboard_version) and the language.
    """
    organization = request.organization
    version = policy_selectors.dashboard_version(organization=organization)
    # The urgent table shows draft orders' quantities: their version is in the key.
    purchasing = policy_selectors.purchasing_version(organization=organization)
    key = f"dashboard:page:{organization.pk}:{get_language()}:{version}:{purchasing}"
    context = versions.cached(key, lambda: _context(request), CACHE_SECONDS)
    return render(request, "dashboard/dashboard.html", context)
