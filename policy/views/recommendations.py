"""The order screen (what to order, how many, by when, why) and the order sheet."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import member_required
from accounts.roles import Perm
from inventory import selectors as inventory_selectors
from inventory.views._common import paginate, post_data
from policy import selectors
from policy.forms import PolicySettingsForm, RecommendationFilterForm
from policy.messages import render_messages
from policy.models import PolicySettings, Recommendation
from policy.services import settings as settings_services
from policy.services.order_sheet import XLSX_MIME, order_sheet_build

SOON_DAYS = 14


@dataclass(frozen=True)
class Row:
    rec: Recommendation
    order_quantity: int
    reasons: list[str]


def _filters(request: HttpRequest) -> tuple[RecommendationFilterForm, dict]:
    suppliers = inventory_selectors.supplier_list(organization=request.organization)
    form = RecommendationFilterForm(request.GET or None, suppliers=suppliers)
    data = form.cleaned_data if form.is_valid() else {}
    show = data.get("show") or "order"
    return form, {
        "search": (data.get("q") or "").strip(), "supplier_id": data.get("supplier"),
        "only_to_order": show == "order",
        "within_days": SOON_DAYS if show == "soon" else None,
    }


@member_required(read=Perm.VIEW)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    """What to order, how many and by when, each with its reason."""
    organization = request.organization
    form, filters = _filters(request)
    page = paginate(request, selectors.recommendation_list(
        organization=organization, **filters), per_page=100)
    drafted = selectors.draft_quantities(organization=organization)
    page.object_list = [
        Row(rec, drafted.get(rec.product_id, rec.recommended_quantity),
            render_messages(rec.messages))
        for rec in page.object_list
    ]
    context = {
        "filter_form": form, "page": page,
        "as_of": selectors.recommendation_latest_as_of(organization=organization),
        "drafted": drafted,
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
