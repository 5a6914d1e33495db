"""Reports: the sales pivot and the data explorer, each with an Excel export."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
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
from inventory.models import StockMovement
from policy import selectors as policy_selectors
from smartstock import charts, versions, xlsx

CACHE_SECONDS = 10 * 60
EXPLORER_ROW_LIMIT = 50_000
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


# -- data explorer ---------------------------------------------------------------
TABLE_LABELS = {
    "movements": gettext_lazy("Stock movements"),
    "products": gettext_lazy("Products"),
    "forecasts": gettext_lazy("Forecasts (latest per product)"),
    "recommendations": gettext_lazy("Order recommendations"),
}
AGGREGATE_CHOICES = [
    ("sum", gettext_lazy("Sum")),
    ("mean", gettext_lazy("Mean")),
    ("count", gettext_lazy("Count of rows")),
]
CHART_CHOICES = [("bar", gettext_lazy("Bar")), ("line", gettext_lazy("Line"))]


class ExplorerForm(BootstrapMixin, forms.Form):
    table = forms.ChoiceField(label=gettext_lazy("table"))
    date_from = forms.DateField(label=gettext_lazy("from"), required=False,
                                widget=DATE_WIDGET)
    date_to = forms.DateField(label=gettext_lazy("to"), required=False,
                              widget=DATE_WIDGET)
    sku = forms.CharField(label=gettext_lazy("SKU contains"), required=False,
                          max_length=64)
    category = forms.TypedChoiceField(label=gettext_lazy("category"), required=False,
                                      coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=gettext_lazy("movement kind"), required=False,
        choices=[("", gettext_lazy("All kinds")), *StockMovement.Kind.choices],
    )
    group_by = forms.CharField(label=gettext_lazy("group by"), max_length=40,
                               initial="month")
    then_by = forms.CharField(label=gettext_lazy("then by"), required=False,
                              max_length=40)
    pivot = forms.BooleanField(label=gettext_lazy("second group as columns"),
                               required=False)
    value = forms.CharField(label=gettext_lazy("value"), required=False, max_length=40,
                            initial="quantity")
    aggregate = forms.ChoiceField(label=gettext_lazy("aggregate"),
                                  choices=AGGREGATE_CHOICES, initial="sum")
    chart = forms.ChoiceField(label=gettext_lazy("chart"), choices=CHART_CHOICES,
                              required=False)

    def __init__(self, *args, category_choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        tables = selectors.explorer_tables()
        self.fields["table"].choices = [(t, TABLE_LABELS[t]) for t in tables]
        self.fields["category"].choices = [
            ("", _("All categories")), *category_choices
        ]

    def columns(self) -> dict[str, selectors.ExplorerColumn]:
        """The whitelisted columns of the chosen (or first) table."""
        table = self.data.get("table") or self.fields["table"].choices[0][0]
        return {c.name: c for c in selectors.EXPLORER_TABLES.get(table, ())}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        table = data.get("table")
        if not table:
            return data
        spec = {c.name: c for c in selectors.EXPLORER_TABLES[table]}
        for name in ("group_by", "then_by", "value"):
            column = data.get(name)
            if column and column not in spec:
                self.add_error(name, _(
                    "“%(column)s” is not a column of the %(table)s table. "
                    "Choose one of: %(columns)s."
                ) % {"column": column, "table": TABLE_LABELS[table],
                     "columns": ", ".join(spec)})
        value = data.get("value")
        if value in spec and not spec[value].numeric:
            self.add_error("value", _("Choose a numeric column to aggregate."))
        if data.get("aggregate") in ("sum", "mean") and not value:
            self.add_error("value", _("Choose the column to aggregate."))
        return data

    def filters(self) -> selectors.ExplorerFilters:
        data = self.cleaned_data
        return selectors.ExplorerFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sku_contains=(data.get("sku") or "").strip(),
            category_id=data.get("category"),
            kind=data.get("kind") or "",
        )


def _explorer_form(request: HttpRequest) -> ExplorerForm:
    categories = inventory_selectors.category_list(organization=request.organization)
    return ExplorerForm(
        request.GET or None,
        category_choices=list(categories.values_list("pk", "name")),
    )


def row_limit() -> int:
    """Source rows the explorer reads at most (setting REPORTS_EXPLORER_ROW_LIMIT)."""
    return int(getattr(settings, "REPORTS_EXPLORER_ROW_LIMIT", EXPLORER_ROW_LIMIT))


def _explore(request: HttpRequest, form: ExplorerForm) -> reports.Exploration | None:
    """Run the form's exploration; None with a form error when too many rows."""
    data = form.cleaned_data
    groups = [data["group_by"]] + ([data["then_by"]] if data.get("then_by") else [])
    value = data.get("value") if data["aggregate"] != "count" else None
    try:
        records = selectors.explorer_records(
            organization=request.organization,
            table=data["table"],
            columns=groups + ([value] if value else []),
            filters=form.filters(),
            limit=row_limit(),
        )
    except selectors.ExplorerTooManyRows as error:
        form.add_error(None, _(
            "The filters select more than %(limit)s rows. Narrow them (a shorter "
            "date range, a SKU or a category) and try again."
        ) % {"limit": f"{error.limit:,}"})
        return None
    return reports.explore(
        records, group_by=groups, value=value, aggregate=data["aggregate"],
        pivot=bool(data.get("pivot")),
    )


