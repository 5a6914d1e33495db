"""The stock status table: every product's stock, demand, dates and risk, and .xlsx.

Rows are the newest stored recommendations (policy.selectors.stock_status_list):
searching, filtering, sorting and paging happen in SQL, one query plus a count.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.access import member_required
from accounts.models import Organization
from accounts.roles import Perm
from inventory import selectors
from inventory.forms import BootstrapMixin
from inventory.views._common import paginate
from policy import selectors as policy_selectors
from policy.messages import render_message
from policy.models import Recommendation
from policy.selectors import STOCK_STATUS_SORTS, Risk, StockStatusFilters, ToOrder
from smartstock import versions, xlsx

PER_PAGE = 50
CACHE_SECONDS = 10 * 60
EXPORT_LIMIT = 20_000
SORTABLE = sorted(STOCK_STATUS_SORTS)


def risk_labels() -> dict[str, str]:
    """Risk level → its name in the user's language."""
    return {Risk.CRITICAL: _("Critical"), Risk.HIGH: _("High"),
            Risk.MEDIUM: _("Medium"), Risk.LOW: _("Low")}


class StockStatusFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=gettext_lazy("search"), required=False)
    category = forms.TypedChoiceField(label=gettext_lazy("category"), required=False,
                                      coerce=int, empty_value=None)
    supplier = forms.TypedChoiceField(label=gettext_lazy("supplier"), required=False,
                                      coerce=int, empty_value=None)
    channel = forms.TypedChoiceField(label=gettext_lazy("channel"), required=False,
                                     coerce=int, empty_value=None)
    risk = forms.ChoiceField(label=gettext_lazy("risk"), required=False)
    show = forms.ChoiceField(label=gettext_lazy("show"), required=False, choices=[
        ("", gettext_lazy("All products")),
        ("reorder", gettext_lazy("Reorder needed")),
        ("week", gettext_lazy("To order this week")),
        ("overstock", gettext_lazy("Overstock")),
    ])
    sort = forms.ChoiceField(required=False, choices=[
        (key, key) for name in SORTABLE for key in (name, f"-{name}")])

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        catalog = selectors.catalog_choices(organization=organization)
        self.fields["category"].choices = every + catalog.categories
        self.fields["supplier"].choices = every + catalog.suppliers
        self.fields["channel"].choices = every + catalog.channels
        self.fields["risk"].choices = every + [
            (Risk.AT_RISK, _("Critical or high")), *risk_labels().items()]

    def filters(self) -> StockStatusFilters:
        """The valid filters (an invalid value is ignored, not an error page)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return StockStatusFilters(
            search=(data.get("q") or "").strip(), category_id=data.get("category"),
            supplier_id=data.get("supplier"), channel_id=data.get("channel"),
            risk=data.get("risk") or "", show=data.get("show") or "",
            sort=data.get("sort") or "risk")


@dataclass(frozen=True)
class StatusRow:
    rec: Recommendation
    risk: str
    risk_label: str
    reason: str
    # How much to order and when: the order screen's figure (policy.selectors.to_order).
    order: ToOrder

    @property
    def reorder(self) -> bool:
        """Something to order this week: the order screen's default lines."""
        return self.order.quantity > 0 and self.order.due_within(
            self.rec.as_of, policy_selectors.WEEK_DAYS)


def status_rows(recs) -> list[StatusRow]:
    """Rows annotated by stock_status_list → display rows (no queries; the
    draft orders' units come annotated, as the order screen counts them)."""
    labels = risk_labels()
    rows = []
    for rec in recs:
        risk = Risk.ORDER[rec.risk_rank]
        headline = rec.messages[0] if rec.messages else {}
        reason = render_message(headline.get("template", ""),
                                headline.get("params") or {}) if headline else ""
        rows.append(StatusRow(rec, risk, labels[risk], reason,
                              policy_selectors.to_order(rec)))
    return rows


