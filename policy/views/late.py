"""A late recommendation's options: expedite, split across suppliers, or accept."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import member_required
from accounts.roles import Perm
from inventory import selectors as inventory_selectors
from inventory.views._common import get_or_404
from policy import lateness, selectors
from policy.models import Recommendation
from policy.selectors.late import plan_inputs
from policy.services.late_orders import LatePart, po_create_for_late

_CONTROL = {"class": "form-control"}


class ExpediteForm(forms.Form):
    lead_time = forms.IntegerField(
        label=gettext_lazy("Lead time the supplier agreed to (days)"), min_value=0,
        max_value=365, widget=forms.NumberInput(attrs=_CONTROL))


class SplitForm(forms.Form):
    split_supplier = forms.TypedChoiceField(label=gettext_lazy("Faster supplier"),
                                            coerce=int,
                                            widget=forms.Select(
                                                attrs={"class": "form-select"}))
    split_lead_time = forms.IntegerField(
        label=gettext_lazy("Its lead time (days)"), min_value=0, max_value=365,
        required=False, widget=forms.NumberInput(attrs=_CONTROL),
        help_text=gettext_lazy("Filled in from the supplier's lead time; change it "
                               "if the supplier quoted another."))

    def __init__(self, *args, suppliers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lead_times = {s.pk: s.lead_time_days for s in suppliers}
        self.fields["split_supplier"].choices = [(s.pk, s.name) for s in suppliers]
        # static/js/late_options.js copies the chosen supplier's lead time in.
        self.fields["split_supplier"].widget.attrs["data-lead-time-into"] = \
            "id_split_lead_time"
        fastest = min((s for s in suppliers if s.lead_time_days is not None),
                      key=lambda s: s.lead_time_days, default=None)
        if not self.is_bound and fastest is not None:
            self.initial = {"split_supplier": fastest.pk,
                            "split_lead_time": fastest.lead_time_days}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("split_supplier") is not None \
                and data.get("split_lead_time") is None:
            known = self.lead_times.get(data["split_supplier"])
            if known is None:
                self.add_error("split_lead_time", _(
                    "This supplier has no lead time: enter the one it quoted."))
            else:
                data["split_lead_time"] = known
        return data


def _recommendation(request: HttpRequest, pk: int) -> Recommendation:
    return get_or_404(selectors.recommendation_get, organization=request.organization,
                      recommendation_id=pk)


def _arrival(rec: Recommendation, days: int) -> dt.date:
    return rec.as_of + dt.timedelta(days=days)


@member_required(read=Perm.PURCHASE_MANAGE, write=Perm.PURCHASE_MANAGE)
def late_options(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the three options, recomputed for the lead times typed in; POST: act."""
    organization = request.organization
    rec = _recommendation(request, pk)
    settings = selectors.policy_settings_get(organization=organization)
    plan = plan_inputs(rec, review_period_days=float(settings.review_period_days))
    others = [s for s in inventory_selectors.supplier_list(organization=organization)
              if s.pk != rec.product.supplier_id]
    data = request.POST if request.method == "POST" else request.GET
    expedite_form = ExpediteForm(data if "lead_time" in data else None)
    split_form = SplitForm(data if "split_supplier" in data else None,
                           suppliers=others)
    expedited = (lateness.expedite(plan, lead_time_days=expedite_form.cleaned_data[
        "lead_time"]) if expedite_form.is_valid() else None)
    split = None
    if split_form.is_valid():
        split = lateness.split(plan, fast_lead_time_days=split_form.cleaned_data[
            "split_lead_time"])
    if request.method == "POST":
        fast = next((s for s in others if split_form.is_valid()
                     and s.pk == split_form.cleaned_data["split_supplier"]), None)
        response = _act(request, rec, request.POST.get("choice", ""), plan,
                        expedited, split, fast)
        if response is not None:
            return response
    context = {
        "rec": rec, "product": rec.product, "current": lateness.assess(plan),
        # The order screen's quantity and due date (a draft's units when drafted).
        "to_order": selectors.to_order(rec, selectors.draft_quantities(
            organization=organization)),
        "expedite_form": expedite_form, "expedited": expedited,
        "split_form": split_form, "split": split, "others": others,
        "split_lead_times": {str(pk): days for pk, days in split_form.lead_times.items()
                             if days is not None},
    }
    return render(request, "policy/late_options.html", context)


def _act(request, rec, choice, plan, expedited, split, fast):
    """Create the draft lines of the chosen option; None to show the page again."""
    supplier = rec.product.supplier
    if supplier is None:
        messages.error(request, _("Set a supplier on this product first."))
        return None
    current = lateness.assess(plan)
    if choice == "accept":
        parts = [LatePart(supplier, rec.recommended_quantity, current.arrival)]
        reason = _("Late order accepted: stock-out of %(days)s days") % {
            "days": current.days_without_stock}
    elif choice == "expedite" and expedited is not None:
        parts = [LatePart(supplier, expedited.quantity_units, expedited.arrival)]
        reason = _("Expedited: lead time %(days)s days") % {
            "days": expedited.lead_time_days}
    elif choice == "split" and split is not None and fast is not None:
        parts = [LatePart(fast, split.fast_quantity_units, split.fast.arrival),
                 LatePart(supplier, split.usual_quantity_units, split.usual_arrival)]
        reason = _("Split across suppliers (late order)")
    else:
        messages.error(request, _("Enter the lead time first, then choose."))
        return None
    try:
        orders = po_create_for_late(organization=request.organization,
                                    user=request.user, recommendation=rec,
                                    parts=parts, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, _("Draft purchase order ready: check it, then approve "
                                "and send."))
    return redirect("policy:po_detail", pk=orders[-1].pk)
