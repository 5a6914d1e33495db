"""The data explorer: group, aggregate, pivot and chart a table; Excel export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import member_required
from accounts.roles import Perm
from dashboard import reports, selectors
from inventory import selectors as inventory_selectors
from inventory.forms import DATE_WIDGET, BootstrapMixin
from inventory.models import StockMovement
from smartstock import charts, xlsx

EXPLORER_ROW_LIMIT = 50_000


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