def _results(request: HttpRequest, filters: StockStatusFilters) -> str:
    """The count, the page of rows and the pager, rendered."""
    page = paginate(request, policy_selectors.stock_status_list(
        organization=request.organization, filters=filters), per_page=PER_PAGE)
    page.object_list = status_rows(page.object_list)
    return render_to_string("dashboard/_stock_status_results.html",
                            {"page": page, "sort": filters.sort}, request=request)


@member_required(read=Perm.VIEW)
def stock_status(request: HttpRequest) -> HttpResponse:
    """Every product's stock status: searchable, sortable, filterable, paged.

    The rendered rows are cached under the data version, the language and the
    query string (policy.selectors.dashboard_version), so a repeated view reads
    no recommendation rows.
    """
    organization = request.organization
    form = StockStatusFilterForm(request.GET or None, organization=organization)
    filters = form.filters()
    version = policy_selectors.dashboard_version(organization=organization)
    query = hashlib.sha256(
        "&".join(sorted(request.GET.urlencode().split("&"))).encode()).hexdigest()
    # Unsent orders' quantities are shown too: their version is in the key.
    purchasing = policy_selectors.purchasing_version(organization=organization)
    key = (f"stock-status:{organization.pk}:{get_language()}:{version}:"
           f"{purchasing}:{query}")
    results, as_of = versions.cached(key, lambda: (
        _results(request, filters),
        policy_selectors.recommendation_latest_as_of(organization=organization),
    ), CACHE_SECONDS)
    context = {
        "filter_form": form, "sort": filters.sort, "results": results,
        "as_of": as_of,
        # The filter bar's fragment-cache key (its drop-downs list the catalogue).
        "catalog_version": selectors.catalog_version(organization=organization),
    }
    return render(request, "dashboard/stock_status.html", context)


def export_headers() -> list[str]:
    """Column titles of the export, in the user's language."""
    return [_("SKU"), _("Product"), _("Category"), _("Supplier"), _("Current stock"),
            _("Daily demand (forecast)"), _("30-day forecast"),
            _("Expected stock-out"), _("Days of cover"), _("Lead time (days)"),
            _("On order"), _("Order by"), _("Reorder needed"),
            _("Order quantity"), _("Due"), _("Reason"), _("Risk")]


def export_values(row: StatusRow) -> list:
    """One row's cells: numbers stay numbers, dates stay dates."""
    rec, product = row.rec, row.rec.product
    cover = rec.cover_days
    return [
        product.sku, product.name, product.category.name if product.category else "",
        product.supplier.name if product.supplier else "", round(rec.on_hand),
        round(rec.daily_demand, 2), round(rec.forecast_30d, 1), rec.stockout_date,
        None if cover is None else round(cover, 1), round(rec.lead_time_days, 1),
        round(rec.on_order), rec.order_by_date, _("Yes") if row.reorder else _("No"),
        row.order.quantity if row.reorder else 0,
        row.order.due_date if row.reorder else None, row.reason, row.risk_label,
    ]


def stock_status_xlsx(rows: list[StatusRow]) -> bytes:
    """The table as .xlsx bytes (smartstock.xlsx: sanitised, fitted, frozen)."""
    return xlsx.workbook_bytes([xlsx.Sheet(
        title=_("Stock status"), headers=export_headers(),
        rows=[export_values(row) for row in rows],
        widths={0: 16, 1: 32, 14: 60}, freeze_columns=2,
    )])


@member_required(read=Perm.VIEW)
def stock_status_export(request: HttpRequest) -> HttpResponse:
    """The filtered, sorted stock status table as .xlsx."""
    organization = request.organization
    form = StockStatusFilterForm(request.GET or None, organization=organization)
    recs = policy_selectors.stock_status_list(organization=organization,
                                              filters=form.filters())[:EXPORT_LIMIT]
    as_of = policy_selectors.recommendation_latest_as_of(organization=organization)
    name = f"stock-status-{as_of.isoformat() if as_of else 'empty'}.xlsx"
    return xlsx.xlsx_response(stock_status_xlsx(status_rows(recs)), name)