def _labels(form: ExplorerForm) -> dict[str, str]:
    return {name: str(column.label) for name, column in form.columns().items()}


@member_required(read=Perm.VIEW)
def explorer(request: HttpRequest) -> HttpResponse:
    """Group, aggregate, pivot and chart a table of the organization's data."""
    form = _explorer_form(request)
    result = _explore(request, form) if form.is_valid() else None
    labels = _labels(form)
    chart = ""
    value_label = ""
    if result is not None:
        data = form.cleaned_data
        value_label = (
            _("rows") if data["aggregate"] == "count"
            else f"{dict(AGGREGATE_CHOICES)[data['aggregate']]} "
                 f"{labels.get(data['value'], '')}"
        )
        figure = reports.exploration_chart(
            result, kind=data.get("chart") or "bar", value_label=value_label,
            labels=labels,
        )
        if figure is not None:
            traces, figure_layout = figure
            chart = charts.fragment("chart-explorer", traces,
                                    charts.layout(**figure_layout))
    context = {
        "form": form,
        "result": result,
        "headers": _headers(result, labels, value_label),
        "group_count": _group_count(result),
        "chart": chart,
        "filter_fields": [form[name] for name in FILTER_FIELDS],
        "option_fields": [form[name] for name in OPTION_FIELDS],
        "column_selects": _column_selects(form),
        "columns_by_table": {
            table: [[c.name, str(c.label), c.numeric] for c in columns]
            for table, columns in selectors.EXPLORER_TABLES.items()
        },
        "row_limit": f"{row_limit():,}",
        "export_query": request.GET.urlencode(),
    }
    return render(request, "dashboard/explorer.html", context)


FILTER_FIELDS = ("table", "date_from", "date_to", "sku", "category", "kind")
OPTION_FIELDS = ("pivot", "aggregate", "chart")
COLUMN_SELECTS = (
    ("group_by", gettext_lazy("group by"), "all", False),
    ("then_by", gettext_lazy("then by"), "all", True),
    ("value", gettext_lazy("value"), "numeric", True),
)


def _column_selects(form: ExplorerForm) -> list[dict[str, Any]]:
    """Menus of the chosen table's whitelisted columns, with the current choice."""
    columns = form.columns().values()
    selects = []
    for name, label, kind, blank in COLUMN_SELECTS:
        selected = form.data.get(name, form.fields[name].initial) if form.is_bound \
            else form.fields[name].initial
        selects.append({
            "name": name,
            "label": label,
            "kind": kind,
            "blank": blank,
            "selected": selected or "",
            "errors": form.errors.get(name, []) if form.is_bound else [],
            "options": [(c.name, c.label) for c in columns
                        if kind == "all" or c.numeric],
        })
    return selects


def _group_count(result: reports.Exploration | None) -> int:
    """Leading columns that are group labels (the rest are numbers)."""
    if result is None:
        return 0
    return 1 if result.series else len(result.columns) - 1


def _headers(result, labels: dict[str, str], value_label: str) -> list[str]:
    if result is None:
        return []
    if result.series:
        return [labels.get(result.columns[0], result.columns[0]), *result.series]
    return [labels.get(c, c) for c in result.columns[:-1]] + [value_label]


@member_required(read=Perm.VIEW)
def explorer_export(request: HttpRequest) -> HttpResponse:
    """The explorer's result table as an Excel file."""
    form = _explorer_form(request)
    result = _explore(request, form) if form.is_valid() else None
    if result is None:
        return explorer(request)
    data = form.cleaned_data
    labels = _labels(form)
    value_label = _("rows") if data["aggregate"] == "count" else labels[data["value"]]
    content = xlsx.workbook_bytes([xlsx.Sheet(
        title=str(TABLE_LABELS[data["table"]]),
        headers=_headers(result, labels, value_label),
        rows=[[_cell(value) for value in row] for row in result.rows],
    )])
    return xlsx.xlsx_response(content, f"explorer-{data['table']}.xlsx")


def _cell(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value
