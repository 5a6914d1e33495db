"""The alert centre: filter, acknowledge, snooze until a date, resolve."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import member_required
from accounts.roles import Perm, role_has_perm
from inventory.views._common import get_or_404, paginate
from policy import selectors as policy_selectors
from policy.messages import render_message

from . import selectors, services
from .forms import AlertFilterForm, SnoozeForm


@member_required(read=Perm.VIEW)
def alert_list(request: HttpRequest) -> HttpResponse:
    """Alerts ranked by severity and money at stake, with filters."""
    form = AlertFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    alerts = selectors.alert_list(
        organization=request.organization,
        status=filters.get("status", "active") if filters else "active",
        kind=filters.get("kind", ""), severity=filters.get("severity", ""),
        search=(filters.get("q") or "").strip())
    # 25 rows: each row carries its own action forms, the costly part to render.
    page = paginate(request, alerts, per_page=25)
    page.object_list = [(alert, render_message(alert.message_template, alert.params))
                        for alert in page.object_list]
    context = {
        "filter_form": form, "page": page, "snooze_form": SnoozeForm(),
        "may_act": role_has_perm(request.membership.role, Perm.STOCK_RECORD),
        "counts": selectors.open_alert_counts(organization=request.organization),
        # The dashboard's definition (policy.selectors.risk_figures), not a second one.
        "risk": policy_selectors.risk_figures(organization=request.organization),
    }
    return render(request, "alerts/alert_list.html", context)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("alerts:alert_list")


def _act(request: HttpRequest, pk: int, action: Callable[..., object],
         done: str, **extra) -> HttpResponse:
    alert = get_or_404(selectors.alert_get, organization=request.organization,
                       alert_id=pk)
    try:
        action(organization=request.organization, alert=alert, user=request.user,
               **extra)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return _back(request)


@member_required(read=Perm.VIEW, write=Perm.STOCK_RECORD)
@require_POST
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: mark the alert as seen."""
    return _act(request, pk, services.alert_acknowledge, _("Alert acknowledged."))


@member_required(read=Perm.VIEW, write=Perm.STOCK_RECORD)
@require_POST
def alert_snooze(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: hide the alert until a date."""
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        get_or_404(selectors.alert_get, organization=request.organization,
                   alert_id=pk)
        messages.error(request, _("Choose the date until which to snooze."))
        return _back(request)
    return _act(request, pk, services.alert_snooze, _("Alert snoozed."),
                until=form.cleaned_data["until"])


@member_required(read=Perm.VIEW, write=Perm.STOCK_RECORD)
@require_POST
def alert_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: close the alert."""
    return _act(request, pk, services.alert_resolve, _("Alert resolved."))
