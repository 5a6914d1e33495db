"""The "API keys" page (masters): create (shown once), list, revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import member_required
from accounts.roles import Perm
from inventory.views._common import form_error, get_or_404, post_data

from . import selectors, services
from .forms import ApiKeyForm


@member_required(read=Perm.MEMBERS_MANAGE, write=Perm.MEMBERS_MANAGE)
def api_key_list(request: HttpRequest) -> HttpResponse:
    """The keys of the organization; POST creates one and shows it once."""
    organization = request.organization
    form = ApiKeyForm(post_data(request))
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_key_create(
                organization=organization, created_by=request.user,
                name=form.cleaned_data["name"], role=form.cleaned_data["role"],
                expires_at=form.expires_at())
        except ValidationError as error:
            form_error(form, error)
        else:
            form = ApiKeyForm()
    context = {
        "form": form, "issued": issued,
        "keys": selectors.api_key_list(organization=organization),
    }
    response = render(request, "api/api_key_list.html", context)
    response["Cache-Control"] = "no-store"  # the page may hold a new key
    return response


@member_required(read=Perm.MEMBERS_MANAGE, write=Perm.MEMBERS_MANAGE)
def api_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: revoke the key now; GET goes back to the list."""
    api_key = get_or_404(selectors.api_key_get, organization=request.organization,
                         key_id=pk)
    if request.method == "POST":
        services.api_key_revoke(organization=request.organization, api_key=api_key)
        messages.success(request, _("The key %(name)s was revoked.")
                         % {"name": api_key.name})
    return redirect("api_keys:api_key_list")
