"""Forecast screens: list, per-product forecast, runs, overrides and events."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import member_required
from accounts.roles import Perm, role_has_perm
from inventory import selectors as inventory_selectors
from inventory.models import Product
from inventory.views._common import form_error, get_or_404, paginate, post_data

from . import charts, event_import, selectors
from .forms import (
    EventUploadForm,
    ForecastSearchForm,
    ModelChoiceForm,
    OverrideForm,
    PromotionEventForm,
)
from .services import accuracy as accuracy_services
from .services import events as event_services
from .services import overrides as override_services
from .services import rerun
from .services import runs as run_services

HISTORY_CHART_DAYS = 180
MAX_PROBLEMS_SHOWN = 200


def _product(request: HttpRequest, pk: int) -> Product:
    return get_or_404(
        inventory_selectors.product_get,
        organization=request.organization,
        product_id=pk,
    )


def _may_override(request: HttpRequest) -> bool:
    return role_has_perm(request.membership.role, Perm.FORECAST_OVERRIDE)


@member_required(read=Perm.VIEW)
def forecast_list(request: HttpRequest) -> HttpResponse:
    """Every active single product with its latest 30/60/90-day forecast."""
    search = ForecastSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    rows = selectors.forecast_list(organization=request.organization, search=query)
    latest_run = selectors.run_latest(organization=request.organization)
    context = {
        "search_form": search,
        "page": paginate(request, rows, per_page=100),
        "latest_run": latest_run,
        "sales_data_gap": selectors.run_sales_data_gap(run=latest_run),
    }
    return render(request, "forecasting/forecast_list.html", context)


def _detail_context(request: HttpRequest, product: Product, form=None) -> dict:
    organization = request.organization
    effective = selectors.effective_forecast(organization=organization, product=product)
    as_of = effective.forecast.as_of if effective else run_services.default_as_of()
    history = selectors.recent_history(
        organization=organization,
        product=product,
        as_of=as_of,
        days=HISTORY_CHART_DAYS,
    )
    events = selectors.events_for_product(
        organization=organization,
        product=product,
        date_from=as_of - dt.timedelta(days=HISTORY_CHART_DAYS),
        date_to=as_of + dt.timedelta(days=90),
    )
    context = {
        "product": product,
        "effective": effective,
        "chart": charts.forecast_chart(
            history=history, effective=effective, events=events
        ),
        "events": events,
        "stock_out_days": len(history.stock_out_dates),
        "overrides": selectors.override_list(
            organization=organization, product=product
        ),
        "override_history": selectors.override_history(
            organization=organization, product=product
        ),
        "may_override": _may_override(request),
        "rerun": rerun.rerun_state(organization=organization, product_id=product.pk),
        "rerun_active": rerun.ACTIVE,
        "override_form": form or (OverrideForm() if _may_override(request) else None),
    }
    if effective is not None:
        context["metric_columns"], context["metric_rows"] = selectors.backtest_table(
            effective.forecast
        )
    return context


@member_required(read=Perm.VIEW)
def forecast_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One product: chart with band, totals, method, backtest, overrides."""
    product = _product(request, pk)
    return render(
        request, "forecasting/forecast_detail.html", _detail_context(request, product)
    )


@member_required(read=Perm.VIEW, write=Perm.FORECAST_OVERRIDE)
def forecast_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: queue "forecast again now" for this product (a background task).

    The request never runs the forecasting engine: the worker does, and the
    product's page shows the progress until it has finished.
    """
    product = _product(request, pk)
    if request.method == "POST":
        if product.is_set or not product.is_active:
            messages.error(request, _("Only active single products are forecast."))
        elif rerun.product_rerun_request(organization=request.organization,
                                         product_id=product.pk,
                                         user_id=request.user.pk):
            messages.info(request, _("Forecasting this product again: the page "
                                     "updates when it is done."))
        else:
            messages.info(request, _("This product is already being forecast."))
    return redirect("forecasting:forecast_detail", pk=product.pk)


@member_required(read=Perm.VIEW)
def forecast_rerun_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The progress of "forecast again now", polled by the product's page."""
    product = _product(request, pk)
    state = rerun.rerun_state(organization=request.organization,
                              product_id=product.pk) or {}
    labels = {rerun.QUEUED: _("Waiting for a worker"), rerun.RUNNING: _("Forecasting"),
              rerun.DONE: _("Done"), rerun.FAILED: _("The forecast failed")}
    return JsonResponse({
        "state": state.get("state", ""), "label": str(labels.get(state.get("state"),
                                                                  "")),
        "message": state.get("message", ""),
        "finished": state.get("state") not in rerun.ACTIVE,
    })


@member_required(read=Perm.VIEW)
def run_list(request: HttpRequest) -> HttpResponse:
    """Forecast runs with status, timings and failures."""
    page = paginate(request, selectors.run_list(organization=request.organization))
    return render(request, "forecasting/run_list.html", {"page": page})


