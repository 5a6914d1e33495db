"""The product page's replenishment override form (POST only)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.access import member_required
from accounts.roles import Perm
from inventory import selectors as inventory_selectors
from inventory.views._common import get_or_404
from policy.forms import ProductPolicyForm
from policy.services.product_policy import product_policy_set


@member_required(read=Perm.POLICY_MANAGE, write=Perm.POLICY_MANAGE)
def product_policy_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Set or clear one product's mode / service level, then back to its page."""
    organization = request.organization
    product = get_or_404(inventory_selectors.product_get,
                         organization=organization, product_id=pk)
    if request.method != "POST":
        return redirect("inventory:product_detail", pk=product.pk)
    form = ProductPolicyForm(request.POST)
    if not form.is_valid():
        errors = [f"{form.fields[name].label}: {' '.join(texts)}" if name in
                  form.fields else " ".join(texts)
                  for name, texts in form.errors.items()]
        messages.error(request, _("The override was not saved. %(errors)s")
                       % {"errors": " ".join(errors)})
        return redirect("inventory:product_detail", pk=product.pk)
    policy = product_policy_set(
        organization=organization, product=product, user=request.user,
        mode=form.cleaned_data["mode"],
        service_level=form.cleaned_data["service_level"],
    )
    messages.success(request, _(
        "Product policy saved; the recommendations are being recomputed."
    ) if policy else _(
        "The product now follows the organization's policy; the recommendations "
        "are being recomputed."
    ))
    return redirect("inventory:product_detail", pk=product.pk)
