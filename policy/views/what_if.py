"""Policy what-if: what the current settings would have achieved on real sales."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.access import member_required
from accounts.roles import Perm
from inventory.forms import BootstrapMixin
from policy import selectors
from policy.services.what_if import policy_what_if


class WhatIfForm(BootstrapMixin, forms.Form):
    product = forms.ModelChoiceField(label=_("product"), queryset=None,
                                     empty_label=_("Choose a product"))

    def __init__(self, *args, organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = selectors.planning_products(
            organization=organization)


@member_required(read=Perm.VIEW)
def what_if(request: HttpRequest) -> HttpResponse:
    """?product=<id>: both modes replayed on the product's last 6 months."""
    organization = request.organization
    form = WhatIfForm(request.GET or None, organization=organization)
    result = None
    if request.GET.get("product"):
        if not form.is_valid():
            raise Http404  # another organization's product, or no such product
        result = policy_what_if(organization=organization,
                                product=form.cleaned_data["product"])
    return render(request, "policy/what_if.html", {"form": form, "result": result})
