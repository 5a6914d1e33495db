"""Reports: the sales pivot and its Excel export (the explorer: explorer.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.access import member_required
from accounts.roles import Perm
from dashboard import reports, selectors
from inventory import selectors as inventory_selectors
from inventory.forms import DATE_WIDGET, BootstrapMixin
from policy import selectors as policy_selectors
from smartstock import versions, xlsx

CACHE_SECONDS = 10 * 60
PERIOD_COUNT = 12

PERIOD_CHOICES = [
    (reports.PERIOD_WEEK, gettext_lazy("Weekly (last 12 weeks)")),
    (reports.PERIOD_MONTH, gettext_lazy("Monthly (last 12 months)")),
]
GROUP_CHOICES = [
    ("product", gettext_lazy("Product")),
    ("category", gettext_lazy("Category")),
    ("channel", gettext_lazy("Channel")),
]
MEASURE_CHOICES = [
    ("units", gettext_lazy("Units")),
    ("revenue", gettext_lazy("Revenue (amount paid)")),
]


class SalesReportForm(BootstrapMixin, forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("periods"), choices=PERIOD_CHOICES,
                               required=False)
    group = forms.ChoiceField(label=gettext_lazy("rows"), choices=GROUP_CHOICES,
                              required=False)
    measure = forms.ChoiceField(label=gettext_lazy("measure"), choices=MEASURE_CHOICES,
                                required=False)
    end = forms.DateField(label=gettext_lazy("up to"), required=False,
                          widget=DATE_WIDGET)

    def options(self) -> dict[str, Any]:
        """The chosen options; invalid or missing ones fall back to the defaults."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "period": data.get("period") or reports.PERIOD_WEEK,
            "group": data.get("group") or "product",
            "measure": data.get("measure") or "units",
            "end": data.get("end") or timezone.localdate(),
        }


def _report_key(request: HttpRequest, options: dict[str, Any]) -> str:
    """Everything the sales pivots depend on: the ledger, products and catalogue
    versions, the options, the day (the period in progress) and the language."""
    organization = request.organization
    parts = (organization.pk,
             policy_selectors.dashboard_version(organization=organization),
             inventory_selectors.catalog_version(organization=organization),
             sorted(options.items()), timezone.localdate(), get_language())
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


def _cached_pivots(request: HttpRequest, options: dict[str, Any], key: str):
    return versions.cached(f"sales-pivots:{key}",
                           lambda: _sales_pivots(request, options), CACHE_SECONDS)


def _sales_pivots(request: HttpRequest, options: dict[str, Any]):
    """Units and revenue pivots for the chosen periods and rows (one query)."""
    period = options["period"]
    periods = reports.period_starts(period, options["end"], PERIOD_COUNT)
    cells = selectors.sales_by_period(
        organization=request.organization,
        period=period,
        group=options["group"],
        date_from=periods[0],
        date_to=reports.period_end(periods[-1], period),
    )
    missing = _("No category") if options["group"] == "category" else _("No channel")
    # The period holding today is not over: marked and kept out of the change %.
    in_progress = reports.period_end(periods[-1], period) >= timezone.localdate()
    pivots = {}
    for measure in ("units", "revenue"):
        pivots[measure] = reports.pivot_table(
            ((c.key, c.label or missing, c.period, getattr(c, measure)) for c in cells),
            periods, in_progress=in_progress,
        )
    # Units whose revenue is units × the list price (no amount recorded).
    pivots["estimated_units"] = sum(c.estimated_units for c in cells)
    return pivots


@member_required(read=Perm.VIEW)
def sales_report(request: HttpRequest) -> HttpResponse:
    """Weekly or monthly sales per product, category or channel, as a pivot."""
    form = SalesReportForm(request.GET or None)
    options = form.options()
    key = _report_key(request, options)
    pivots = _cached_pivots(request, options, key)
    context = {
        "report_key": key,  # the rendered table's fragment-cache key
        "form": form,
        "options": options,
        "pivot": pivots[options["measure"]],
        "revenue_estimated": options["measure"] == "revenue"
        and pivots.get("estimated_units", 0) != 0,
        "revenue_notice": _revenue_notice(request, pivots),
        "group_label": dict(GROUP_CHOICES)[options["group"]],
        "export_query": request.GET.urlencode(),
    }
    return render(request, "dashboard/sales_report.html", context)


def _revenue_notice(request: HttpRequest, pivots) -> str:
    """Whether (and how much of) the revenue is units × the list price."""
    return inventory_selectors.revenue_estimate_notice(
        estimated_units=pivots.get("estimated_units", 0),
        units=_number(pivots["units"].grand_total),
        demo=request.organization.is_demo)


def _period_label(start: dt.date, period: str) -> str:
    return start.strftime("%Y-%m") if period == reports.PERIOD_MONTH else start.isoformat()


def _pivot_sheet(title: str, pivot: reports.Pivot, options, group_label,
                 preamble: Sequence[Sequence[str]] = ()) -> xlsx.Sheet:
    header = [str(group_label)]
    header += [_period_label(p, options["period"]) for p in pivot.periods]
    if pivot.in_progress:
        header[-1] = _("%(period)s (in progress)") % {"period": header[-1]}
    header += [_("Total"), _("Change vs previous period (%)")]
    rows = [[row.label, *_numbers(row.values), _number(row.total), row.change_pct]
            for row in pivot.rows]
    total = [_("Total"), *_numbers(pivot.column_totals), _number(pivot.grand_total),
             pivot.column_changes[-1] if pivot.column_changes else None]
    return xlsx.Sheet(title=title, headers=header, rows=rows, footer=[total],
                      preamble=preamble, freeze_columns=1)


def _number(value: Decimal) -> int | float:
    """Excel numbers: whole values as int, the rest as float."""
    return int(value) if value == value.to_integral_value() else float(value)


def _numbers(values: Sequence[Decimal]) -> list[int | float]:
    return [_number(value) for value in values]


@member_required(read=Perm.VIEW)
def sales_report_export(request: HttpRequest) -> HttpResponse:
    """The sales pivot as an Excel file: one sheet of units, one of revenue."""
    options = SalesReportForm(request.GET or None).options()
    pivots = _cached_pivots(request, options, _report_key(request, options))
    group_label = dict(GROUP_CHOICES)[options["group"]]
    notice = _revenue_notice(request, pivots)
    # The revenue sheet names its basis, and says when part of it is estimated.
    basis = (_("Revenue in won: what customers paid for the order lines, else "
               "units × the product's selling price (estimated)") if notice
             else _("Revenue in won: what customers paid for the order lines"))
    revenue_label = _("%(rows)s · revenue (amount paid)") % {"rows": group_label}
    content = xlsx.workbook_bytes([
        _pivot_sheet(_("Units"), pivots["units"], options, group_label),
        _pivot_sheet(_("Revenue"), pivots["revenue"], options, revenue_label,
                     preamble=[[basis], *([[notice]] if notice else [])]),
    ])
    name = f"sales-{options['period']}-{options['group']}-{options['end']}.xlsx"
    return xlsx.xlsx_response(content, name)
