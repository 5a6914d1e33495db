"""The order screen (what to order, how many, by when, why) and the order sheet."""

from __future__ import annotations

import hashlib
import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import member_required
from accounts.roles import Perm, role_has_perm
from inventory import selectors as inventory_selectors
from inventory.views._common import post_data
from policy import selectors
from policy.forms import PolicySettingsForm, RecommendationFilterForm
from policy.messages import render_messages
from policy.models import PolicySettings
from policy.selectors.order_screen import OrderScreenFilters, order_screen
from policy.services import settings as settings_services
from policy.services.order_sheet import XLSX_MIME, order_sheet_build
from smartstock import versions


def _filters(request: HttpRequest) -> tuple[RecommendationFilterForm,
                                           OrderScreenFilters]:
    organization = request.organization
    catalog = inventory_selectors.catalog_choices(organization=organization)
    form = RecommendationFilterForm(request.GET or None, suppliers=catalog.suppliers,
                                    categories=catalog.categories)
    data = form.cleaned_data if form.is_valid() else {}
    show = data.get("show") or OrderScreenFilters.urgency
    return form, OrderScreenFilters(
        search=(data.get("q") or "").strip(), supplier_id=data.get("supplier"),
        category_id=data.get("category"), urgency=show)


CACHE_SECONDS = 10 * 60
CSRF_PLACEHOLDER = "@@csrf-token@@"


def _groups_html(request: HttpRequest, filters: OrderScreenFilters,
                 may_manage: bool, version: str) -> tuple[str, object]:
    """The supplier groups, rendered once per data version, query and language.

    The key holds the planning data version (recommendations, ledger,
    settings, products), the purchasing version (orders, line edits) and the
    catalogue version (supplier and category edits), so
    the cached HTML never outlives its data; the per-user CSRF token is put in
    after the cache.
    """
    organization = request.organization
    purchasing = hashlib.sha1(
        selectors.purchasing_version(organization=organization).encode(),
        usedforsecurity=False).hexdigest()
    catalog = inventory_selectors.catalog_version(organization=organization)
    query = hashlib.sha256(repr(filters).encode()).hexdigest()[:24]
    key = (f"orders:{organization.pk}:{get_language()}:{int(may_manage)}:{version}:"
           f"{purchasing}:{catalog}:{query}")

    def compute() -> tuple[str, dict]:
        screen = order_screen(organization=organization, filters=filters)
        for group in screen.groups:
            for line in group.lines:
                line.reasons = render_messages(line.rec.messages)
        html = render_to_string("policy/_order_groups.html", {
            "screen": screen, "csrf_placeholder": CSRF_PLACEHOLDER},
            request=request)
        summary = {"as_of": screen.as_of, "cash_week": screen.cash_week,
                   "cash_month": screen.cash_month,
                   "missing_cost": screen.missing_cost,
                   "truncated": screen.truncated, "groups": len(screen.groups)}
        return html, summary

    html, summary = versions.cached(key, compute, CACHE_SECONDS)
    return mark_safe(html.replace(CSRF_PLACEHOLDER, escape(get_token(request)))), \
        summary  # noqa: S308 -- our own rendered template


@member_required(read=Perm.VIEW)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    """What to order, by supplier: lines, amounts, lateness, one action each."""
    organization = request.organization
    form, filters = _filters(request)
    may_manage = role_has_perm(request.membership.role, Perm.PURCHASE_MANAGE)
    version = selectors.dashboard_version(organization=organization)
    groups_html, screen = _groups_html(request, filters, may_manage, version)
    context = {
        "filter_form": form, "screen": screen, "as_of": screen["as_of"],
        "groups_html": groups_html,
        # The filter bar's fragment-cache key (its drop-downs list suppliers).
        "catalog_version": inventory_selectors.catalog_version(
            organization=organization),
        "counts": selectors.risk_figures_cached(organization=organization,
                                                version=version),
    }
    return render(request, "policy/recommendation_list.html", context)


@member_required(read=Perm.VIEW)
def order_sheet_download(request: HttpRequest) -> HttpResponse:
    """The order sheet (발주표) as .xlsx."""
    name, content = order_sheet_build(organization=request.organization)
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@member_required(read=Perm.VIEW, write=Perm.PURCHASE_MANAGE)
@require_POST
def order_sheet_email(request: HttpRequest) -> HttpResponse:
    """POST: email the order sheet to the purchasing contacts now."""
    from policy.tasks import order_sheet_email_task

    organization = request.organization
    if not organization.purchasing_emails.strip():
        messages.error(request, _("Add purchasing contacts in the organization "
                                  "settings first."))
        return redirect("policy:recommendation_list")
    # A token per click: one email per click, however often the task is delivered.
    order_sheet_email_task.delay(organization.pk, selectors.today().isoformat(),
                                 uuid.uuid4().hex)
    messages.success(request, _("The order sheet is being emailed to the "
                                "purchasing contacts."))
    return redirect("policy:recommendation_list")


@member_required(read=Perm.VIEW, write=Perm.POLICY_MANAGE)
def policy_settings(request: HttpRequest) -> HttpResponse:
    """The organization's replenishment settings and the two modes explained."""
    organization = request.organization
    current = selectors.policy_settings_get(organization=organization)
    form = PolicySettingsForm(post_data(request), instance=current)
    if request.method == "POST" and form.is_valid():
        settings_services.policy_settings_update(
            organization=organization, user=request.user, data=form.cleaned_data)
        messages.success(request, _("Replenishment settings saved; the "
                                    "recommendations are being recomputed."))
        data = form.cleaned_data
        if data["review_period_days"] < data["reorder_alert_window_days"]:
            messages.warning(request, _(
                "The review period (%(review)s days) is shorter than the reorder "
                "alert window (%(window)s days): each order covers less than the "
                "window, so a reorder alert will reappear right after every delivery."
            ) % {"review": data["review_period_days"],
                 "window": data["reorder_alert_window_days"]})
        return redirect("policy:policy_settings")
    context = {"form": form, "may_edit": _may(request, Perm.POLICY_MANAGE),
               "defaults": PolicySettings(),
               "policy_history": selectors.policy_history_list(organization=organization)}
    return render(request, "policy/policy_settings.html", context)


def _may(request: HttpRequest, perm: str) -> bool:
    from accounts.roles import role_has_perm

    return role_has_perm(request.membership.role, perm)
