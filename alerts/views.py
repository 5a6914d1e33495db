"""The alert centre: filter, acknowledge, snooze until a date, resolve."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import member_required
from accounts.roles import Perm, role_has_perm
from inventory.views._common import get_or_404, paginate
from policy import selectors as policy_selectors
from policy.messages import render_message
from smartstock import versions

from . import selectors, services
from .forms import AlertFilterForm, SnoozeForm

CACHE_SECONDS = 10 * 60
CSRF_PLACEHOLDER = "@@csrf-token@@"


def _table_html(request: HttpRequest, alerts, may_act: bool, version: str) -> str:
    """The table and pager, rendered once per alert/product version and query.

    The key holds the alerts' version (every write stamps a time), the products'
    and plans' version (names, SKUs), the language, the role's right to act and
    the full query (filters, page); the per-user CSRF token is put in after
    the cache, as on the order screen.
    """
    organization = request.organization
    query = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:24]
    key = (f"alerts:table:{organization.pk}:{get_language()}:{int(may_act)}:"
           f"{selectors.alerts_version(organization=organization)}:"
           f"{version}:{query}")
    def compute() -> str:
        # 25 rows: each row carries its own action forms, the costly part to render.
        page = paginate(request, alerts, per_page=25)
        page.object_list = [(alert, render_message(alert.message_template,
                                                   alert.params))
                            for alert in page.object_list]
        return render_to_string("alerts/_alert_table.html", {
            "page": page, "may_act": may_act,
            "csrf_placeholder": CSRF_PLACEHOLDER}, request=request)

    html = versions.cached(key, compute, CACHE_SECONDS)
    return mark_safe(html.replace(CSRF_PLACEHOLDER, escape(get_token(request))))  # noqa: S308 -- our own rendered template


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
    may_act = role_has_perm(request.membership.role, Perm.STOCK_RECORD)
    version = policy_selectors.dashboard_version(organization=request.organization)
    context = {
        "filter_form": form, "snooze_form": SnoozeForm(), "may_act": may_act,
        "table_html": _table_html(request, alerts, may_act, version),
        "counts": selectors.open_alert_counts_cached(organization=request.organization),
        # The dashboard's definition (policy.selectors.risk_figures), not a second one.
        "risk": policy_selectors.risk_figures_cached(
            organization=request.organization, version=version),
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