@member_required(read=Perm.FORECAST_OVERRIDE, write=Perm.FORECAST_OVERRIDE)
def override_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Override the product's forecast (reason required); errors re-render the form."""
    product = _product(request, pk)
    form = OverrideForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            override_services.forecast_override_set(
                organization=request.organization,
                product=product,
                user=request.user,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Forecast override saved."))
            return redirect("forecasting:forecast_detail", pk=product.pk)
    context = {"product": product, "form": form}
    return render(request, "forecasting/override_form.html", context)


@member_required(read=Perm.FORECAST_OVERRIDE, write=Perm.FORECAST_OVERRIDE)
def override_revert(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: deactivate the override (kept in the history); GET goes to the product."""
    override = get_or_404(
        selectors.override_get, organization=request.organization, override_id=pk
    )
    if request.method == "POST":
        override_services.forecast_override_revert(
            organization=request.organization, override=override, user=request.user
        )
        messages.success(request, _("Override reverted; the model's forecast applies."))
    return redirect("forecasting:forecast_detail", pk=override.product_id)


@member_required(read=Perm.VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    """Planned and past promotions and channel events."""
    organization = request.organization
    form = None
    if _may_override(request):
        form = PromotionEventForm(organization=organization)
    page = paginate(request, selectors.event_list(organization=organization))
    return render(request, "forecasting/event_list.html", {"page": page, "form": form})


@member_required(read=Perm.FORECAST_OVERRIDE, write=Perm.FORECAST_OVERRIDE)
def event_create(request: HttpRequest) -> HttpResponse:
    """Add an event for a product, a category or every product."""
    organization = request.organization
    form = PromotionEventForm(post_data(request), organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            event_services.promotion_event_create(
                organization=organization, user=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Event saved; the next forecast uses it."))
            return redirect("forecasting:event_list")
    return render(request, "forecasting/event_form.html", {"form": form})


@member_required(read=Perm.FORECAST_OVERRIDE, write=Perm.FORECAST_OVERRIDE)
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: delete the event; GET goes back to the list."""
    event = get_or_404(
        selectors.event_get, organization=request.organization, event_id=pk
    )
    if request.method == "POST":
        event_services.promotion_event_delete(
            organization=request.organization, event=event
        )
        messages.success(request, _("Event deleted."))
    return redirect("forecasting:event_list")


def _problem_rows(problems: list[event_import.Problem]) -> list[dict]:
    """Problems in the active language: row, column label and message."""
    rows = []
    for item in problems[:MAX_PROBLEMS_SHOWN]:
        template = _(item.message)
        try:
            text = template % dict(item.params) if item.params else template
        except (KeyError, TypeError, ValueError):  # a broken translation
            text = item.text()
        label = event_import.FIELD_LABELS.get(item.column, item.column)
        rows.append({"row": item.row, "column": _(label), "message": text})
    return rows


def _refusal_text(refusal: event_import.EventFileRefused) -> str:
    template = _(refusal.message)
    try:
        return template % refusal.params if refusal.params else template
    except (KeyError, TypeError, ValueError):
        return str(refusal)


@member_required(read=Perm.FORECAST_OVERRIDE, write=Perm.FORECAST_OVERRIDE)
def event_upload(request: HttpRequest) -> HttpResponse:
    """Upload a CSV/.xlsx calendar of events: every row is written, or none."""
    form = EventUploadForm(post_data(request), request.FILES or None)
    problems: list[event_import.Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = event_import.parse_event_file(
                upload.read(event_import.MAX_BYTES + 1), upload.name
            )
            created = event_services.events_import(
                organization=request.organization, rows=rows, user=request.user
            )
        except event_import.EventFileRefused as refusal:
            form.add_error("file", _refusal_text(refusal))
        except event_import.EventRowsInvalid as invalid:
            problems = invalid.problems
        else:
            messages.success(
                request,
                _("%(count)s events imported; the next forecast uses them.")
                % {"count": len(created)},
            )
            return redirect("forecasting:event_list")
    context = {
        "form": form,
        "problems": _problem_rows(problems),
        "problem_count": len(problems),
        "hidden_count": max(len(problems) - MAX_PROBLEMS_SHOWN, 0),
    }
    return render(request, "forecasting/event_upload.html", context)


# -- reports: accuracy, actual vs forecast ---------------------------------------
@member_required(read=Perm.VIEW, write=Perm.SETTINGS_MANAGE)
def model_settings(request: HttpRequest) -> HttpResponse:
    """Choose the forecasting models; each with its expected run time and accuracy.

    Reads stored results only: the accuracy is the latest run's backtest on the
    organization's own data, the time an estimate from the product count.
    """
    from .engine.types import EngineConfig
    from .model_catalog import CATALOG, expected_seconds
    from .services import model_choice as choice_services

    organization = request.organization
    chosen = selectors.model_choice(organization=organization)
    default = list(EngineConfig().models)
    if request.method == "POST":
        form = ModelChoiceForm(request.POST)
        if form.is_valid():
            try:
                choice_services.model_choice_save(
                    organization=organization,
                    model_names=form.cleaned_data["models"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The next forecast run uses these models."))
                return redirect("forecasting:model_settings")
    else:
        form = ModelChoiceForm(initial={"models": chosen or default})
    products = selectors.forecastable_count(organization=organization)
    backtest = accuracy_services.backtest_report(organization=organization)
    measured = {row.label: row for row in backtest.models} if backtest else {}
    selected = set(form["models"].value() or [])
    rows = [
        {
            "info": info,
            "selected": info.name in selected,
            "default": info.name in default,
            "seconds": expected_seconds([info.name], products),
            "accuracy": measured.get(info.name),
        }
        for info in CATALOG
    ]
    context = {
        "form": form,
        "rows": rows,
        "products": products,
        "total_seconds": expected_seconds(chosen or default, products),
        "using_default": chosen is None,
        "backtest": backtest,
        "ensemble": measured.get("ensemble"),
    }
    return render(request, "forecasting/model_settings.html", context)
